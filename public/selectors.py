"""Every query a public page runs, each in a function named for what the page shows.

Views only call these; templates only read what they return. Anything shown on every
page (menu, regions, ticker, Most Read) is cached per content generation, so a page
pays for it once per change, not once per request.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value, When
from django.db.models import prefetch_related_objects as prefetch_objects
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import Tag

from articles.models import (
    Article,
    Author,
    BreakingItem,
    Byline,
    Correction,
    GalleryItem,
    HomePin,
    LiveUpdate,
    Region,
    RelatedArticle,
    SectionTree,
    TaggedArticle,
)
from articles.models.article import published_q
from articles.models.frontpage import COLUMN, DEFAULT_EDITION, LEAD, TOP, TOP_STORIES, section_slot
from articles.slugs import one_segment_q
from public import caching

MOST_READ_DAYS = 7
# Bylines of cards that show them, as ``Article.objects.for_listing()`` loads them.
BYLINES = Prefetch(
    "bylines", queryset=Byline.objects.select_related("author").order_by("position"), to_attr="ordered_bylines"
)


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
    """Cards without bylines (Most Read, Read Next, blocks): one query, no prefetch."""
    return queryset.select_related("section", "hero_image")


def most_read(limit=4):
    """The most viewed published articles of the last 7 days, topped up with the newest."""

    def load():
        since = timezone.localdate() - timedelta(days=MOST_READ_DAYS - 1)
        read = list(
            cards(Article.objects.published())
            .filter(daily_reads__day__gte=since)
            .annotate(recent_reads=Sum("daily_reads__reads"))
            .order_by("-recent_reads", "-published_at", "-pk")[:limit]
        )
        if len(read) < limit:
            read += cards(Article.objects.published()).exclude(pk__in=[a.pk for a in read]).newest(limit - len(read))
        return read

    return caching.cached("most-read", (limit,), load)


# --- home ----------------------------------------------------------------------

# The home page's layout: slot key → size. The lead and top stories, the opinion
# column, then one block per main section (``HOME_BLOCK_SIZES``, 3 when not named).
HOME_BLOCK_SIZES = {"news": 5, "videos": 3, "infographs": 3, "in-pictures": 3, "live": 3}
HOME_COLUMN_PATHS = ("articles/opinion", "articles/analysis")
COLUMN_SIZE = 5


@dataclass
class HomeItem:
    """One place of a home slot: ``article`` (a card's article), and the ``pin`` that
    put it there, or None when the place was filled automatically (newest first)."""

    article: Article
    pin: HomePin | None = None


@dataclass
class HomeSlot:
    """One slot of the home page: ``key`` (``HomePin.slot``), ``label``, ``size``
    (places), ``section`` (a block's ``SectionNode``; None for lead, top and column) and
    ``items`` (``HomeItem``, in place order; fewer than ``size`` when the site has fewer
    stories)."""

    key: str
    label: str
    size: int
    section: object = None
    items: list = field(default_factory=list)

    @property
    def articles(self):
        return [item.article for item in self.items]


def home_layout(tree):
    """The home page's slots, empty, in page order (``HomeSlot``): lead, top stories,
    the opinion column, then one block per main section of ``tree``'s menu."""
    slots = [
        HomeSlot(LEAD, "Lead", 1),
        HomeSlot(TOP, "Top stories", TOP_STORIES),
        HomeSlot(COLUMN, "Opinion & Analysis", COLUMN_SIZE),
    ]
    for node in tree.menu:
        slots.append(HomeSlot(section_slot(node.path), node.name, HOME_BLOCK_SIZES.get(node.path, 3), node))
    return slots


def home_page(edition=DEFAULT_EDITION):
    """``{slot key: HomeSlot}`` of ``edition``'s home page as readers see it now: each
    place holds its live pin's story (``HomePin.objects.showing()``: published, not
    expired), and the places left fill with the newest stories (the lead and top
    stories from every section, the column from opinion and analysis, a block from its
    section), no story twice. Pins whose slot the layout no longer has are ignored.

    Queries: the pins (1); the newest for the lead and top stories (1) and the column
    (1, and its bylines 1); one per main section block with a free place. A full slot
    runs no query.
    """
    tree = section_tree()
    slots = {slot.key: slot for slot in home_layout(tree)}
    pins = {}
    for pin in HomePin.objects.filter(edition=edition).showing():
        if pin.slot in slots and pin.position <= slots[pin.slot].size:
            pins[pin.slot, pin.position] = pin
    shown = {pin.article_id for pin in pins.values()}

    def fill(keys, newest):
        """Pins at their places; the free places, in order, from ``newest(count)``."""
        places = [(key, n) for key in keys for n in range(1, slots[key].size + 1)]
        free = [place for place in places if place not in pins]
        filled = dict(zip(free, newest(len(free)) if free else [], strict=False))
        for key, n in places:
            if (key, n) in pins:
                slots[key].items.append(HomeItem(pins[key, n].article, pins[key, n]))
            elif (key, n) in filled:
                slots[key].items.append(HomeItem(filled[key, n]))
                shown.add(filled[key, n].pk)

    fill(
        [LEAD, TOP],
        lambda count: list(cards(Article.objects.published()).exclude(pk__in=shown).newest(count)),
    )
    column_sections = [tree.by_path[p] for p in HOME_COLUMN_PATHS if p in tree.by_path]
    fill([COLUMN], lambda count: newest_in(tree, column_sections, count, exclude=shown))
    # The column shows bylines: one query for its cards, pinned or not.
    prefetch_objects(slots[COLUMN].articles, BYLINES)
    for node in tree.menu:
        fill([section_slot(node.path)], lambda count, node=node: newest_in(tree, [node], count, exclude=shown))
    return slots


def newest_in(tree, nodes, limit, exclude=()):
    """A home block: the ``limit`` newest cards of ``nodes`` and their sub-sections."""
    ids = [pk for node in nodes for pk in tree.descendant_ids(node)]
    if not ids:
        return []
    return list(cards(Article.objects.published().in_sections(ids).exclude(pk__in=exclude)).newest(limit))


# --- listings ------------------------------------------------------------------


def section_articles(tree, node):
    """A section page: the section and every sub-section, newest first."""
    return Article.objects.published().in_sections(tree.descendant_ids(node)).for_listing().newest_first()


def region_articles(region):
    return Article.objects.published().filter(regions=region).for_listing().newest_first()


def tags_in_use():
    """Tags carried by at least one published article: the only tags with a page, a
    feed or a sitemap entry. A tag used only by drafts or scheduled stories stays
    unknown to readers (its name alone can leak a story) until one is published."""
    published = Article.objects.published().values("pk")
    return Tag.objects.filter(articles_taggedarticle_items__content_object__in=published).distinct()


def authors_in_use():
    """Authors with a byline on at least one published article; the same rule as
    ``tags_in_use``, for author pages, feeds and sitemaps."""
    return Author.objects.filter(bylines__article__in=Article.objects.published().values("pk")).distinct()


def tag_articles(tag):
    return Article.objects.published().filter(tags=tag).for_listing().newest_first()


def author_articles(author):
    return Article.objects.published().filter(bylines__author=author).for_listing().newest_first()


def authors_index():
    """Every author with at least one published article, with the count."""
    return (
        Author.objects.select_related("photo")
        .filter(bylines__article__in=Article.objects.published())
        .annotate(published_count=Count("bylines", distinct=True))
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

    Four queries (article, bylines, tags, regions); gallery images and live updates
    only for the formats that show them (see ``ensure_format_items``).
    """
    article = Article.objects.published().for_detail().filter(section__path=section_path, slug=slug).first()
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
    article = Article.objects.published().for_detail().filter(pk=pk, format=Article.Format.LIVE).first()
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


# Computed related articles: at most this many tags, and candidates per tag/section.
RELATED_TAGS = 10
RELATED_CANDIDATES = 50


def related_articles(article, limit=4):
    """The article's own related list: its published stories in the list's order. Only an
    article without a list of its own (no ``RelatedArticle`` row, linked or waiting for an
    imported story) gets computed ones: the published articles sharing most tags with
    ``article`` (then its section), newest first. A list whose stories are not there (yet)
    shows nothing rather than unrelated stories.
    """
    # One query: the visible entries first, in order; any other row only says a list exists.
    links = (
        RelatedArticle.objects.filter(from_article=article)
        .select_related("to_article__section", "to_article__hero_image")
        .annotate(hidden=Case(When(published_q("to_article__"), then=Value(0)), default=Value(1)))
        .order_by("hidden", "position", "pk")[:limit]
    )
    links = list(links)
    if links:
        return [link.to_article for link in links if not link.hidden]
    tag_ids = [t.pk for t in article.tags.all()][:RELATED_TAGS]
    # Candidates come from index-ordered slices (the newest articles carrying each tag,
    # the newest of the section), so the cost stays flat however big the archive grows;
    # counting shared tags over every published article was a full scan.
    slices = [
        Article.objects.published()
        .filter(section_id=article.section_id)
        .order_by("-published_at")
        .values_list("pk", flat=True)[:RELATED_CANDIDATES]
    ]
    slices += [
        TaggedArticle.objects.filter(tag_id=tag_id)
        .order_by("-content_object_id")
        .values_list("content_object_id", flat=True)[:RELATED_CANDIDATES]
        for tag_id in tag_ids
    ]
    if connection.vendor == "postgresql":
        # PostgreSQL turns an OR of IN-subqueries into a sequential scan of every
        # article; one IN over the UNION ALL of the slices is an index lookup per id.
        candidates = Q(pk__in=slices[0].union(*slices[1:], all=True))
    else:
        # SQLite cannot LIMIT inside a compound query, but runs an OR of IN-lists as a
        # multi-index OR.
        candidates = Q()
        for piece in slices:
            candidates |= Q(pk__in=piece)
    # Shared tags counted per candidate by an index lookup, not a GROUP BY of wide rows.
    shared = Subquery(
        TaggedArticle.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)
        .order_by()
        .values("content_object_id")
        .annotate(n=Count("*"))
        .values("n"),
        output_field=IntegerField(),
    )
    return list(
        cards(Article.objects.published())
        .filter(candidates)
        .exclude(pk=article.pk)
        .annotate(shared=Coalesce(shared, Value(0)))
        .order_by("-shared", "-published_at", "-pk")[:limit]
    )


def read_next(tree, article, exclude, limit=4):
    """Newest published articles of the article's top-level section, preferring those
    not already shown as related."""
    node = tree.by_id.get(article.section_id)
    qs = Article.objects.published()
    if node:
        qs = qs.in_sections(tree.descendant_ids(tree.top(node)))
    # One query: fetch enough to skip what the page already shows, fall back on it if short.
    candidates = list(cards(qs).exclude(pk=article.pk).newest(limit + len(exclude)))
    fresh = [a for a in candidates if a.pk not in exclude]
    return (fresh + [a for a in candidates if a.pk in exclude])[:limit]
