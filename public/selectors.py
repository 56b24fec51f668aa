"""Every query a public page runs, each in a function named for what the page shows.

Views only call these; templates only read what they return. Anything shown on every
page (menu, regions, ticker, Most Read) is cached per content generation, so a page
pays for it once per change, not once per request.
"""

from django.conf import settings
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Prefetch, Subquery, Value, When
from django.db.models import prefetch_related_objects as prefetch_objects
from django.utils import timezone
from taggit.models import Tag

from articles.models import (
    Article,
    Author,
    BreakingItem,
    Byline,
    Correction,
    GalleryItem,
    LiveUpdate,
    MostRead,
    Region,
    SectionTree,
    TaggedArticle,
)
from articles.models.article import any_of_slices, computed_related, published_q
from articles.slugs import one_segment_q
from public import caching

# --- site chrome ---------------------------------------------------------------


def section_tree():
    """The section tree (``articles.models.SectionTree``), cached per content generation."""
    return caching.cached("sections", (), SectionTree.load)


def menu_regions():
    """Regions of the region bar, in menu order. A slug no URL can be made of (a row from
    before the constraint of ``articles.slugs``) is left out rather than failing every page."""
    return caching.cached("regions", (), lambda: list(Region.objects.filter(one_segment_q(), show_in_menu=True)))


def live_breaking_items():
    """The ticker: the newest ``BREAKING_TICKER_MAX`` breaking items live now, with their
    links resolved (the /breaking page lists every line)."""

    def load():
        return [
            {"text": item.text, "link": item.link, "attribution": item.attribution, "starts_at": item.starts_at}
            for item in BreakingItem.objects.live()[: settings.BREAKING_TICKER_MAX]
        ]

    return caching.cached("ticker", (), load)


def cards(queryset):
    """Cards without bylines (Most Read, Read Next, blocks): one query, no prefetch; the
    long text columns stay in the database."""
    return queryset.select_related("section", "hero_image").defer("body", "body_text", "search_vector", "search_extra")


def newest_first(articles):
    """``articles`` (loaded) in listing order: newest first, then highest id."""
    return sorted(articles, key=lambda a: (a.published_at, a.pk), reverse=True)


def cards_of(slices, **annotations):
    """The published cards whose id is in any of ``slices`` (small id querysets, see
    ``articles.models.article.any_of_slices``), in one query, each annotated with
    ``most_read_position`` (its place in the stored Most Read ranking, or None).

    A page picks its boxes from what this returns in Python: one round trip instead of
    one per box, each box still cut from its own index-ordered slice.
    """
    slices = [piece for piece in slices if piece is not None]
    return list(
        cards(Article.objects.published())
        .filter(any_of_slices(slices))
        .annotate(most_read_position=F("most_read_place__position"), **annotations)
    )


def most_read_slice():
    return MostRead.objects.order_by("position").values("article_id")


def most_read_of(rows, limit, exclude=()):
    """Most Read picked from rows loaded by ``cards_of`` with ``most_read_slice()``: the
    first ``limit`` in rank order; None when none of them is ranked (no ranking stored
    yet: ask ``most_read()``, which makes one)."""
    ranked = sorted((a for a in rows if a.most_read_position is not None), key=lambda a: a.most_read_position)
    if not ranked:
        return None
    return [a for a in ranked if a.pk not in exclude][:limit]


def most_read(limit=4):
    """The most viewed published articles of the last 7 days, topped up with the newest:
    the stored ranking (``articles.models.MostRead``, refreshed off the request path),
    read in one query. Ranked here only when none is stored yet (a new site)."""

    def load():
        read = most_read_of(cards_of([most_read_slice()]), limit)
        if read is None:
            MostRead.objects.refresh()
            read = most_read_of(cards_of([most_read_slice()]), limit) or []
        return read

    return caching.cached("most-read", (limit,), load)


# --- home ----------------------------------------------------------------------

TOP_STORIES = 7  # home_position 1 is the lead, 2–7 the top stories
COLUMN_SIZE = 5


def _newest_ids(section_ids, count):
    """The ids of the ``count`` newest published articles of ``section_ids`` (every
    section when None): an index-ordered slice for ``cards_of``."""
    qs = Article.objects.published()
    if section_ids is not None:
        qs = qs.in_sections(section_ids)
    return qs.order_by("-published_at", "-pk").values("pk")[:count]


