"""Models → the API's dicts (shapes in ``api.schemas``). No queries here: callers load
what is shown with the querysets of ``api.read`` (``for_listing()``, prefetches)."""

from datetime import UTC

from django.conf import settings
from django.urls import reverse

from api.blocks import body_blocks
from articles import body_media, editions
from articles.images import UNCROPPED
from public import metadata

RATIO_ORDER = ("16x9", "4x3", "1x1", UNCROPPED)


def absolute(url):
    """``url`` made absolute on the site's origin (``public.metadata.absolute``), with a
    fast path for a reversed or stored path ("/..."): a list of 20 cards makes ~700 URLs,
    and ``urljoin`` was the largest single cost of the response."""
    if url.startswith("/") and not url.startswith("//"):
        return settings.SITE_URL + url
    return metadata.absolute(url)


def utc(moment):
    """An aware datetime in UTC (None stays None): every time the API gives."""
    return moment.astimezone(UTC) if moment else None


def api_url(name, **kwargs):
    return absolute(reverse(f"api-1:{name}", kwargs=kwargs))


def image(img):
    """An ``articles.Image`` with every rendition (absolute URLs with their sizes)."""
    if img is None:
        return None
    storage = img.file.storage
    renditions = [
        {"ratio": ratio, "width": r["w"], "height": r["h"], "url": absolute(storage.url(r["name"]))}
        for ratio in RATIO_ORDER
        for r in img.renditions.get(ratio, [])
    ]
    return {
        "alt": img.alt_text,
        "caption": img.caption,
        "credit": img.credit,
        "width": img.width,
        "height": img.height,
        "renditions": renditions,
    }


def body_library(body_html):
    """{id: ``image()``} of the library images the body ``body_html`` shows: one query
    when it shows any, none otherwise."""
    return {pk: image(img) for pk, img in body_media.library_images(body_html).items()}


def section_ref(section):
    return {"id": section.pk, "name": section.name, "path": section.path, "url": absolute(section.get_absolute_url())}


def region(r):
    return {"id": r.pk, "name": r.name, "slug": r.slug, "url": absolute(r.get_absolute_url())}


def tag(t):
    # The tag page of the active edition (tags are shared; each edition has its page).
    url = editions.reverse("public:tag", kwargs={"slug": t.slug})
    return {"id": t.pk, "name": t.name, "slug": t.slug, "url": absolute(url)}


def author_ref(a):
    return {"id": a.pk, "name": a.name, "slug": a.slug, "role": a.role, "url": absolute(a.get_absolute_url())}


def author(a):
    return {
        **author_ref(a),
        "bio": a.bio,
        "is_organisation": a.is_organisation,
        "x_handle": a.x_handle,
        "website": a.website,
        "photo": image(a.photo) if a.photo_id else None,
    }


def changed_at(article):
    """When readers last saw ``article`` change: its last save, or its publication when a
    scheduled article went live after it was saved."""
    if article.published_at and article.published_at > article.last_saved_at:
        return article.published_at
    return article.last_saved_at


def card(article):
    """An article in a list; needs ``for_listing()`` plus prefetched tags and regions."""
    return {
        "id": article.pk,
        "url": absolute(article.get_absolute_url()),
        "api_url": api_url("article", article_id=article.pk),
        "headline": article.headline,
        "standfirst": article.standfirst,
        "section": section_ref(article.section),
        "format": article.format,
        "authors": [author_ref(a) for a in article.byline_authors],
        "regions": [region(r) for r in article.regions.all()],
        "tags": [tag(t) for t in article.tags.all()],
        "source": article.source,
        "edition": article.edition,
        "language": article.language,
        "published_at": utc(article.published_at),
        "updated_at": utc(article.revised_at),
        "changed_at": utc(changed_at(article)),
        "reading_time": article.reading_time,
        "hero_image": image(article.hero_image) if article.hero_image_id else None,
    }


def related_ref(article):
    return {
        "id": article.pk,
        "headline": article.headline,
        "url": absolute(article.get_absolute_url()),
        "api_url": api_url("article", article_id=article.pk),
    }


def detail(article, related):
    """An article with its body (HTML and blocks), gallery and related articles.

    ``related``: the articles of its Related News box (``public.selectors.related_articles``).
    A draft in a preview has no public URL yet, but the one it will have is given.
    """
    related_refs = [related_ref(a) for a in related]
    library = body_media.library_images(article.body)
    gallery = getattr(article, "ordered_gallery", None) or []
    return {
        **card(article),
        "published_at": utc(article.published_at),
        "status": article.status,
        "version": article.version,
        # Library images at their current renditions (a new crop renames them).
        "body_html": body_media.with_current_sources(article.body, library),
        "blocks": body_blocks(article.body, related_refs, library={pk: image(i) for pk, i in library.items()}),
        "word_count": article.word_count,
        "video_url": article.video_url,
        "gallery": [{"caption": item.display_caption, "image": image(item.image)} for item in gallery],
        "related": related_refs,
        "corrections": [correction_ref(n) for n in getattr(article, "published_corrections", [])],
    }


def correction_ref(notice):
    """A published notice as its article shows it (``notice.article`` loaded)."""
    return {
        "id": notice.pk,
        "kind": notice.kind,
        "text": notice.text,
        "published_at": utc(notice.published_at),
        "url": absolute(notice.get_absolute_url()),
    }


def correction(notice):
    """A published notice in the list of notices; needs ``article__section`` loaded."""
    return {**correction_ref(notice), "article": related_ref(notice.article)}


def notice(n):
    """A notice as the newsroom sees it, proposed or published (the write API's answer)."""
    return {
        "id": n.pk,
        "article_id": n.article_id,
        "kind": n.kind,
        "text": n.text,
        "status": n.status,
        "created_at": utc(n.created_at),
        "published_at": utc(n.published_at),
    }


def live_update(update):
    """An update with what its card on the live page shows (``public/views/live.py``,
    ``_live_updates.html``): the reporter's name only when the page shows one. Needs
    ``LiveUpdate.objects.for_page()`` (image and poster loaded)."""
    name = update.posted_by.get_full_name() if update.posted_by_id else ""
    return {
        "id": update.pk,
        "article_id": update.article_id,
        "posted_at": utc(update.posted_at),
        "title": update.title,
        "body_html": update.body,
        "blocks": body_blocks(update.body),
        "key_event": update.key_event,
        "pinned": update.pinned,
        "image": image(update.image) if update.image_id else None,
        "embed_url": update.embed_url or None,
        "posted_by": name or None,
    }


def breaking(item):
    link = item.link
    return {
        "id": item.pk,
        "text": item.text,
        "attribution": item.attribution,
        "link": absolute(link) if link else None,
        "article_id": item.article_id if item.article_id and item.article.is_published else None,
        "starts_at": utc(item.starts_at),
        "ends_at": utc(item.ends_at),
    }


def section_node(node):
    """A ``SectionTree`` node with its children, recursively."""
    return {
        "id": node.id,
        "name": node.name,
        "slug": node.slug,
        "path": node.path,
        "url": absolute(node.get_absolute_url()),
        "description": node.description,
        "show_in_menu": node.show_in_menu,
        "children": [section_node(c) for c in node.children],
    }


def menu_entry(node):
    return {
        "name": node.name,
        "url": absolute(node.get_absolute_url()),
        "children": [menu_entry(c) for c in node.menu_children],
    }
