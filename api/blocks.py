"""An article body as a list of typed blocks, so the apps render it natively.

The body is stored sanitised (``articles.text_policy``): a small, known set of tags. Each
top-level element becomes one block; inline markup stays as sanitised HTML in ``html``
(apps map <a>, <strong>, <em>… to spans) beside its plain ``text``:

- ``paragraph`` {html, text}
- ``heading`` {level 2–4, text}
- ``quote`` {html, text, cite}
- ``list`` {ordered, items: [{html, text}]}
- ``image`` {url, alt, caption, width, height} (a <figure> or a lone <img>)
- ``embed`` {provider, url, html, text} (an embedded tweet: blockquote.twitter-tweet)
- ``related`` {articles}: the "Related News" box, after the third paragraph as on the page
  (``public.templatetags.newsroom.split_after_paragraphs``), filled by the caller
- ``html`` {html}: anything else top-level (<hr>, <pre>), never dropped

Text outside any element (a bare line) becomes a paragraph.
"""

import html
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

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


def _image(img, caption=""):
    return {
        "type": "image",
        "url": absolute(img.get("src", "")),
        "alt": img.get("alt", ""),
        "caption": caption,
        "width": _int(img.get("width")),
        "height": _int(img.get("height")),
    }


def _tweet(element):
    links = [a.get("href", "") for a in element.iter("a")]
    status = next((h for h in reversed(links) if (urlsplit(h).hostname or "").lower() in _TWEET_HOSTS), "")
    return {"type": "embed", "provider": "x", "url": status, "html": _outer(element), "text": _text(element)}


def _block(element):
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "p":
        lone = list(element)
        if len(lone) == 1 and lone[0].tag == "img" and not _text(element):
            return _image(lone[0])
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
        img = next(element.iter("img"), None)
        if img is not None:
            caption = next(element.iter("figcaption"), None)
            return _image(img, _text(caption) if caption is not None else "")
    if tag == "img":
        return _image(element)
    if not tag:  # a comment or processing instruction: the sanitiser leaves none
        return None
    return {"type": "html", "html": _outer(element)}


def body_blocks(body_html, related=None):
    """``[block dict]`` of a stored (sanitised) article body, in reading order.

    ``related``: the "Related News" entries (already built dicts) placed after the
    third paragraph, or at the end of a shorter body; none or empty: no such block.
    """
    blocks = []
    if body_html and body_html.strip():
        for piece in lxml.html.fragments_fromstring(body_html):
            if isinstance(piece, str):
                if piece.strip():
                    text = " ".join(piece.split())
                    blocks.append({"type": "paragraph", "html": html.escape(text, quote=False), "text": text})
                continue
            block = _block(piece)
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