def home_page(tree, column_paths, block_sizes):
    """What the home page shows, in one query for every card (plus the column's bylines):
    ``{"top": [...], "column": [...], "blocks": [{"section", "articles"}], "most_read": [...]}``.

    Lead and top stories: the editors' placements (``home_position`` 1–7) first, then
    the newest. The opinion/analysis column (``column_paths``): its newest ``COLUMN_SIZE``
    not already shown, with bylines. Then a block per main section (``tree.menu``, sizes
    from ``block_sizes`` by path, 3 by default): its newest not shown above. Each slice
    asks for as many more rows as the boxes above it can take, so the boxes picked here
    in Python are exactly those of one query per box.
    """
    column_ids = [pk for p in column_paths if p in tree.by_path for pk in tree.descendant_ids(tree.by_path[p])]
    above = TOP_STORIES + COLUMN_SIZE  # the most a block can lose to boxes above it
    slices = [
        Article.objects.published()
        .filter(home_position__gte=1, home_position__lte=TOP_STORIES)
        .order_by("home_position", "-published_at")
        .values("pk")[:TOP_STORIES],
        _newest_ids(None, 2 * TOP_STORIES),
        _newest_ids(column_ids, COLUMN_SIZE + TOP_STORIES) if column_ids else None,
        most_read_slice(),
    ]
    menu = [(node, tree.descendant_ids(node), block_sizes.get(node.path, 3)) for node in tree.menu]
    slices += [_newest_ids(ids, size + above) for _, ids, size in menu if ids]
    rows = newest_first(cards_of(slices))

    placed = sorted(
        (a for a in rows if a.home_position and 1 <= a.home_position <= TOP_STORIES),
        key=lambda a: a.home_position,  # rows are newest first: a stable sort keeps that within a place
    )[:TOP_STORIES]
    top = placed + [a for a in rows if a not in placed][: TOP_STORIES - len(placed)]
    shown = {a.pk for a in top}
    in_column = set(column_ids)
    column = [a for a in rows if a.section_id in in_column and a.pk not in shown][:COLUMN_SIZE]
    # Bylines for the column's cards only (no query when it is empty).
    prefetch_objects(column, _ordered_bylines())
    shown |= {a.pk for a in column}
    blocks = []
    for node, ids, size in menu:
        ids = set(ids)
        items = [a for a in rows if a.section_id in ids and a.pk not in shown][:size]
        shown |= {a.pk for a in items}
        if items:
            blocks.append({"section": node, "articles": items})
    read = most_read_of(rows, 5)
    return {"top": top, "column": column, "blocks": blocks, "most_read": most_read(5) if read is None else read}


def _ordered_bylines():
    return Prefetch(
        "bylines", queryset=Byline.objects.select_related("author").order_by("position"), to_attr="ordered_bylines"
    )


# --- listings ------------------------------------------------------------------


def section_articles(tree, node):
    """A section page: the section and every sub-section, newest first."""
    return Article.objects.published().in_sections(tree.descendant_ids(node)).for_listing().newest_first()


def region_articles(region):
    return Article.objects.published().filter(regions=region).for_listing().newest_first()


def tags_in_use():
    """Tags carried by at least one published article: the only tags with a page, a
    feed or a sitemap entry. A tag used only by drafts or scheduled stories stays
    unknown to readers (its name alone can leak a story) until one is published.

    An EXISTS per tag walks that tag's rows of the (tag, article) index and stops at the
    first published one: a DISTINCT over every tagged published article read 400 000
    rows at 100 000 articles (the sitemap's count took 110 ms, issue 13)."""
    carried = TaggedArticle.objects.filter(tag_id=OuterRef("pk")).filter(published_q("content_object__"))
    return Tag.objects.filter(Exists(carried))


def authors_in_use():
    """Authors with a byline on at least one published article; the same rule (and the
    same EXISTS per author, on the (author, article) index) as ``tags_in_use``, for
    author pages, feeds and sitemaps."""
    return Author.objects.filter(Exists(_published_bylines()))


def _published_bylines():
    return Byline.objects.filter(author_id=OuterRef("pk")).filter(published_q("article__"))


def tag_articles(tag):
    return Article.objects.published().filter(tags=tag).for_listing().newest_first()


def author_articles(author):
    return Article.objects.published().filter(bylines__author=author).for_listing().newest_first()


def authors_index():
    """Every author with at least one published article, with the count
    (``published_count``), A-Z.

    Counted per author by a correlated subquery on the (author, article) index, not by
    joining every byline to its article and grouping the lot (280 ms at 100 000 articles,
    issue 13)."""
    count = _published_bylines().order_by().values("author_id").annotate(n=Count("*")).values("n")
    return (
        Author.objects.select_related("photo")
        .filter(Exists(_published_bylines()))
        .annotate(published_count=Subquery(count, output_field=IntegerField()))
        .order_by("name")
    )


def breaking_archive():
    """Breaking items that have started, newest first (the ticker's history)."""
    return (
        BreakingItem.objects.filter(starts_at__lte=timezone.now())
        .select_related("article__section")
        .order_by("-starts_at", "-pk")
    )


# --- article page ----------------------------------------------------------------


def section_or_article_exists(path):
    """True when ``path`` (no leading or trailing slash, e.g. ``news/politics/slug``) is a
    section or a published article readers can open. Sections from the cached tree; an
    article costs the article page's own lookup."""
    tree = section_tree()
    if path in tree.by_path:
        return True
    section_path, _, slug = path.rpartition("/")
    return section_path in tree.by_path and article_for_page(section_path, slug) is not None


