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
  search, revision diffs) or as one line. For values that *are* HTML: a body, or a
  field of a source whose format is HTML (a page's meta, JSON-LD strings).
- **Plain text** (``plain_text``, ``clean_text_fields``): what a plain field (headline,
  standfirst, caption, alt text, ticker line, a name...) may hold, applied on every save
  of every watched model (``articles.signals``) and by the importer.
- **Characters that are never text** (``strip_invalid_characters``,
  ``has_control_characters``): the C0 controls other than tab, LF and CR, U+FFFE, U+FFFF
  and lone surrogates: exactly what XML 1.0 forbids, so no feed or sitemap can carry one.
- **Name keys** (``name_key``): how names are compared when they must be unique
  ignoring case (tags, authors, sections), the same on SQLite and PostgreSQL.

Entities and markup in plain fields: decoded exactly once, by whoever knows the value
is HTML. A plain field holds *text*: what an editor types in the admin is stored as
typed, so "AT&T", "5 < 6 & 7 > 3" and "&lt;" (four characters, which the page then
shows as such) stay what they are; entities are never decoded again on save, by the
importer's pipeline or on output. The importer's readers know their sources: a page's
``<h1>``, attributes and meta are decoded by the HTML parser, JSON-LD strings (written
HTML-escaped by WordPress/Yoast: ``Lebanon&#8217;s``) by ``html_meta.ld_text``, once;
JSON Lines and page-text dumps are text already. What a plain field never keeps
is markup: an HTML tag or comment (``<b>``, ``<svg onload=...>``, ``<!-- -->``) is taken
out, with the content of script-like elements; a "<" that starts no tag ("5 < 6") is
text. The cost: a headline about a literal tag ("the <b> tag") loses the tag; no
newsroom headline is worth a plain field that may hold markup for the API's and feeds'
consumers. Every output escapes plain text for its format (templates autoescape; the
feeds escape what RSS and Atom read as HTML, ``public.feeds``).
"""

import html as html_lib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

import bleach
import regex
from bleach.linkifier import URL_RE, Linker
from bleach.sanitizer import INVISIBLE_CHARACTERS
from django.conf import settings
from django.db import models
from django.utils.safestring import mark_safe

# --- characters that are never text -------------------------------------------------

# The one control-character rule: the C0 controls other than tab, line feed and carriage
# return. Pasted office text carries them (a vertical tab for a soft line break, a
# backspace); bleach's parser cannot keep them, PostgreSQL refuses NUL in a text column,
# XML 1.0 has no way to write one (a feed holding one is not XML): none of them is text.
CONTROL_CHARACTERS = INVISIBLE_CHARACTERS
_CONTROL = re.compile(f"[{re.escape(CONTROL_CHARACTERS)}]")
# A whole import file is judged as a file, not as a text field (ingest.formats.detect):
# - a form feed is a page break, which text dumps of printed pages carry: no sign of binary;
# - DEL is no text anyone writes, and a sign of binary data in a file.
DOCUMENT_CONTROL_CHARACTERS = CONTROL_CHARACTERS.replace("\f", "") + "\x7f"
_DOCUMENT_CONTROL = re.compile(f"[{re.escape(DOCUMENT_CONTROL_CHARACTERS)}]")
# Never text either: the noncharacters U+FFFE/U+FFFF and lone surrogates (a JSON "\ud83d"
# without its pair; no UTF-8 database can store one). With the controls, exactly the
# characters outside XML 1.0's Char production.
_INVALID_CLASS = f"{re.escape(CONTROL_CHARACTERS)}\ud800-\udfff\ufffe\uffff"
_INVALID = re.compile(f"[{_INVALID_CLASS}]")
# The controls that separate (vertical tab, form feed, the information separators) stand
# between words: "Cairo\x0btalks" is "Cairo talks", never "Cairotalks".
_SEPARATOR_CONTROLS = frozenset(c for c in CONTROL_CHARACTERS if c.isspace())


def has_control_characters(text, *, document=False):
    """Whether ``text`` (str) holds a control character: a value (a JSON field, a form
    field) must not; with ``document=True``, the rule for a whole file read as text."""
    return (_DOCUMENT_CONTROL if document else _CONTROL).search(text) is not None


def _replace_invalid(match):
    return " " if match.group() in _SEPARATOR_CONTROLS else ""


def strip_invalid_characters(text):
    """``text`` (str) without the characters that are never text: a separating control
    (VT, FF, FS, GS, RS, US) becomes a space, the other C0 controls (but tab, LF, CR),
    U+FFFE, U+FFFF and lone surrogates go. What is left is valid in XML 1.0 and storable
    in any UTF-8 database. Applied on save to every text field, and by every XML output
    to whatever is stored (values written past save(), by ``QuerySet.update()``)."""
    if not text or _INVALID.search(text) is None:
        return text
    return _INVALID.sub(_replace_invalid, text)


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
        # No tracking pixels or hotlinks: a body shows our own images (relative, our
        # site, our media host) and those of BODY_IMAGE_HOSTS; any other <img> loses
        # its src, and clean_body() drops an <img> without one.
        if name == "src":
            host = url_host(value)
            return not host or host in _own_hosts() or host in settings.BODY_IMAGE_HOSTS
        return name in {"alt", "width", "height", "title"}
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
_ACTIVE_TAGS = ("script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript", "form",
                "select", "textarea", "title")  # fmt: skip
_ACTIVE_OPEN = re.compile(rf"<({'|'.join(_ACTIVE_TAGS)})\b", re.IGNORECASE)
_ACTIVE_CLOSE = {tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE) for tag in _ACTIVE_TAGS}
# An unclosed script or style swallows the rest of the document in a browser: its
# "content" is code, never article text, so it goes too instead of showing as text.
_DROP_UNCLOSED = re.compile(r"<(script|style)\b.*\Z", re.IGNORECASE | re.DOTALL)


def _drop_active_content(html):
    """``html`` without the active elements and their content (each up to its first
    closing tag), then without anything from an unclosed script or style on.

    A loop, not one pattern: "<(script|...) lazy-anything </same-tag>" looked for the
    closing tag from every opening one, to the end of the text each time it had none (10,000
    "<script>" took 6 s). A closing tag missing after one point is missing after every
    later one, so each kind is looked for to the end at most once.
    """
    out, pos, unclosed = [], 0, set()
    while match := _ACTIVE_OPEN.search(html, pos):
        tag = match.group(1).lower()
        close = None if tag in unclosed else _ACTIVE_CLOSE[tag].search(html, match.end())
        if close is None:
            unclosed.add(tag)
            out.append(html[pos : match.end()])  # kept as it was; bleach strips the tag
            pos = match.end()
            continue
        out.append(html[pos : match.start()])
        pos = close.end()
    out.append(html[pos:])
    return _DROP_UNCLOSED.sub("", "".join(out))


def _site_host():
    return urlsplit(settings.SITE_URL).hostname or ""


def _own_hosts():
    """Our site's host and the hosts media is served from (S3, a CDN)."""
    return {_site_host(), *(urlsplit(origin).hostname for origin in settings.MEDIA_ORIGINS)}


_SPECIAL_SCHEME = re.compile(r"^(https?):[/\\]*", re.IGNORECASE)
# Browsers trim C0 controls and spaces around a URL.
_TRIM = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")


def url_host(url):
    """The host a browser would fetch ``url`` from, lower case; "" for a relative URL.

    Read the way browsers read it (the WHATWG URL standard), not the way ``urlsplit``
    does: backslashes are slashes (``/\\evil.com`` and ``https:\\\\evil.com`` are
    evil.com), character references are decoded, tabs and newlines vanish, spaces and
    controls around it are trimmed, and an http(s) URL's host starts after however
    many slashes follow the scheme (``https:evil.com`` too, the stricter reading).
    """
    # bleach hands attribute values over with their character references (&#9;) intact.
    url = _TRIM.sub("", re.sub(r"[\t\n\r]", "", html_lib.unescape(url))).replace("\\", "/")
    url = _SPECIAL_SCHEME.sub(lambda m: m.group(1) + "://", url)
    url = re.sub(r"^/{2,}", "//", url)  # "///evil.com" on our (https) page is evil.com too
    try:
        return (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:  # an unparseable address is nobody's: treat it as foreign
        return "?"


def _link_rel(attrs, new=False):
    href = attrs.get((None, "href"), "")
    host = url_host(href)
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
    to render unescaped, NFC-normalised, with external links marked nofollow and no
    character that is never text (bleach would show a control character as "?")."""
    if not html:
        return ""
    html = unicodedata.normalize("NFC", strip_invalid_characters(html))
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


_HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def outline_headings(html, top=2):
    """Stored HTML with its headings renumbered to sit under a heading of level
    ``top - 1``: the first heading at ``top``, each heading one level below the
    nearest earlier one of a higher original level, or at that one's level when they
    were equal. So <h3> <h4> <h3> under an <h1> becomes <h2> <h3> <h2>.

    Bodies come from editors and importers that start their sub-headings at <h3>
    or <h4>; under the page's <h1> that skips a level, which screen-reader users
    navigate by and HTML forbids. ``Article.body`` is stored this way (top 2: it
    always sits under the headline); HTML shown elsewhere is renumbered where it is
    shown (public.templatetags). ``html``: sanitised HTML (headings never nest
    there); returns a str."""
    outline = []  # (original level, new level) of the open sections, outermost first
    opened = []  # new level of each heading not yet closed

    def renumber(match):
        closing, original = match.group(1), int(match.group(2))
        if closing:
            return f"</h{opened.pop() if opened else original}"
        while outline and outline[-1][0] >= original:
            outline.pop()
        level = min(outline[-1][1] + 1, 6) if outline else top
        outline.append((original, level))
        opened.append(level)
        return f"<h{level}"

    return _HEADING.sub(renumber, html or "")


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
# What the HTML tokenizer reads as markup, not text: a comment (unclosed, it runs to the
# end, as in a browser), a start or end tag (a letter after "<" or "</"; a quoted
# attribute value may hold ">"), a declaration or processing instruction. Any other "<"
# is text: "5 < 6", "<3". Hand-written because the parsers at hand do not leave the
# text alone: Django's strip_tags rewrites "AT&T <b>" as "AT&T; ", lxml refuses control
# characters and html5lib costs 30 times as much as this, per body saved.
_MARKUP = re.compile(
    r"<!--.*?(?:--!?>|\Z)"
    r"|</?[A-Za-z][^\s/>]*(?:\"[^\"]*\"|'[^']*'|[^'\">])*>"
    r"|<[!?][^>]*>",
    re.DOTALL,
)
# A one-line value without these holds no markup, entity or invalid character to read.
_NEEDS_PARSING = re.compile(f"[<&{_INVALID_CLASS}]")


def html_to_text(value, *, one_line=False):
    """The visible text of ``value`` (HTML; None is ""), for values that are HTML: a
    body, or a field of a source whose format is HTML.

    Script-like elements go with their content, tags and comments go, entities are
    decoded once (as a browser does: "&copy 2024" is "© 2024", "AT&T" stays) and the
    text between tags is left as it is, whatever it holds ("5 &lt; 6" is "5 < 6").
    Characters that are never text go (``strip_invalid_characters``). Blocks
    (paragraphs, headings, list items, quotes, captions, line breaks) end lines; empty
    lines go. ``one_line=True`` folds all whitespace to single spaces. The result is
    NFC-normalised. Text is never passed through here a second time: that would decode
    its entities again (``plain_text`` is the rule for text).
    """
    if not value:
        return ""
    text = value
    if _NEEDS_PARSING.search(text):
        text = _BLOCK_END.sub("\n", _drop_active_content(text))
        # One pass: what is left after the tags is text, even if it looks like a tag.
        text = strip_invalid_characters(html_lib.unescape(_MARKUP.sub("", text)))
    if one_line:
        return unicodedata.normalize("NFC", " ".join(text.split()))
    return _visible_lines(text)


def _visible_lines(text):
    # Taking tags out may put a combining mark next to the letter it composes with.
    lines = (line.strip() for line in text.splitlines())
    return unicodedata.normalize("NFC", "\n".join(line for line in lines if line))


# --- plain text ------------------------------------------------------------------------


def plain_text(value, *, one_line=True):
    """``value`` (str or None) as a plain field stores it: text, never HTML.

    Characters that are never text go (``strip_invalid_characters``); markup goes (HTML
    tags and comments, script-like elements with their content, until none is left:
    taking one out must not assemble another); entities are NOT decoded: "&lt;" typed
    in a plain field is those four characters (see the module's docstring). With
    ``one_line`` (headline, caption, a name) whitespace folds to single spaces, else
    (a bio, a description) lines are kept, stripped, empty ones dropped. NFC-normalised;
    ``plain_text(plain_text(v)) == plain_text(v)``.
    """
    if not value:
        return ""
    text = strip_invalid_characters(value)
    previous = None
    while "<" in text and previous != text:
        previous = text
        text = _MARKUP.sub("", _drop_active_content(text))
    if one_line:
        return unicodedata.normalize("NFC", " ".join(text.split()))
    return _visible_lines(text)


# Plain fields of the watched models ("app_label.model": field names), one line unless
# listed in MULTILINE_PLAIN_FIELDS. Every other text field of those models gets the
# character rule only: HTML fields are cleaned by their models (clean_body), and slugs,
# paths, addresses and identities are not prose to fold or strip.
PLAIN_FIELDS = {
    "articles.article": ("headline", "standfirst", "hero_caption", "source"),
    "articles.liveupdate": ("title",),
    "articles.galleryitem": ("caption",),
    "articles.correction": ("text",),
    "articles.breakingitem": ("text", "attribution"),
    "articles.image": ("alt_text", "caption", "credit"),
    "articles.section": ("name", "description"),
    "articles.region": ("name",),
    "articles.author": ("name", "role", "bio"),
    "taggit.tag": ("name",),
    "flatpages.flatpage": ("title",),
}
MULTILINE_PLAIN_FIELDS = {
    ("articles.section", "description"),
    ("articles.author", "bio"),
    ("articles.correction", "text"),
}


def clean_text_fields(instance):
    """Apply the text rules to every text field of the model ``instance``, in place.

    Every ``CharField``/``TextField`` value loses the characters that are never text;
    the fields of ``PLAIN_FIELDS`` become ``plain_text``. Called before every save of the
    content models (``articles.signals``) and by writes that bypass save() (the
    importer's bulk insert, through ``Article.compute_derived``)."""
    label = instance._meta.label_lower
    plain = PLAIN_FIELDS.get(label, ())
    for field in instance._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)):
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        if field.name in plain:
            value = plain_text(value, one_line=(label, field.name) not in MULTILINE_PLAIN_FIELDS)
        else:
            value = strip_invalid_characters(value)
        setattr(instance, field.attname, value)


# --- name keys -------------------------------------------------------------------------

# Turkish has two i's: dotted i/İ and dotless ı/I. Default case folding keeps ı apart
# and turns İ into "i" + a combining dot, so "İstanbul", "Istanbul" and "istanbul"
# would be three tags. A name key treats all four as one letter.
_TURKISH_I = str.maketrans({"ı": "i"})


def name_key(value):
    """The key under which names (str) are unique ignoring case: ``plain_text``, then
    NFKC, Unicode full case folding (``str.casefold``: "Straße" is "STRASSE", final
    sigma is sigma) and NFKC again ("NFKC_Casefold" of Unicode's caseless matching),
    with the Turkish i's made one. Computed in Python and stored (``Author.name_key``,
    ``Section.name_key``, ``TagNameKey.key``) because SQLite's lower() folds ASCII only
    and PostgreSQL's lower() depends on the server's locale and never folds "ß". A
    change to this function needs a migration that recomputes the stored keys."""
    text = unicodedata.normalize("NFKC", plain_text(value))
    folded = unicodedata.normalize("NFKC", text.casefold()).replace("i\u0307", "i")
    return folded.translate(_TURKISH_I)


# A word: letters or digits with their combining marks, and inner apostrophes or hyphens
# ("al-Assad", "Putin's"). The marks (\p{M}) matter: Python's \w has none of them, so
# a vowelled Arabic word (كَتَبَ, harakat on every letter) counted as one word a letter.
_WORD = regex.compile(r"[\w\p{M}]+(?:['’\-][\w\p{M}]+)*")


def _count_words(text):
    # Counted in the visible text: tags and entities are no words, and blocks do not run together.
    return len(_WORD.findall(text))


# --- derived body -------------------------------------------------------------------

# Bodies of this shape come out of clean_body() exactly as they go in (the differential
# test in tests/articles/test_text_policy.py checks it): paragraphs and headings of plain
# text with simple emphasis, nothing a linkifier would touch. CR is out because the
# parser turns it into LF.
_TEXT = f"[^<>&\r{_INVALID_CLASS}]"
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
