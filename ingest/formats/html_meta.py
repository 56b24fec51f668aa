"""What an article page declares about itself: JSON-LD, ``<meta>`` tags, the headline,
tags and the slug. Used by ``ingest.formats.html``; knows nothing about the database.

Real pages are read as they are, not as the standards say they should be: JSON-LD may
be invalid JSON (single quotes, trailing commas, a CDATA wrapper, entity-escaped), a
list or an ``@graph``; strings in it may still hold HTML entities (WordPress/Yoast writes
``Lebanon&#8217;s``); ``<title>`` and ``og:title`` carry " | Site" suffixes.
"""

import html
import re
from urllib.parse import unquote, urlsplit

import lxml.etree
import lxml.html
from django.core.validators import slug_unicode_re
from django.utils.text import slugify

from ingest.formats import json_input
from ingest.records import ImportFailure

# schema.org types whose node describes the article itself (ClaimReview: fact-checks).
ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "ClaimReview",
}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# A CDATA or comment wrapper around a JSON-LD block: matched at its two ends only (tried
# at every position of a megabyte block, the alternatives cost seconds).
_WRAPPER_START = re.compile(r"\s*(?://\s*)?<!\[CDATA\[|\s*<!--")
_WRAPPER_END = re.compile(r"(?://\s*)?\]\]>\s*$|-->\s*$")
_WRAPPER_END_CHARS = 64
_SPACED_ENTITY = re.compile(r"&\s*#\s*(\d+)\s*;")
# "Headline | Site", "Site - Headline", "Headline — Site": the separators titles use.
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|·|::|»)\s+")
_WORD = re.compile(r"\w+", re.UNICODE)
# Last URL segments that name a page type, not a story.
_GENERIC_SEGMENTS = {"index", "default", "article", "story", "amp", "print", "content", "news", "detail", "view"}
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cms|cfm)$", re.I)
_TLD = re.compile(r"\.(?:com|net|org|info|news|co\.uk|uk|fr|de|es|it|in|se|au)$")
SLUG_LENGTH = 60  # as articles.models.taxonomy.unique_slug cuts headlines
MAX_TAG_LENGTH = 60
MAX_META_CHARS = 10_000
MAX_TAG_WORDS = 6


def parse_document(text):
    """The page as an lxml document; ImportFailure when it is not HTML at all.

    An XML declaration is dropped first: lxml refuses one in an already decoded string
    (XHTML Mobile pages start with it).
    """
    try:
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ImportFailure(f"not parseable as HTML ({exc})") from None


def squash(value):
    """``value`` with runs of whitespace made one space, stripped."""
    return " ".join((value or "").split())


def words(value):
    return [w.casefold() for w in _WORD.findall(value or "")]


def _unwrapped(text):
    """``text`` without a CDATA or comment wrapper (either end, or both)."""
    start = _WRAPPER_START.match(text)
    if start:
        text = text[start.end() :]
    tail = text[-_WRAPPER_END_CHARS:]
    end = _WRAPPER_END.search(tail)
    if end:
        text = text[: len(text) - len(tail) + end.start()]
    return text.strip()


def _load_jsonld(text, json5_budget):
    """One ``<script type="application/ld+json">`` as (Python data or None, JSON5 characters used).

    Tries strict JSON, then the repairs real pages need: control characters in strings,
    a CDATA or comment wrapper, an entity-escaped block, then JSON5 (single quotes,
    trailing commas, comments) when the block fits in ``json5_budget`` characters (the
    JSON5 parser is slow; a block too big for it is ignored like any unreadable one).
    Raises ImportFailure for duplicate keys or deep nesting (``json_input``'s rules): the
    page says two things about itself, or is built to hurt the reader.
    """
    text = (text or "").strip()
    if not text:
        return None, 0
    candidates = [text, _unwrapped(text)]
    if "&#" in text or "&quot;" in text or "& #" in text:
        candidates.append(html.unescape(_SPACED_ENTITY.sub(r"&#\1;", candidates[-1])))
    try:
        for candidate in candidates:
            try:
                return json_input.loads(candidate, strict=False), 0
            except json_input.MalformedJSON:
                continue
        if len(candidates[-1]) > json5_budget:
            return None, 0
        try:
            return json_input.loads5(candidates[-1]), len(candidates[-1])
        except json_input.MalformedJSON:
            return None, len(candidates[-1])
    except ImportFailure as exc:
        raise ImportFailure(f"JSON-LD: {exc}") from None


