"""An article body as a list of typed blocks, so the apps render it natively.

The body is stored sanitised (``articles.text_policy``): a small, known set of tags. Each
top-level element becomes one block; inline markup stays as sanitised HTML in ``html``
(apps map <a>, <strong>, <em>… to spans) beside its plain ``text``:

- ``paragraph`` {html, text}
- ``heading`` {level 2–4, text}
- ``quote`` {html, text, cite}
- ``list`` {ordered, items: [{html, text}]}
- ``image`` {url, alt, caption, width, height, image} (a <figure> or a lone <img>); a
  library image (``articles.body_media``) is given as the library holds it now: ``image``
  has its id, credit and every rendition, ``url`` is its largest whole-picture rendition,
  ``caption`` the story's figcaption or else the library's
- ``embed`` {provider, url, html, text, frame}: an embedded tweet (blockquote.twitter-tweet;
  ``frame`` null), or a YouTube / X / Telegram embed (``articles.embeds``; ``frame`` is the
  provider's embed address an app may load when the reader asks)
- ``table`` {caption, head, rows}: rows of cells {html, text, header, colspan, rowspan};
  ``head`` holds the rows of <thead>, ``rows`` the others
- ``related`` {articles}: the "Related News" box, after the third paragraph as on the page
  (``public.templatetags.newsroom.split_after_paragraphs``), filled by the caller
- ``html`` {html}: anything else top-level (<hr>, <pre>), never dropped

Text outside any element (a bare line) becomes a paragraph.
"""

import html
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from articles import embeds
from public.metadata import absolute

RELATED_AFTER_PARAGRAPHS = 3
_TWEET_HOSTS = {"twitter.com", "x.com", "mobile.twitter.com", "www.twitter.com", "www.x.com"}


def _outer(element):
    """The element's own HTML, without the text that follows it (its tail)."""
    return etree.tostring(element, encoding="unicode", method="html", with_tail=False).strip()


def _inner(element):
    """The element's content as HTML (text and children, not the element's own tag)."""
    parts = [html.escape(element.text, quote=False)] if element.text else []
    parts += [etree.tostring(child, encoding="unicode", method="html", with_tail=True) for child in element]
    return "".join(parts).strip()


def _text(element):
    return " ".join(element.text_content().split())


def _int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _image(img, caption="", library=None):
    """An image block; ``library`` maps library image ids to their API form
    (``api.present.image``) for the <img data-file> references of the body."""
    ref = _int(img.get("data-file"))
    if ref is not None and library is not None:
        found = library.get(ref)
        if found is None:
            return None  # no longer in the library: the page leaves it out too
        whole = [r for r in found["renditions"] if r["ratio"] == "full"] or found["renditions"]
        return {
            "type": "image",
            "url": whole[-1]["url"] if whole else "",
            "alt": found["alt"],
            "caption": caption or found["caption"],
            "width": found["width"] or None,
            "height": found["height"] or None,
            "image": {"id": ref, **found},
        }
    return {
        "type": "image",
        "url": absolute(img.get("src", "")),
        "alt": img.get("alt", ""),
        "caption": caption,
        "width": _int(img.get("width")),
        "height": _int(img.get("height")),
        "image": None,
    }


def _tweet(element):
    links = [a.get("href", "") for a in element.iter("a")]
    status = next((h for h in reversed(links) if (urlsplit(h).hostname or "").lower() in _TWEET_HOSTS), "")
    return {
        "type": "embed",
        "provider": "x",
        "url": status,
        "html": _outer(element),
        "text": _text(element),
        "frame": None,
    }


def _embed(element):
    link = next(element.iter("a"), None)
    found = embeds.parse_embed(link.get("href", "")) if link is not None else None
    if found is None:
        return None
    return {
        "type": "embed",
        "provider": found.provider,
        "url": found.url,
        "html": _outer(element),
        "text": found.url,
        "frame": found.frame,
    }


def _cell(cell):
    return {
        "html": _inner(cell),
        "text": _text(cell),
        "header": cell.tag == "th",
        "colspan": _int(cell.get("colspan")) or 1,
        "rowspan": _int(cell.get("rowspan")) or 1,
    }


def _table(element):
    caption = next(element.iter("caption"), None)
    head, rows = [], []
    for tr in element.iter("tr"):
        cells = [_cell(c) for c in tr if c.tag in ("th", "td")]
        (head if tr.getparent().tag == "thead" else rows).append(cells)
    return {"type": "table", "caption": _text(caption) if caption is not None else "", "head": head, "rows": rows}


def _block(element, library=None):
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "p":
        lone = list(element)
        if len(lone) == 1 and lone[0].tag == "img" and not _text(element):
            return _image(lone[0], library=library)
        return {"type": "paragraph", "html": _inner(element), "text": _text(element)}
    if tag in ("h2", "h3", "h4"):
        return {"type": "heading", "level": int(tag[1]), "text": _text(element)}
    if tag == "blockquote":
        if "twitter-tweet" in (element.get("class") or ""):
            return _tweet(element)
        return {"type": "quote", "html": _inner(element), "text": _text(element), "cite": element.get("cite") or None}
    if tag in ("ul", "ol"):
        items = [{"html": _inner(li), "text": _text(li)} for li in element if li.tag == "li"]
        return {"type": "list", "ordered": tag == "ol", "items": items}
    if tag == "figure":
        if element.get("data-embed"):
            return _embed(element) or {"type": "html", "html": _outer(element)}
        img = next(element.iter("img"), None)
        if img is not None:
            caption = next(element.iter("figcaption"), None)
            return _image(img, _text(caption) if caption is not None else "", library)
    if tag == "table":
        return _table(element)
    if tag == "img":
        return _image(element, library=library)
    if not tag:  # a comment or processing instruction: the sanitiser leaves none
        return None
    return {"type": "html", "html": _outer(element)}


def body_blocks(body_html, related=None, library=None):
    """``[block dict]`` of a stored (sanitised) article body, in reading order.

    ``related``: the "Related News" entries (already built dicts) placed after the
    third paragraph, or at the end of a shorter body; none or empty: no such block.
    ``library``: {image id: ``api.present.image`` dict} of the library images the body
    shows (``articles.body_media.library_images``); None: their <img> is given as stored.
    """
    blocks = []
    if body_html and body_html.strip():
        for piece in lxml.html.fragments_fromstring(body_html):
            if isinstance(piece, str):
                if piece.strip():
                    text = " ".join(piece.split())
                    blocks.append({"type": "paragraph", "html": html.escape(text, quote=False), "text": text})
                continue
            block = _block(piece, library)
            if block:
                blocks.append(block)
            tail = (piece.tail or "").strip()
            if tail:
                text = " ".join(tail.split())
                blocks.append({"type": "paragraph", "html": html.escape(text, quote=False), "text": text})
    if related:
        box = {"type": "related", "articles": related}
        paragraphs = [i for i, b in enumerate(blocks) if b["type"] == "paragraph"]
        at = (
            paragraphs[RELATED_AFTER_PARAGRAPHS - 1] + 1 if len(paragraphs) >= RELATED_AFTER_PARAGRAPHS else len(blocks)
        )
        blocks.insert(at, box)
    return blocks
