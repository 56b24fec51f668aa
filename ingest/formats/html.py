"""Article pages as HTML, from any publisher: what the page declares (JSON-LD NewsArticle,
Open Graph and ``article:*`` meta) checked against what it shows (the ``<h1>``, the
printed byline and dateline), and the story text from the page's main content.

The rules for each field live beside this module: ``html_meta`` (JSON-LD, headline,
tags, slug), ``html_dates`` (publication and update times), ``html_bylines`` (authors)
and ``html_body`` (the body). ``bench/import_quality`` measures them on 69 real news
pages from about 50 publishers. Our own public article pages round-trip through here.
"""

import html as html_lib

import lxml.etree

from articles.text_policy import html_to_text
from ingest.formats import html_body, html_bylines, html_dates, html_meta
from ingest.formats.html_meta import first_meta, ld_text, squash
from ingest.records import ArticleRecord, ImportFailure

__all__ = ["parse"]

# What an article page can hold, after its scripts and styles: 10 times the elements and
# 5 times the text of the largest page of the test corpus (2,485 elements, 200 KB of text,
# a Yahoo page). The extractors cost a multiple of both (trafilatura more than linearly
# in elements), so a page past either is refused before they run, not after minutes.
MAX_ELEMENTS = 25_000
MAX_TEXT_CHARS = 1_000_000
MAX_BRACKETS = 16 * MAX_ELEMENTS
# A longer attribute value is no URL, class or title an extractor needs (inline data: images,
# serialised state), and each copy of the tree the extractors make would copy it again.
MAX_ATTRIBUTE_CHARS = 10_000


def _refuse_tag_soup(text):
    """Refuse, before parsing, a page with far more "<" than an article page can hold:
    millions of elements cost seconds to parse before the element count can say no.
    Scripts hold "<" too (comparisons, templates), hence the wide margin."""
    brackets = text.count("<")
    if brackets > MAX_BRACKETS:
        raise ImportFailure(f"page has {brackets:,} tags; an article page may have at most {MAX_ELEMENTS:,} elements")


def _drop_code_and_check_size(doc):
    """Remove scripts, styles, comments and huge attribute values from ``doc`` (in place;
    read JSON-LD before), then refuse a page too big to be one article (ImportFailure
    with the sizes)."""
    # Never article text, and pages carry megabytes of them (inline app state) that every
    # later pass over the tree would walk again.
    lxml.etree.strip_elements(doc, "script", "style", lxml.etree.Comment, with_tail=False)
    elements = sum(1 for _ in doc.iter())
    if elements > MAX_ELEMENTS:
        raise ImportFailure(f"page has {elements:,} elements; an article page may have at most {MAX_ELEMENTS:,}")
    for el in doc.iter():
        for name, value in el.attrib.items():
            if len(value) > MAX_ATTRIBUTE_CHARS:
                del el.attrib[name]
    chars = len(doc.text_content())
    if chars > MAX_TEXT_CHARS:
        raise ImportFailure(
            f"page holds {chars / 1e6:.1f} MB of text; an article page may hold at most {MAX_TEXT_CHARS / 1e6:.0f} MB"
        )


def _source_line(doc):
    # The source line ("Source: Agencies") has no structured-data field; pages print it.
    for el in doc.xpath("//article//li|//article//p|//article//span|//article//div[not(*)]"):
        text = el.text_content()
        if text.lstrip().startswith("Source") and ":" in text:
            label, _, value = text.partition(":")
            if label.strip() == "Source" and 0 < len(value.strip()) <= 200:
                return value.strip()
    return ""


def parse(text, origin, *, tz):
    """One HTML page -> [ArticleRecord]; ImportFailure (with the reason) when it holds no
    dated article: no headline, no readable publication date, or no story text."""
    _refuse_tag_soup(text)
    doc = html_meta.parse_document(text)
    nodes = html_meta.jsonld_nodes(doc)
    _drop_code_and_check_size(doc)
    node = html_meta.article_node(nodes)
    meta = html_meta.meta_values(doc)
    canonical = doc.xpath('//link[@rel="canonical"]/@href')
    main_entity = node.get("mainEntityOfPage")
    if isinstance(main_entity, dict):
        main_entity = main_entity.get("@id")
    url = (canonical[0].strip() if canonical else "") or first_meta(meta, "og:url") or ld_text(node.get("url"))
    url = url or (main_entity if isinstance(main_entity, str) else "")
    sites = html_meta.site_names(doc, nodes, meta, url)

    headline, anchor = html_meta.headline(doc, node, meta, sites)
    if not headline:
        raise ImportFailure("missing headline (no <h1>, JSON-LD headline, og:title or <title>)")
    record = ArticleRecord(origin=origin, headline=headline, url=url)
    record.slug = html_meta.slug_for(url, headline)
    record.standfirst = (
        ld_text(node.get("description")) or first_meta(meta, "og:description") or first_meta(meta, "description")
    )

    dates = html_dates.page_dates(doc, node, meta, anchor, tz)
    record.published_at, record.revised_at = dates.published, dates.updated
    if record.published_at is None:
        raise ImportFailure(
            "no publication date in the page (no JSON-LD datePublished, article:published_time or similar meta, "
            "<time datetime> or printed dateline)"
        )

    record.authors = html_bylines.authors(doc, node, nodes, meta, anchor, sites)
    record.section = ld_text(node.get("articleSection")) or first_meta(meta, "article:section")
    record.tags, skipped_tags = html_meta.tags(node, meta)
    record.language = (ld_text(node.get("inLanguage")) or doc.get("lang") or "").split("-")[0].strip()[:10]
    record.source = _source_line(doc)
    record.body_html = html_body.body_html(
        doc,
        url=url,
        headline=headline,
        standfirst=record.standfirst,
        ld_body=html_lib.unescape(body_text) if isinstance(body_text := node.get("articleBody"), str) else "",
        record=record,
    )
    lede = html_to_text(record.body_html).partition("\n")[0]
    if squash(lede).casefold() == squash(record.standfirst).casefold():
        record.standfirst = ""  # the page's description only copies the story's first paragraph
    record.notes = dates.notes + [f"tag {tag[:60]!r} skipped (not a tag)" for tag in skipped_tags]
    return [record]