def _walk(node):
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        if "@graph" in node:
            yield from _walk(node["@graph"])


def jsonld_nodes(doc):
    """Every top-level JSON-LD object of the page (lists and ``@graph`` flattened).

    Raises ImportFailure when a block has duplicate keys or nests too deeply.
    """
    nodes, budget = [], json_input.JSON5_MAX_CHARS
    for script in doc.xpath("//script[@type='application/ld+json' or @type='application/ld+json; charset=utf-8']"):
        data, used = _load_jsonld(script.text, budget)
        budget -= used
        nodes.extend(_walk(data))
    return nodes


def types_of(node):
    value = node.get("@type")
    return {t for t in (value if isinstance(value, list) else [value]) if isinstance(t, str)}


def article_node(nodes):
    """The first JSON-LD node describing an article (NewsArticle and kin), or {}."""
    for node in nodes:
        if ARTICLE_TYPES & types_of(node):
            return node
    return {}


def meta_values(doc):
    """``<meta>`` contents by lower-cased ``property``/``name``/``itemprop``, in page order.

    A value over MAX_META_CHARS is left out: no title, name, date or description is that
    long, and every rule that reads meta values would pay for its length."""
    values = {}
    for el in doc.xpath("//meta[@content]"):
        if len(el.get("content")) > MAX_META_CHARS:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                values.setdefault(key, []).append(el.get("content").strip())
    return values


def first_meta(meta, *keys):
    """The first non-empty value among ``keys`` (in that order), or ""."""
    for key in keys:
        for value in meta.get(key, []):
            if value:
                return value
    return ""


