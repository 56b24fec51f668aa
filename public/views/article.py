"""The section/article dispatcher and the article page."""

from urllib.parse import quote

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from articles import editions
from articles.editions import reverse
from articles.models import Article
from public import boxes, caching, fragments, metadata, readcount, selectors
from public.body import reader_body
from public.caching import make_private, public_page
from public.templatetags.newsroom import outline_headings, split_after_paragraphs
from public.views.live import live_context
from public.views.paging import cached_listing
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
    article = fragments.article_for_page(tree.by_path[section_path], slug)
    if article is None:
        raise Http404("No such article")
    return render_article(request, article)


def section_page(request, tree, node):
    page = section_listing(request, tree, node)
    # Its own key: a publish anywhere below it touches it (sections up the tree).
    caching.shows(f"section:{node.id}", *caching.article_keys(page, bylines=True))
    crumbs = [(_("Home"), reverse("public:home"))] + [(n.name, n.get_absolute_url()) for n in tree.ancestors(node)]
    meta = metadata.page(
        node.name,
        node.get_absolute_url(),
        node.description
        or _("The latest %(section)s news from %(site)s.")
        % {"section": node.name, "site": editions.current().site_name},
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
        # Its content block: the keys shown, and the query string its page links carry.
        "block_parts": (request.get_full_path(),),
    }
    return render(request, "articles/listing.html", context)


def section_listing(request, tree, node):
    """The requested page of section ``node``'s listing (``paging.cached_listing``): its
    ids kept under the version of ``section:<id>`` (a publish, unpublish, move or edit
    of any story below it touches it; scheduled ones by the clock)."""
    return cached_listing(
        request, "section-page", node.id, f"section:{node.id}", lambda: selectors.section_articles(tree, node)
    )


def render_article(request, article, *, preview=False):
    """The article page for ``article``.

    The admin preview calls it with ``preview=True``: a visible "Draft preview"
    banner, ``noindex``, and headers that forbid any cache to keep it. The page is
    rendered in the article's edition (its language, time zone, menus and links),
    whichever edition the request came in.
    """
    edition = editions.get(article.edition)
    with editions.override(edition):
        if not preview:
            return _render_article(request, article, preview)
        request.current_app = edition.namespace
        # A draft: no fragment of the published site is read or written.
        with caching.previewing_drafts():
            return _render_article(request, article, preview)


def _render_article(request, article, preview):
    tree = selectors.section_tree()
    selectors.ensure_format_items(article)
    node = tree.by_id.get(article.section_id)
    ancestors = tree.ancestors(node) if node else []
    crumbs = [(_("Home"), reverse("public:home"))] + [(n.name, n.get_absolute_url()) for n in ancestors]
    related = fragments.related(article)
    top = tree.top(node) if node else None
    translations = getattr(article, "page_translations", None)
    if translations is None:  # a preview
        translations = selectors.translations(article)
    # The header's edition links go to these (public.context_processors.edition_links).
    request.translations = {t.edition: t.get_absolute_url() for t in translations}
    page_crumbs = crumbs + [(article.headline, article.get_absolute_url())]
    # Read Next and Most Read are holes filled when the page is served (public.boxes): a
    # publish in its section or a new ranking re-renders their blocks, not this page.
    caching.shows(
        *caching.article_keys([article, *related, *translations]),
        *(f"author-name:{a.pk}" for a in article.byline_authors),
        *(f"tag-name:{pk}" for pk, _name, _slug in article.tag_list or ()),
        # What picks Related besides its cards (its tags when computed live, its section
        # when that tops it up): shown on every render, fragments on or not.
        *fragments.related_keys(article, related),
        *([f"live:{article.pk}"] if article.format == Article.Format.LIVE else []),
    )
    # Previews count no reads: they get no beacon at all.
    beacon_token = None if preview else readcount.make_token(article.pk)
    context = {
        "article": article,
        # Library images as the library holds them now; embeds that load on request.
        "body_parts": body_parts(article),
        "preview": preview,
        # Built when a fragment showing it is rendered (its image URLs cost most).
        "meta": SimpleLazyObject(
            lambda: metadata.article(article, page_crumbs, preview=preview, translations=translations)
        ),
        "crumbs": crumbs[1:],
        "authors": article.byline_authors,
        "tags": article.shown_tags,
        "related": related,
        "read_next": boxes.box(
            "read-next",
            top.id if top else "home",
            boxes.READ_NEXT_SIZE,
            exclude=article.pk,
            prefer_not=[a.pk for a in related],
        ),
        "most_read": boxes.box("most-read", boxes.MOST_READ_BLOCK, boxes.MOST_READ_BLOCK - 1, exclude=article.pk),
        "share": share_links(article),
        "video": video_embed(article.video_url) if article.format == Article.Format.VIDEO else None,
        "beacon_token": beacon_token,
        "live": live_context(article) if article.format == Article.Format.LIVE else None,
        "corrections_url": reverse("public:corrections"),
        # Its content block: the keys shown and the beacon's token (a live blog's changes
        # with its updates: rendered every time).
        "block_parts": None if article.format == Article.Format.LIVE else (article.pk, beacon_token),
    }
    response = render(request, "articles/article.html", context)
    if preview:
        make_private(response)
    elif article.is_live_coverage:
        # Readers arriving on a running live blog get a page at most this old.
        response.cache_seconds = settings.LIVE_PAGE_SECONDS
    return response


def body_parts(article):
    """The body as the page shows it (library images from the library now, headings
    outlined, Related News after the third paragraph): ``[before, after]`` safe HTML,
    kept per article version (``article:<id>``: a library image's change touches the
    stories showing it)."""

    def compute():
        return split_after_paragraphs(outline_headings(reader_body(article.body), 2), 3)

    return fragments.cached("body", (article.pk,), compute, (f"article:{article.pk}",))


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