def article_for_page(section_path, slug):
    """The published article at ``section_path/slug`` with what its page shows, or None.

    Two queries (article, bylines); gallery images and live updates only for the formats
    that show them (see ``ensure_format_items``).
    """
    article = Article.objects.published().for_page().filter(section__path=section_path, slug=slug).first()
    if article:
        ensure_format_items(article)
    return article


def ensure_format_items(article):
    """Load gallery items / live updates when the article's format shows them."""
    if article.format == Article.Format.GALLERY and not hasattr(article, "ordered_gallery"):
        prefetch_objects(
            [article],
            Prefetch(
                "gallery_items",
                queryset=GalleryItem.objects.select_related("image").order_by("position"),
                to_attr="ordered_gallery",
            ),
        )
    if article.format == Article.Format.LIVE and not hasattr(article, "ordered_updates"):
        prefetch_objects(
            [article],
            Prefetch("live_updates", queryset=LiveUpdate.objects.for_page().live_order(), to_attr="ordered_updates"),
        )
    if not hasattr(article, "published_corrections"):
        # The article query says whether there is any (with_change_times): no query without.
        article.published_corrections = (
            list(article.corrections.filter(status=Correction.Status.PUBLISHED).order_by("published_at", "pk"))
            if getattr(article, "last_correction_at", None)
            else []
        )


# --- live coverage ------------------------------------------------------------


def live_version(pk):
    """``{"pk", "coverage_ended_at", "last_live_change"}`` of the published live blog
    ``pk``, or None: what the live fragment's ETag is made of. One query, no rendering:
    the 304 path of every reader's poll."""
    return (
        Article.objects.published()
        .filter(pk=pk, format=Article.Format.LIVE)
        .with_change_times()
        .values("pk", "coverage_ended_at", "last_live_change")
        .first()
    )


def live_article(pk):
    """The published live blog ``pk`` with its visible updates (``ordered_updates``),
    or None."""
    article = Article.objects.published().for_page().filter(pk=pk, format=Article.Format.LIVE).first()
    if article:
        ensure_format_items(article)
    return article


def live_feed_updates(article, limit):
    """The ``limit`` newest visible updates of ``article``, for its feed."""
    return list(article.live_updates.for_page()[:limit])


# --- corrections ---------------------------------------------------------------


def published_corrections():
    """Every published notice on a published article, newest first, with its article's
    URL parts: ``/corrections`` and its feeds."""
    return Correction.objects.published().select_related("article__section")


def article_boxes(tree, article, related_limit=4, read_next_limit=4, most_read_limit=4):
    """The article page's boxes in one query: ``{"related", "read_next", "most_read"}``.

    Related: the article's own list (``related_ids``, published ones in its order), else
    the published articles sharing most tags with it (``computed_related``). Read Next:
    the newest published articles of its top-level section, preferring those not already
    shown as related. Most Read: the stored ranking without this article.
    """
    node = tree.by_id.get(article.section_id)
    section_ids = tree.descendant_ids(tree.top(node)) if node else None
    # Read Next may skip every related story shown: its slice is that much longer.
    slices = [_newest_ids(section_ids, read_next_limit + related_limit + 1), most_read_slice()]
    own = article.related_ids
    if own is not None:
        slices.append(Article.objects.filter(pk__in=own).values("pk") if own else None)
        rows = newest_first(cards_of(slices))
        by_id = {a.pk: a for a in rows}
        related = [by_id[pk] for pk in own if pk in by_id and pk != article.pk][:related_limit]
    else:
        ids, shared = computed_related(article, related_limit)
        # The same subquery marks its rows (each database runs it once): other boxes' rows
        # sharing tags are not related unless they are among the best.
        rows = newest_first(
            cards_of(slices + [ids], related_shared=Case(When(pk__in=ids, then=shared), default=Value(None)))
        )
        related = sorted((a for a in rows if a.related_shared is not None), key=lambda a: -a.related_shared)
    in_section = set(section_ids) if section_ids is not None else None
    candidates = [a for a in rows if a.pk != article.pk and (in_section is None or a.section_id in in_section)]
    candidates = candidates[: read_next_limit + related_limit]
    exclude = {a.pk for a in related}
    fresh = [a for a in candidates if a.pk not in exclude]
    read_next = (fresh + [a for a in candidates if a.pk in exclude])[:read_next_limit]
    read = most_read_of(rows, most_read_limit, exclude={article.pk})
    if read is None:
        read = [a for a in most_read(most_read_limit + 1) if a.pk != article.pk][:most_read_limit]
    return {"related": related, "read_next": read_next, "most_read": read}


def related_articles(article, limit=4):
    """The article's Related box alone (the API's ``related``), one query: see
    ``article_boxes``."""
    own = article.related_ids
    if own is not None:
        by_id = {a.pk: a for a in cards(Article.objects.published()).filter(pk__in=own)} if own else {}
        return [by_id[pk] for pk in own if pk in by_id and pk != article.pk][:limit]
    ids, shared = computed_related(article, limit)
    return list(
        cards(Article.objects.filter(pk__in=ids)).annotate(shared=shared).order_by("-shared", "-published_at", "-pk")
    )
