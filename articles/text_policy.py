"""The one place that owns the HTML policy for article bodies.

Everything an editor, an importer or an API sends through ``clean_body`` comes out
as the small vocabulary a news article needs. Scripts, event handlers, styles,
iframes, forms, SVG and any URL that is not http(s)/mailto are removed.
"""

import html as html_lib
import re
import unicodedata
from urllib.parse import urlsplit

import bleach
from bleach.linkifier import Linker
from django.conf import settings
from django.utils.html import strip_tags

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
    """Return ``html`` reduced to the article body policy (safe to render unescaped)."""
    if not html:
        return ""
    html = unicodedata.normalize("NFC", html)
    previous = None
    # Repeat until stable: stripping one layer must never assemble a new dangerous tag.
    while previous != html:
        previous = html
        html = _DROP_WITH_CONTENT.sub("", html)
        html = _DROP_UNCLOSED.sub("", html)
        html = _cleaner.clean(html)
    html = _linker.linkify(html)
    # img must point at http(s) only; bleach already dropped other protocols, but a
    # relative src is fine (our own media); an empty img is useless.
    html = re.sub(r"<img(?![^>]*\bsrc=)[^>]*>", "", html)
    return html.strip()


def plain_text(value):
    """Reduce a field that must be plain text (standfirst, ticker) to text only."""
    if not value:
        return ""
    text = strip_tags(_DROP_WITH_CONTENT.sub("", value))
    text = bleach.clean(text, tags=set(), strip=True)
    # bleach escapes &, < and >; plain-text fields store the characters themselves.
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text)).strip()


def html_to_text(html):
    """Visible text of an HTML body, blocks separated by newlines."""
    if not html:
        return ""
    text = re.sub(r"</(p|h[1-6]|li|blockquote|figcaption)>|<br\s*/?>", "\n", html)
    text = html_lib.unescape(strip_tags(text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def count_words(html):
    """Words of visible text in an HTML body."""
    return len(re.findall(r"\w+(?:['’\-]\w+)*", strip_tags(html)))
