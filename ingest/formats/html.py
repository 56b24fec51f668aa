"""Article pages as HTML: structured data first (NewsArticle JSON-LD, Open Graph and
``article:*`` meta), then the page's main content for the body.

Our own public article pages round-trip through this parser: they carry NewsArticle
JSON-LD and put the body inside ``<article>``.
"""

import html
import json
import re
from datetime import datetime

import lxml.etree
import lxml.html
from dateutil import parser as dateparser
from django.utils import timezone

from ingest.records import ArticleRecord, ImportFailure, LinkRecord

NEWS_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
}


# Where a page keeps the body, most specific first.
def _has_class(name):
    return f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


BODY_XPATHS = [
    ".//*[@itemprop='articleBody']",
    ".//*[@data-article-body]",
    *(_has_class(name) for name in ("article-body", "article__body", "article-content", "entry-content", "body")),
]
# Never content, wherever it sits.
CHROME_XPATH = (
    "//script|//style|//noscript|//template|//nav|//footer|//form|//button|//iframe|//svg"
    "|//*[@role='navigation']|//*[contains(concat(' ', normalize-space(@class), ' '), ' share')]"
)
_CLASS_WORDS = re.compile(
    r"\b(share|sharing|social|byline|breadcrumb|tags|meta|ad|advert|newsletter|most-read|read-next)\b"
)


def parse_datetime(value, tz, label="date"):
    """An ISO 8601 (or otherwise readable) date; naive values are in ``tz``."""
    if not value:
        return None
    value = str(value).strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = dateparser.parse(value)
        except (ValueError, OverflowError):
            raise ImportFailure(f"unparseable {label} {value[:60]!r}") from None
    return timezone.make_aware(parsed, tz) if timezone.is_naive(parsed) else parsed


def _walk_jsonld(node):
    if isinstance(node, list):
        for item in node:
            yield from _walk_jsonld(item)
    elif isinstance(node, dict):
        yield node
        if "@graph" in node:
            yield from _walk_jsonld(node["@graph"])


def news_article_jsonld(doc):
    """The first NewsArticle-like JSON-LD object of the page, or {}."""
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for node in _walk_jsonld(data):
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if NEWS_TYPES.intersection(t for t in types if isinstance(t, str)):
                return node
    return {}


def _meta(doc):
    values = {}
    for el in doc.xpath("//meta[@content]"):
        key = (el.get("property") or el.get("name") or "").strip().lower()
        if key:
            values.setdefault(key, []).append(el.get("content").strip())
    return values


def _names(value):
    """Author names from JSON-LD: a string, a Person, or a list of either."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [value["name"]] if isinstance(value.get("name"), str) else []
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _text(value):
    """A JSON-LD value as a string: the first of a list, stripped; "" when not a string.
    (Not an HTML-to-text step: the loader reads every text field through the text policy.)"""
    if isinstance(value, list):
        value = value[0] if value else ""
    return value.strip() if isinstance(value, str) else ""


def _main_container(doc):
    article = (doc.xpath("//article") or [None])[0]
    scope = article if article is not None else doc
    for xpath in BODY_XPATHS:
        found = scope.xpath(xpath)
        if found:
            return found[0], False
    if article is not None:
        return article, True
    main = doc.xpath("//main|//*[@role='main']")
    return (main[0] if main else doc.find("body") if doc.find("body") is not None else doc), True


def _take_related(asides, record):
    """Links in a "Related News" box are related articles, not body text."""
    for aside in asides:
        for link in aside.xpath(".//a[@href]"):
            record.related.append(LinkRecord(headline=link.text_content().strip(), url=link.get("href")))
        aside.drop_tree()


def _body(doc, standfirst, record):
    for el in doc.xpath(CHROME_XPATH):
        el.drop_tree()
    _take_related(doc.xpath("//article//aside[contains(@class, 'related')]"), record)
    container, whole = _main_container(doc)
    if whole:
        # The article element holds the header too: take headline, byline and the
        # standfirst out, keep what follows.
        for el in container.xpath(".//h1|.//header|.//*[@class]"):
            chrome = el.tag in ("h1", "header") or (
                el.tag in ("div", "p", "ul", "aside", "section") and _CLASS_WORDS.search(el.get("class", ""))
            )
            if chrome and el.getparent() is not None:
                el.drop_tree()
        for el in container.xpath("./p|./div/p"):
            if standfirst and el.text_content().strip() == standfirst:
                el.drop_tree()
                break
    _take_related(container.xpath(".//aside"), record)
    parts = [container.text or ""] if (container.text or "").strip() else []
    for child in container:
        if isinstance(child, lxml.html.HtmlElement):
            parts.append(lxml.html.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts).strip()


def parse(text, origin, *, tz):
    """One HTML page → [ArticleRecord]; ImportFailure when it holds no article."""
    try:
        doc = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ImportFailure(f"not parseable as HTML ({exc})") from None
    ld = news_article_jsonld(doc)
    meta = _meta(doc)

    def first(*keys):
        for key in keys:
            if meta.get(key):
                return meta[key][0]
        return ""

    h1 = doc.xpath("//h1")
    headline = _text(ld.get("headline")) or first("og:title") or (h1[0].text_content().strip() if h1 else "")
    if not headline:
        raise ImportFailure("missing headline (no JSON-LD headline, og:title or <h1>)")
    record = ArticleRecord(origin=origin, headline=" ".join(headline.split()))
    record.standfirst = _text(ld.get("description")) or first("og:description", "description")
    record.published_at = parse_datetime(
        _text(ld.get("datePublished")) or first("article:published_time"), tz, "publication date"
    )
    record.updated_at = parse_datetime(
        _text(ld.get("dateModified")) or first("article:modified_time"), tz, "modification date"
    )
    if record.updated_at == record.published_at:
        record.updated_at = None  # pages repeat the publication time when nothing was updated
    record.authors = _names(ld.get("author")) or [a for a in meta.get("article:author", []) if not a.startswith("http")]
    if not record.authors and first("author"):
        record.authors = [first("author")]
    record.section = _text(ld.get("articleSection")) or first("article:section")
    keywords = ld.get("keywords")
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",")]
    record.tags = [k for k in (keywords or meta.get("article:tag", [])) if isinstance(k, str) and k.strip()]
    canonical = doc.xpath('//link[@rel="canonical"]/@href')
    main_entity = ld.get("mainEntityOfPage")
    if isinstance(main_entity, dict):
        main_entity = main_entity.get("@id")
    record.url = (canonical[0] if canonical else "") or first("og:url") or _text(ld.get("url")) or _text(main_entity)
    record.language = (_text(ld.get("inLanguage")) or doc.get("lang") or "").split("-")[0]
    # The source line ("Source: Agencies") has no structured-data field; pages print it.
    for el in doc.xpath("//article//li|//article//p|//article//span|//article//div[not(*)]"):
        match = re.match(r"^\s*Source\s*:\s*(.+?)\s*$", el.text_content())
        if match and len(match.group(1)) <= 200:
            record.source = match.group(1)
            break
    record.body_html = _body(doc, record.standfirst, record)
    if not record.body_html and not _text(ld.get("articleBody")):
        raise ImportFailure("no article content in this page (no <article>, <main> or body text)")
    if not record.body_html:
        # articleBody is plain text (schema.org): its "<" and "&" are characters, not markup.
        paragraphs = (p.strip() for p in _text(ld.get("articleBody")).split("\n"))
        record.body_html = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)
    return [record]
