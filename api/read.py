"""The read API: exactly what readers may see, as JSON.

Every article query starts from ``Article.objects.published()``, and every list from
the same selectors as the public pages (``public.selectors``): tags and authors exist
here only once a published article uses them, the ticker shows live items, Most Read
and search are the site's own. The one exception is ``/preview/...``, behind a key of
scope ``preview``, answered ``private, no-store``.
"""

import functools
from typing import Literal
from urllib.parse import unquote, urlsplit

from django.db.models import F
from django.db.models.functions import Greatest
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from api import present
from api.http import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Problem,
    add_link,
    aware,
    decode_cursor,
    keyset_page,
    next_url,
)
from api.http import encode_cursor as make_cursor
from api.keys import preview_key
from api.schemas import (
    NO_NUL,
    ArticleOut,
    ArticlePage,
    AuthorOut,
    AuthorPage,
    BreakingOut,
    CorrectionPage,
    DayIn,
    InstantIn,
    LiveUpdatePage,
    MenusOut,
    MostReadOut,
    ProblemOut,
    RegionOut,
    SectionNodeOut,
    TagPage,
)
from articles import editions
from articles.models import Article, BreakingItem, LiveUpdate, Region
from public import selectors
from public.search_form import ArticleSearchFilter

router = Router(tags=["read"])

ERRORS = {400: ProblemOut, 404: ProblemOut, 429: ProblemOut}
LIST_ORDER = ("-published_at", "-pk")
SYNC_ORDER = ("changed_at", "pk")
Limit = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
# The configured editions' codes (settings.EDITIONS, fixed at start-up).
EditionCode = Literal[tuple(editions.editions())]
EditionParam = Query(
    None,
    description="Edition code (`en`, `ar`, `es`): its articles, sections, regions, tags, ticker and "
    "rankings, as its pages show them. Default: the default edition (`en`).",
)


