"""Word counts and reading time in Arabic and Spanish (issue 14)."""

import pytest

from articles.models.article import READING_SPEEDS, reading_minutes
from articles.text_policy import derive_body
from tests.factories import ArticleFactory

# One sentence, 8 words, written with and without its vowel marks (harakat), a shadda
# and a tatweel (ـ): the marks are combining characters Python's \w does not match.
PLAIN = "ذهب الولد إلى المدرسة صباحا وقـــال للمعلم شكرا"
VOWELLED = "ذَهَبَ الوَلَدُ إِلَى المَدْرَسَةِ صَبَاحًا وقـــالَ لِلْمُعَلِّمِ شُكْرًا"


@pytest.mark.parametrize("text", [PLAIN, VOWELLED], ids=["plain", "vowelled"])
def test_arabic_words_are_counted_whole_with_or_without_vowel_marks(text):
    assert derive_body(f"<p>{text}</p>").word_count == 8


def test_a_vowelled_body_counts_as_its_plain_twin():
    assert (
        derive_body(f"<p>{VOWELLED}</p><p>{VOWELLED}</p>").word_count
        == derive_body(f"<p>{PLAIN}</p><p>{PLAIN}</p>").word_count
    )


def test_other_scripts_marks_stay_inside_their_words_too():
    assert derive_body("<p>café naïve नमस्ते दुनिया al-Assad's</p>").word_count == 5


def test_reading_time_follows_the_languages_reading_speed():
    assert reading_minutes(450, "en") == 3  # the seed page's "3 Min Read"
    assert reading_minutes(450, "ar") == 4  # 450 / 121
    assert reading_minutes(450, "es") == 3
    assert reading_minutes(450, "es-MX") == reading_minutes(450, "es")
    assert reading_minutes(450, "fr") == 3  # unlisted: English speed
    assert reading_minutes(0, "ar") == 1
    assert READING_SPEEDS["ar"] < READING_SPEEDS["es"] < READING_SPEEDS["en"]


@pytest.mark.django_db
def test_an_arabic_article_saves_its_arabic_reading_time():
    body = f"<p>{' '.join([VOWELLED] * 50)}</p>"  # 400 words
    article = ArticleFactory(body=body, language="ar")
    assert (article.word_count, article.reading_time) == (400, 4)
    english = ArticleFactory(body=body, language="en")
    assert english.reading_time == 2
