"""The section/article dispatcher and the article page."""

from urllib.parse import quote

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from articles import editions
from articles.editions import reverse
from articles.models import Article
from articles.slugs import is_url_segment
from public import metadata, readcount, selectors
from public.caching import make_private, public_page
from public.views.live import live_context
from public.views.paging import paginate
from public.views.video import video_embed


@public_page
def section_or_article(request, path=None, section_path=None, slug=None):
    """``/news/politics`` is a section, ``/news/politics/<slug>`` an article.

    Sections come from the cached tree (no query), so a section page never pays for
    a failed article lookup, and an article page never for a section lookup.
    """
    tree = selectors.section_tree()
    full_path = path or f"{section_path}/{slug}"
    node = tree.by_path.get(full_path)
    if node:
        return section_page(request, tree, node)
    if section_path is None or section_path not in tree.by_path:
        raise Http404("No such page")
    article = selectors.article_for_page(section_path, slug)
    if article is None:
        raise Http404("No such article")
    return render_article(request, article)


def section_page(request, tree, node):
    page = paginate(request, selectors.section_articles(tree, node))
    crumbs = [("Home", reverse("public:home"))] + [(n.name, n.get_absolute_url()) for n in tree.ancestors(node)]
    meta = metadata.page(
        node.name,
        node.get_absolute_url(),
        node.description or f"The latest {node.name} news from {editions.current().site_name}.",
        crumbs=crumbs,
    )
    context = {
        "meta": meta,
        "heading": node.name,
        "intro": node.description,
        "crumbs": crumbs[1:-1],
        "subsections": node.menu_children,
        "page": page,
        "feed_url": reverse("public:rss_section", kwargs={"path": node.path}),
    }
    return render(request, "articles/listing.html", context)


def render_article(request, article, *, preview=False):
    """The article page for ``article``.

    The admin preview calls it with ``preview=True``: a visible "Draft preview"
    banner, ``noindex``, and headers that forbid any cache to keep it. The page is
    rendered in the article's edition (its language, time zone, menus and links),
    whichever edition the request came in.
    """
    edition = editions.get(article.edition)
    with editions.override(edition):
        if preview:
            request.current_app = edition.namespace
        return _render_article(request, article, preview)


def _render_article(request, article, preview):
    tree = selectors.section_tree()
    selectors.ensure_format_items(article)
    node = tree.by_id.get(article.section_id)
    ancestors = tree.ancestors(node) if node else []
    crumbs = [("Home", reverse("public:home"))] + [(n.name, n.get_absolute_url()) for n in ancestors]
    related = selectors.related_articles(article)
    translations = selectors.translations(article)
    # The header's edition links go to these (public.context_processors.edition_links).
    request.translations = {t.edition: t.get_absolute_url() for t in translations}
    page_crumbs = crumbs + [(article.headline, article.get_absolute_url())]
    context = {
        "article": article,
        "preview": preview,
        "meta": metadata.article(article, page_crumbs, preview=preview, translations=translations),
        "crumbs": crumbs[1:],
        "authors": article.byline_authors,
        # Tags whose slug can be a URL segment (articles.slugs): a bad row loses its link, not the page.
        "tags": [t for t in article.tags.all() if is_url_segment(t.slug)],
        "related": related,
        "read_next": selectors.read_next(tree, article, [a.pk for a in related]),
        "most_read": [a for a in selectors.most_read(5) if a.pk != article.pk][:4],
        "share": share_links(article),
        "video": video_embed(article.video_url) if article.format == Article.Format.VIDEO else None,
        # Previews count no reads: they get no beacon at all.
        "beacon_token": None if preview else readcount.make_token(article.pk),
        "live": live_context(article) if article.format == Article.Format.LIVE else None,
        "corrections_url": reverse("public:corrections"),
    }
    response = render(request, "articles/article.html", context)
    if preview:
        make_private(response)
    elif article.is_live_coverage:
        # Readers arriving on a running live blog get a page at most this old.
        response.cache_seconds = settings.LIVE_PAGE_SECONDS
    return response


def share_links(article):
    """Plain share links: no third-party script runs on our page."""
    url = quote(metadata.absolute(article.get_absolute_url()), safe="")
    text = quote(article.headline, safe="")
    return [
        ("X", f"https://x.com/intent/post?url={url}&text={text}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
        ("WhatsApp", f"https://wa.me/?text={text}%20{url}"),
        ("Telegram", f"https://t.me/share/url?url={url}&text={text}"),
    ]