def in_edition(view):
    """Run ``view`` with its ``edition`` parameter's edition active (``articles.editions``):
    the selectors it reads (section tree, region bar, ticker, Most Read, visible articles)
    are that edition's, and URLs point into it. The parameter stays in the signature, so
    the OpenAPI document lists it."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with editions.override(kwargs.get("edition") or editions.default_code()):
            return view(request, *args, **kwargs)

    return wrapper


Cursor = Query(
    None, description="The `cursor` of a `next` link; absent for the first page.", max_length=200, pattern=NO_NUL
)
Format = Literal["standard", "video", "gallery", "infograph", "live"]


def not_found(detail):
    return Problem(404, "Not Found", detail)


def _listing(queryset):
    """Cards as lists show them: bylines, section, hero image, tags and regions in a
    fixed number of queries whatever the page size."""
    return queryset.for_listing().prefetch_related("tags", "regions")


def _section_ids(path):
    tree = selectors.section_tree()
    node = tree.by_path.get(path.strip("/"))
    if node is None:
        raise not_found(f"No section at “{path}”.")
    return tree.descendant_ids(node)


def _page(request, response, page, items):
    url = next_url(request, page.next_cursor)
    if url:
        add_link(response, url, "next")
    return {"items": items, "next": url}


@router.get(
    "/articles",
    response={200: ArticlePage, **ERRORS},
    url_name="articles",
    summary="Published articles, newest first (or, with updated_since, in order of change)",
)
@in_edition
def list_articles(
    request: HttpRequest,
    response: HttpResponse,
    edition: EditionCode | None = EditionParam,
    section: str | None = Query(
        None, description="Section path; includes its sub-sections.", max_length=255, pattern=NO_NUL
    ),
    region: str | None = Query(None, description="Region slug.", max_length=100, pattern=NO_NUL),
    tag: str | None = Query(None, description="Tag slug.", max_length=100, pattern=NO_NUL),
    author: str | None = Query(None, description="Author slug.", max_length=200, pattern=NO_NUL),
    format: Format | None = Query(None, description="Article format."),  # noqa: A002 -- the field's name
    date_from: DayIn | None = Query(None, description="Published on or after this day (site time zone)."),
    date_to: DayIn | None = Query(None, description="Published on or before this day (site time zone)."),
    updated_since: InstantIn | None = Query(
        None,
        description="Sync mode: articles whose `changed_at` is at or after this time (with an offset), oldest "
        "change first. The page then always carries `next`: poll it later to get every later change exactly once.",
    ),
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """One edition's articles (``edition``). Filters combine (AND). An unknown section,
    region, tag or author is a 404, as its page is."""
    articles = selectors.published()
    if section:
        articles = articles.in_sections(_section_ids(section))
    if region:
        found = Region.objects.filter(slug=region, edition=editions.current().code).first()
        if found is None:
            raise not_found(f"No region “{region}”.")
        articles = articles.filter(regions=found)
    if tag:
        found = selectors.tags_in_use().filter(slug=tag).first()
        if found is None:
            raise not_found(f"No tag “{tag}”.")
        articles = articles.filter(tags=found)
    if author:
        found = selectors.authors_in_use().filter(slug=author).first()
        if found is None:
            raise not_found(f"No author “{author}”.")
        articles = articles.filter(bylines__author=found)
    if format:
        articles = articles.filter(format=format)
    if date_from:
        articles = articles.filter(published_at__date__gte=date_from)
    if date_to:
        articles = articles.filter(published_at__date__lte=date_to)
    if updated_since is None:
        page = keyset_page(_listing(articles), LIST_ORDER, cursor, limit, (aware, int))
        return _page(request, response, page, [present.card(a) for a in page.items])

    # A scheduled article changes for readers when it goes live, after its last save.
    changed = articles.alias(changed_at=Greatest(F("last_saved_at"), F("published_at")))
    if not cursor:
        changed = changed.filter(changed_at__gte=updated_since)
    page = keyset_page(
        _listing(changed),
        SYNC_ORDER,
        cursor,
        limit,
        (aware, int),
        key=lambda a: [present.changed_at(a), a.pk],
    )
    # Sync mode: always a next link, after the last change seen (or the same cursor).
    if page.next_cursor is None:
        page.next_cursor = make_cursor([present.changed_at(page.items[-1]), page.items[-1].pk]) if page.items else None
        page.next_cursor = page.next_cursor or cursor or make_cursor([updated_since, 0])
    return _page(request, response, page, [present.card(a) for a in page.items])


def detail_data(article):
    """The ``ArticleOut`` dict of ``article`` (loaded ``for_detail()``): gallery or live items and
    the Related News box loaded as the article page loads them. Built in the article's
    edition, whatever the request's: every URL in it (tags, authors, related stories)
    points into that edition, as the links of its page do."""
    with editions.override(article.edition):
        selectors.ensure_format_items(article)
        return present.detail(article, selectors.related_articles(article))


@router.get("/articles/by-path", response={200: ArticleOut, **ERRORS}, url_name="article_by_path")
def article_by_path(
    request: HttpRequest,
    path: str = Query(
        ...,
        description="The article's public path or URL, e.g. `/news/politics/<slug>`.",
        max_length=1000,
        pattern=NO_NUL,
    ),
):
    """A published article by the address of its page (what a shared link or a push carries)."""
    parts = unquote(urlsplit(path).path).strip("/")
    edition = editions.from_path(parts)  # "/ar/…": the Arabic edition's article
    if edition.prefix:
        parts = parts.removeprefix(edition.prefix).strip("/")
    section_path, _, slug = parts.rpartition("/")
    article = None
    if section_path and slug and "\x00" not in parts:
        found = Article.objects.published().for_detail().filter(edition=edition.code)
        article = found.filter(section__path=section_path, slug=slug).first()
    if article is None:
        raise not_found("No published article at this path.")
    return detail_data(article)


@router.get("/articles/{article_id}", response={200: ArticleOut, **ERRORS}, url_name="article")
def article_detail(request: HttpRequest, article_id: int):
    """A published article: body as sanitised HTML and as blocks, gallery, related articles."""
    article = Article.objects.published().for_detail().filter(pk=article_id).first()
    if article is None:
        raise not_found(f"No published article {article_id}.")
    return detail_data(article)


@router.get("/articles/{article_id}/live-updates", response={200: LiveUpdatePage, **ERRORS}, url_name="live_updates")
def live_updates(
    request: HttpRequest,
    response: HttpResponse,
    article_id: int,
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Updates of a live article, oldest first. Without a cursor: the newest ``limit``
    updates. ``next`` names the last update given (or the cursor sent, when none is
    new): poll it for what was posted since, each update exactly once."""
    article = Article.objects.published().filter(pk=article_id).only("pk", "edition").first()
    if article is None:
        raise not_found(f"No published article {article_id}.")
    updates = LiveUpdate.objects.for_page().filter(article=article)  # deleted ones are gone
    if cursor:
        (after,) = decode_cursor(cursor, (int,))
        items = list(updates.filter(pk__gt=after).order_by("pk")[:limit])
    else:
        items = list(updates.order_by("-pk")[:limit])[::-1]
    last = items[-1].pk if items else (after if cursor else 0)
    url = next_url(request, make_cursor([last]))
    add_link(response, url, "next")
    with editions.override(article.edition):  # the updates' links are the blog's edition's
        return {"items": [present.live_update(u) for u in items], "next": url}