def ld_text(value):
    """A JSON-LD string value as plain text: the first of a list, entities decoded once.

    JSON-LD sits in a script element, which the HTML parser leaves undecoded, so an
    entity in it is still an entity here (attributes and text nodes were decoded by the
    parser and must not be decoded again)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), "")
    return squash(html.unescape(value)) if isinstance(value, str) else ""


def site_names(doc, nodes, meta, url):
    """Names the site goes by (og:site_name, publisher, application-name, the host's label),
    case-folded: a byline equal to one of them is the site, not a writer."""
    names = {first_meta(meta, "og:site_name"), first_meta(meta, "application-name")}
    for node in nodes:
        publisher = node.get("publisher")
        if isinstance(publisher, dict):
            names.add(ld_text(publisher.get("name")))
        if types_of(node) & {"Organization", "NewsMediaOrganization", "WebSite"}:
            names.add(ld_text(node.get("name")))
    host = urlsplit(url or "").hostname or ""
    labels = [label for label in host.split(".") if label not in ("www", "edition", "m", "amp")]
    if len(labels) >= 2:
        names.add(labels[-2])  # "cnn" of edition.cnn.com, "nytimes" of www.nytimes.com
    names = {squash(n).casefold() for n in names if n and squash(n)}
    return names | {site_key(n) for n in names}


def site_key(name):
    """A site name reduced for comparison: "Le Monde.fr", "lemonde" and "Le Monde" are one."""
    return re.sub(r"\W|_", "", _TLD.sub("", squash(name).casefold()))


def is_site(name, sites):
    """Whether ``name`` is one of the site's own names (see site_names)."""
    return squash(name).casefold() in sites or site_key(name) in sites


def _resembles(text, titles):
    """Dice overlap of word sets, best over ``titles``: 1 for the same words, 0 for none shared."""
    mine = set(words(text))
    best = 0.0
    for title in titles:
        theirs = set(words(title))
        if mine and theirs:
            best = max(best, 2 * len(mine & theirs) / (len(mine) + len(theirs)))
    return best


def strip_site_suffix(title, sites):
    """``title`` without a leading or trailing part naming the site ("Headline | Site")."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    # Drop parts that are a site name or a short capitalised label ("TheHill", "The Seattle Times").
    while len(parts) > 1 and (is_site(parts[-1], sites) or _is_label(parts[-1])):
        parts.pop()
    while len(parts) > 1 and is_site(parts[0], sites):
        parts.pop(0)
    return " - ".join(parts) if len(parts) > 1 else parts[0]


def _is_label(part):
    names = part.split()
    return 0 < len(names) <= 3 and all(n[:1].isupper() or n[:1].isdigit() for n in names)


def headline(doc, node, meta, sites):
    """(headline, the element that shows it or None).

    The visible ``<h1>`` is what readers saw, so it wins when it is the story's title:
    an ``<h1>`` that shares words with the declared titles (JSON-LD headline, og:title,
    ``<title>`` less its " | Site" suffix). A logo in an ``<h1>`` shares none. Without
    such an ``<h1>``, the declared title, whole (a JSON-LD headline cut with "..." is not).
    """
    declared = []
    ld_headline = ld_text(node.get("headline"))
    if ld_headline and not ld_headline.endswith(("...", "…")):
        declared.append(ld_headline)
    for value in (first_meta(meta, "og:title"), first_meta(meta, "twitter:title"), _title(doc)):
        value = squash(value)
        if value:
            declared.append(strip_site_suffix(value, sites))
    h1s = [(el, squash(el.text_content())) for el in doc.xpath("//body//h1")]
    h1s = [(el, text) for el, text in h1s if text and len(text) <= 300 and not is_site(text, sites)]
    for el, text in h1s:
        if not declared or _resembles(text, declared) >= 0.5:
            return text, el
    if declared:
        title = declared[0]
        for el in doc.xpath("//body//*[self::h1 or self::h2 or self::h3 or self::div or self::span or self::p]"):
            if squash(el.text_content()) == title:
                return title, el
        return title, None
    # No declared title at all: the first <h1> of several words is the best there is.
    for el, text in h1s:
        if len(words(text)) >= 3:
            return text, el
    return "", None


def _title(doc):
    found = doc.xpath("//head/title|//title")
    return found[0].text_content() if found else ""


def tags(node, meta):
    """(tags, skipped): keywords from JSON-LD or ``article:tag``, without the junk pages put
    there — "Day: Wednesday"-style labels, whole comma-joined lists in one value (split
    here), phrases too long to be a tag. Junk is skipped, never a reason to refuse the page."""
    raw = node.get("keywords")
    if isinstance(raw, str):
        raw = [raw]
    if isinstance(raw, list) and raw:
        # JSON-LD strings still hold their entities; meta contents were decoded by the parser.
        raw = [html.unescape(value) for value in raw if isinstance(value, str)]
    else:
        raw = meta.get("article:tag", [])
    out, skipped, seen = [], [], set()
    for value in raw:
        for tag in value.split(","):
            tag = squash(tag)
            if not tag:
                continue
            if ":" in tag or len(tag) > MAX_TAG_LENGTH or len(tag.split()) > MAX_TAG_WORDS:
                skipped.append(tag)
            elif tag.casefold() not in seen:
                seen.add(tag.casefold())
                out.append(tag)
    return out, skipped


def slug_for(url, headline_text):
    """The article's slug: the URL's last segment when it is one (percent-encoding decoded,
    so non-Latin slugs read as words), else made from the headline. ``index.html``, bare
    numbers and ``-14848382.php`` are page names, not slugs. "" when there is no URL
    (the article then makes its own from the headline)."""
    if not url:
        return ""
    segment = unquote(urlsplit(url).path.rstrip("/").rpartition("/")[2])
    stem = _PAGE_SUFFIX.sub("", segment).strip("-")
    if (
        slug_unicode_re.fullmatch(stem)
        and re.search(r"[^\W\d_]{3,}", stem)
        and stem.casefold() not in _GENERIC_SEGMENTS
        and len(stem) <= 255
    ):
        return stem
    return slugify(headline_text, allow_unicode=True)[:SLUG_LENGTH].strip("-")
