"""Where the importer calls the text policy of ``articles.sanitize``: each rule in one place.

The shortcuts give exactly what the sanitiser gives (tests/ingest/test_import_jsonl.py
checks it against the model), only without its cost for text that needs no cleaning.
"""

import hashlib
import math
import re
import unicodedata

from bleach.linkifier import URL_RE

from articles.models.article import WORDS_PER_MINUTE
from articles.sanitize import plain_text

# Characters the HTML parser inside the sanitiser rewrites (it drops NUL, turns others into "?").
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def plain(value):
    """``plain_text`` without its cost for the usual case of text with no markup in it."""
    value = value or ""
    if "<" in value or "&" in value or _CONTROL.search(value):
        return plain_text(value)
    return unicodedata.normalize("NFC", " ".join(value.split()))


# Bodies of this shape come out of clean_body() exactly as they go in (checked against
# the sanitiser in tests/test_import_jsonl.py): paragraphs and headings of plain text
# with simple emphasis, nothing a linkifier would touch.
_TEXT = r"[^<>&\x00-\x08\x0b-\x1f\x7f]"
_PLAIN_BODY = re.compile(rf"(?:<(p|h2|h3|h4)>(?:{_TEXT}|<(strong|em|b|i)>{_TEXT}*</\2>)*</\1>\n?)+")


# Every address the linkifier finds has a dot right before a letter ("example.com");
# text without one cannot hold an address, and the full pattern is slow.
_DOT_LETTER = re.compile(r"\.[^\W\d_]")
_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption)>|<br\s*/?>")
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def body_is_clean(body):
    """Whether ``clean_body(body) == body``, decided without running the sanitiser."""
    if not body:
        return True
    return (
        body == body.strip()
        and _PLAIN_BODY.fullmatch(body) is not None
        and unicodedata.is_normalized("NFC", body)
        and (_DOT_LETTER.search(body) is None or URL_RE.search(body) is None)
    )


def derive(article):
    """``Article.compute_derived()``, skipping the sanitiser where it provably changes nothing
    (it costs ~2 ms an article, more than everything else an import does)."""
    if not body_is_clean(article.body):
        article.compute_derived()
        return
    # The same results as sanitize.html_to_text() and count_words(): a clean body of this
    # shape has no entities and no ">" in its text, so a regex strips its tags exactly.
    article.headline = plain(article.headline)
    article.standfirst = plain(article.standfirst)
    text = _TAG.sub("", _BLOCK_END.sub("\n", article.body))
    article.body_text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    article.word_count = len(_WORD.findall(_TAG.sub("", article.body)))
    article.reading_time = max(1, math.ceil(article.word_count / WORDS_PER_MINUTE))


def ticker_identity(text):
    """The identity of a ticker line that comes without one: ``ticker:`` and 24 hex digits
    of the sha256 of its casefolded text (``text`` is already normalised to one line)."""
    return f"ticker:{hashlib.sha256(text.casefold().encode()).hexdigest()[:24]}"
