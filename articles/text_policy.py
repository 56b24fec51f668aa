"""The text policy: the one module that knows what markup and characters readers may get.

Every rule about text lives here once, and every other module asks it:

- **HTML** (``clean_body``): whatever an editor, an importer or an API sends comes out
  as the small vocabulary a news article needs (bleach is the sanitiser). Scripts,
  event handlers, styles, iframes, forms, SVG and any URL that is not http(s)/mailto
  are removed. Article bodies and live updates are cleaned when saved (the models);
  flatpages are cleaned when saved (``articles.signals``) and again when rendered
  (``reader_html``), because pages stored before that rule, or changed outside the
  admin, may hold anything.
- **Derived text** (``derive_body``): a body's clean HTML, its visible text and its word
  count, with a shortcut for bodies the sanitiser provably leaves as they are.
- **HTML to text** (``html_to_text``): the visible text of HTML, as lines (body text,
  search, revision diffs) or as one line (headline, standfirst, ticker, names).
- **Control characters** (``has_control_characters``): which characters are never text.
"""

import html as html_lib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import bleach
from bleach.linkifier import URL_RE, Linker
from bleach.sanitizer import INVISIBLE_CHARACTERS, INVISIBLE_REPLACEMENT_CHAR
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

# --- control characters -------------------------------------------------------------

# The one control-character rule: the C0 controls other than tab, line feed and carriage
# return. They are what bleach's parser cannot keep (it shows them as "?" and html5lib
# drops NUL), and PostgreSQL refuses NUL in a text column: none of them is ever text.
CONTROL_CHARACTERS = INVISIBLE_CHARACTERS
_CONTROL = re.compile(f"[{re.escape(CONTROL_CHARACTERS)}]")
# A whole import file is judged as a file, not as a text field (ingest.formats.detect):
# - a form feed is a page break, which text dumps of printed pages carry: no sign of binary;
# - DEL is no text anyone writes, and a sign of binary data in a file.
DOCUMENT_CONTROL_CHARACTERS = CONTROL_CHARACTERS.replace("\f", "") + "\x7f"
_DOCUMENT_CONTROL = re.compile(f"[{re.escape(DOCUMENT_CONTROL_CHARACTERS)}]")


def has_control_characters(text, *, document=False):
    """Whether ``text`` (str) holds a control character: a value (a JSON field, a form
    field) must not; with ``document=True``, the rule for a whole file read as text."""
    return (_DOCUMENT_CONTROL if document else _CONTROL).search(text) is not None


def _replace_control_characters(text):
    # What the sanitiser does to them, so text and HTML fields agree.
    return _CONTROL.sub(INVISIBLE_REPLACEMENT_CHAR, text.replace("\x00", ""))


# --- HTML -------------------------------------------------------------------------

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "a",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "blockquote",
        "figure",
        "figcaption",
        "img",
        "hr",
        "cite",
        "q",
        "code",
        "pre",
        "span",
    }
)


def _allowed_attribute(tag, name, value):
    if tag == "a":
        return name in {"href", "title", "rel", "target"}
    if tag == "img":
        return name in {"src", "alt", "width", "height", "title"}
    if tag == "blockquote":
        # Embedded tweets keep their marker class so the page can style them.
        return (name == "class" and value == "twitter-tweet") or name in {"cite", "lang"}
    if tag in {"p", "span"}:
        return name == "lang" or name == "dir"
    return False


ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)
# Tags whose *content* must vanish too, not just the tag (bleach strips tags only).
_DROP_WITH_CONTENT = re.compile(
    r"<(script|style|iframe|object|embed|svg|math|template|noscript|form|select|textarea|title)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
# An unclosed script or style swallows the rest of the document in a browser: its
# "content" is code, never article text, so it goes too instead of showing as text.
_DROP_UNCLOSED = re.compile(r"<(script|style)\b.*\Z", re.IGNORECASE | re.DOTALL)


def _drop_active_content(html):
    return _DROP_UNCLOSED.sub("", _DROP_WITH_CONTENT.sub("", html))


def _site_host():
    return urlsplit(settings.SITE_URL).hostname or ""


def _link_rel(attrs, new=False):
    href = attrs.get((None, "href"), "")
    host = urlsplit(href).hostname
    if host and host != _site_host():
        attrs[(None, "rel")] = "noopener noreferrer nofollow"
    else:
        attrs.pop((None, "target"), None)
    if attrs.get((None, "target")) not in (None, "_blank"):
        attrs.pop((None, "target"), None)
    return attrs


_linker = Linker(callbacks=[_link_rel], skip_tags={"pre", "code"}, parse_email=False)


def clean_body(html):
    """Return ``html`` (str or None) reduced to the article body policy: a str that is safe
    to render unescaped, NFC-normalised, with external links marked nofollow."""
    if not html:
        return ""
    html = unicodedata.normalize("NFC", html)
    previous = None
    # Repeat until stable: stripping one layer must never assemble a new dangerous tag.
    while previous != html:
        previous = html
        html = _drop_active_content(html)
        html = _cleaner.clean(html)
    html = _linker.linkify(html)
    # img must point at http(s) only; bleach already dropped other protocols, but a
    # relative src is fine (our own media); an empty img is useless.
    html = re.sub(r"<img(?![^>]*\bsrc=)[^>]*>", "", html)
    return html.strip()


def reader_html(html):
    """``html`` cleaned by ``clean_body`` and marked safe for a template: for HTML that was
    not cleaned when it was stored (flatpages), at the cost of a sanitiser run."""
    return mark_safe(clean_body(html))  # noqa: S308 -- cleaned on the line above


def stored_html(html):
    """``html`` marked safe for a template, for the fields the models clean on every save
    (``Article.body``, ``LiveUpdate.body``): the sanitiser does not run again per request."""
    return mark_safe(html or "")  # noqa: S308 -- cleaned by clean_body() when saved


# --- HTML to text -------------------------------------------------------------------

# Where a line of visible text ends.
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption)>|<br\s*/?>")
# A one-line value without these holds no markup, entity or control character to read.
_NEEDS_PARSING = re.compile(f"[<&{re.escape(CONTROL_CHARACTERS)}]")


