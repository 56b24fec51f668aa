"""Word counts (and so reading times) in any script: Arabic with its vowel marks,
Persian with its half space, Devanagari with its vowel signs (articles.text_policy)."""

import pytest

from articles.text_policy import derive_body


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("كَتَبَ الوَلَدُ الدَّرْسَ", 3),  # vowel marks stay inside their word
        ("كتب الولد الدرس", 3),
        ("نمی‌خواهم بروم", 2),  # Persian half space (ZWNJ) inside a word
        ("नमस्ते दुनिया", 2),  # Devanagari vowel signs
        ("al-Assad's 2021 visit", 3),  # ASCII: counted by the fast path
        ("al-Assad’s 2021 visit, ok", 4),  # the same words, not ASCII
        ("Ships_queue - 'quoted' x--y", 4),
    ],
)
def test_words_are_counted_in_any_script(text, words):
    assert derive_body(f"<p>{text}</p>").word_count == words
