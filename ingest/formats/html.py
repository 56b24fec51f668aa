"""Article pages as HTML, from any publisher: what the page declares (JSON-LD NewsArticle,
Open Graph and ``article:*`` meta) checked against what it shows (the ``<h1>``, the
printed byline and dateline), and the story text from the page's main content.

The rules for each field live beside this module: ``html_meta`` (JSON-LD, headline,
tags, slug), ``html_dates`` (publication and update times), ``html_bylines`` (authors)
and ``html_body`` (the body). ``bench/import_quality`` measures them on 69 real news
pages from about 50 publishers. Our own public article pages round-trip through here.
"""

import html as html_lib

from articles.text_policy import html_to_text
from ingest.formats import html_body, html_bylines, html_dates, html_meta
from ingest.formats.html_meta import first_meta, ld_text, squash
from ingest.records import ArticleRecord, ImportFailure

__all__ = ["parse"]


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
    doc = html_meta.parse_document(text)
    nodes = html_meta.jsonld_nodes(doc)
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