def html_to_text(value, *, one_line=False):
    """The visible text of ``value`` (HTML, or text that may hold markup; None is "").

    Script-like elements go with their content, tags go, entities are decoded once and
    control characters become what the sanitiser makes of them. Blocks (paragraphs,
    headings, list items, quotes, captions, line breaks) end lines; empty lines go.
    ``one_line=True`` folds all whitespace to single spaces, for a plain-text field
    (headline, standfirst, ticker line, a name). The result is NFC-normalised.
    """
    if not value:
        return ""
    text = value
    if _NEEDS_PARSING.search(text):
        text = _BLOCK_END.sub("\n", _drop_active_content(text))
        text = _replace_control_characters(html_lib.unescape(strip_tags(text)))
    if one_line:
        return unicodedata.normalize("NFC", " ".join(text.split()))
    return _visible_lines(text)


def _visible_lines(text):
    # Taking tags out may put a combining mark next to the letter it composes with.
    lines = (line.strip() for line in text.splitlines())
    return unicodedata.normalize("NFC", "\n".join(line for line in lines if line))


# A word: letters or digits, with inner apostrophes or hyphens ("al-Assad", "Putin's").
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def _count_words(text):
    # Counted in the visible text: tags and entities are no words, and blocks do not run together.
    return len(_WORD.findall(text))


# --- derived body -------------------------------------------------------------------

# Bodies of this shape come out of clean_body() exactly as they go in (the differential
# test in tests/articles/test_text_policy.py checks it): paragraphs and headings of plain
# text with simple emphasis, nothing a linkifier would touch. CR is out because the
# parser turns it into LF.
_TEXT = f"[^<>&\r{re.escape(CONTROL_CHARACTERS)}]"
_PLAIN_BODY = re.compile(rf"(?:<(p|h2|h3|h4)>(?:{_TEXT}|<(strong|em|b|i)>{_TEXT}*</\2>)*</\1>\n?)+")
# Every address the linkifier finds has a dot right before a letter ("example.com");
# text without one cannot hold an address, and the full pattern is slow.
_DOT_LETTER = re.compile(r"\.[^\W\d_]")
_TAG = re.compile(r"<[^>]*>")


def body_is_clean(html):
    """Whether ``clean_body(html) == html``, decided without running the sanitiser
    (it costs ~2 ms a body, more than everything else an import does with an article)."""
    if not html:
        return True
    return (
        html == html.strip()
        and _PLAIN_BODY.fullmatch(html) is not None
        and unicodedata.is_normalized("NFC", html)
        and (_DOT_LETTER.search(html) is None or URL_RE.search(html) is None)
    )


@dataclass(frozen=True)
class DerivedBody:
    """What a body stores: ``html`` (clean), ``text`` (visible, one block a line) and
    ``word_count`` (words of ``text``: runs of letters and digits, with inner apostrophes
    or hyphens, so "al-Assad's" is one)."""

    html: str
    text: str
    word_count: int


def derive_body(html):
    """The clean HTML, visible text and word count of the body ``html`` (str or None)."""
    if body_is_clean(html):
        # A clean body of this shape has no entity, control character or ">" in its text,
        # so a regex strips its tags exactly as html_to_text() would, and faster.
        text = _visible_lines(_TAG.sub("", _BLOCK_END.sub("\n", html or "")))
        return DerivedBody(html or "", text, _count_words(text))
    html = clean_body(html)
    text = html_to_text(html)
    return DerivedBody(html, text, _count_words(text))