@router.get("/corrections", response={200: CorrectionPage, **ERRORS}, url_name="corrections")
@in_edition
def corrections(
    request: HttpRequest,
    response: HttpResponse,
    edition: EditionCode | None = EditionParam,
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Published corrections, clarifications and update notes on published articles,
    newest first: the site's `/corrections`. Proposed notices never appear."""
    page = keyset_page(selectors.published_corrections(), LIST_ORDER, cursor, limit, (aware, int))
    return _page(request, response, page, [present.correction(n) for n in page.items])


@router.get("/sections", response={200: list[SectionNodeOut], **ERRORS}, url_name="sections")
@in_edition
def sections(request: HttpRequest, edition: EditionCode | None = EditionParam):
    """The whole section tree, in menu order."""
    return [present.section_node(n) for n in selectors.section_tree().roots]


@router.get("/menus", response={200: MenusOut, **ERRORS}, url_name="menus")
@in_edition
def menus(request: HttpRequest, edition: EditionCode | None = EditionParam):
    """The site's two menus: sections (with sub-menus) and the region bar."""
    tree = selectors.section_tree()
    return {
        "main": [present.menu_entry(n) for n in tree.menu],
        "regions": [
            {"name": r.name, "url": present.absolute(r.get_absolute_url()), "children": []}
            for r in selectors.menu_regions()
        ],
    }


@router.get("/regions", response={200: list[RegionOut], **ERRORS}, url_name="regions")
@in_edition
def regions(request: HttpRequest, edition: EditionCode | None = EditionParam):
    """Every region, in menu order (a short, fixed list: not paginated)."""
    return [
        present.region(r) for r in Region.objects.filter(edition=editions.current().code).order_by("position", "name")
    ]


@router.get("/tags", response={200: TagPage, **ERRORS}, url_name="tags")
@in_edition
def tags(
    request: HttpRequest,
    response: HttpResponse,
    edition: EditionCode | None = EditionParam,
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Tags used by at least one published article, A–Z by slug."""
    page = keyset_page(selectors.tags_in_use(), ("slug", "pk"), cursor, limit, (str, int))
    return _page(request, response, page, [present.tag(t) for t in page.items])


@router.get("/authors", response={200: AuthorPage, **ERRORS}, url_name="authors")
@in_edition
def authors(
    request: HttpRequest,
    response: HttpResponse,
    edition: EditionCode | None = EditionParam,
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Authors with at least one published article, A–Z by slug."""
    queryset = selectors.authors_in_use().select_related("photo")
    page = keyset_page(queryset, ("slug", "pk"), cursor, limit, (str, int))
    return _page(request, response, page, [present.author(a) for a in page.items])


@router.get("/authors/{slug}", response={200: AuthorOut, **ERRORS}, url_name="author")
@in_edition
def author_detail(request: HttpRequest, slug: str, edition: EditionCode | None = EditionParam):
    found = selectors.authors_in_use().select_related("photo").filter(slug=slug).first()
    if found is None:
        raise not_found(f"No author “{slug}”.")
    return present.author(found)


@router.get("/breaking", response={200: list[BreakingOut], **ERRORS}, url_name="breaking")
@in_edition
def breaking(request: HttpRequest, edition: EditionCode | None = EditionParam):
    """The ticker: breaking items live now, in ticker order."""
    return [present.breaking(item) for item in BreakingItem.objects.filter(edition=editions.current().code).live()]


@router.get("/most-read", response={200: MostReadOut, **ERRORS}, url_name="most_read")
@in_edition
def most_read(request: HttpRequest, limit: int = Query(4, ge=1, le=10), edition: EditionCode | None = EditionParam):
    """The most read published articles of the last 7 days (topped up with the newest), as on the site."""
    chosen = [a.pk for a in selectors.most_read(limit)]
    found = {a.pk: a for a in _listing(Article.objects.published().filter(pk__in=chosen))}
    return {"items": [present.card(found[pk]) for pk in chosen if pk in found]}


@router.get("/search", response={200: ArticlePage, **ERRORS}, url_name="search")
@in_edition
def search(
    request: HttpRequest,
    response: HttpResponse,
    edition: EditionCode | None = EditionParam,
    q: str | None = Query(None, description='Words, "quoted phrases", -minus words.', max_length=1000, pattern=NO_NUL),
    section: str | None = Query(
        None, description="Section path; includes its sub-sections.", max_length=255, pattern=NO_NUL
    ),
    region: str | None = Query(None, description="Region slug.", max_length=100, pattern=NO_NUL),
    tag: str | None = Query(None, description="Tag name or slug.", max_length=100, pattern=NO_NUL),
    author: str | None = Query(None, description="Author name or slug.", max_length=200, pattern=NO_NUL),
    format: Format | None = Query(None),  # noqa: A002
    date_from: DayIn | None = Query(None),
    date_to: DayIn | None = Query(None),
    cursor: str | None = Cursor,
    limit: int = Limit,
):
    """Search with the semantics of the site's `/search`: the same filters and ranking
    (best match first), nothing without a query or filter; an unknown section, region,
    author or tag is a 404 naming it."""
    data = {k: v for k, v in request.GET.items() if k in ArticleSearchFilter.base_filters}
    if section:
        data["section"] = str(_section_node_id(section))
    filterset = ArticleSearchFilter(data or None, queryset=_listing(selectors.published()).newest_first())
    if not filterset.has_query:
        return {"items": [], "next": None}
    if not filterset.is_valid():
        # As on /articles: a filter naming something we do not have (or do not show) is a
        # 404 naming it; the search page shows the same messages as form errors.
        errors = [{"parameter": k, "message": " ".join(v)} for k, v in filterset.errors.items()]
        raise Problem(404, "Not Found", "A filter names nothing we have.", code="unknown-filter", errors=errors)
    # Ranked results have no stable key to resume from: the cursor is a position within
    # the ranking (search ranks within the newest SEARCH_WINDOW matches anyway).
    offset = decode_offset(cursor) if cursor else 0
    rows = list(filterset.qs[offset : offset + limit + 1])
    items, more = rows[:limit], len(rows) > limit
    url = next_url(request, make_cursor([offset + limit]) if more else None)
    if url:
        add_link(response, url, "next")
    return {"items": [present.card(a) for a in items], "next": url}


def _section_node_id(path):
    node = selectors.section_tree().by_path.get(path.strip("/"))
    if node is None:
        raise not_found(f"No section at “{path}”.")
    return node.id


def decode_offset(cursor):
    (offset,) = decode_cursor(cursor, (int,))
    if offset < 0:
        raise Problem(400, "Invalid cursor", "Use the `next` link of a previous page.", code="invalid-cursor")
    return offset


preview = Router(auth=preview_key, tags=["preview"])


@preview.get(
    "/articles/{article_id}",
    response={200: ArticleOut, 401: ProblemOut, 403: ProblemOut, **ERRORS},
    url_name="preview_article",
)
def preview_article(request: HttpRequest, article_id: int):
    """Any article, whatever its status (drafts, scheduled, unpublished): the apps'
    editorial preview. Needs a key of scope `preview` or `write`; never cached."""
    request.api_private = True
    article = Article.objects.for_detail().filter(pk=article_id).first()
    if article is None:
        raise not_found(f"No article {article_id}.")
    return detail_data(article)
