"""Every query a public page runs, each in a function named for what the page shows.

Views only call these; templates only read what they return. Anything shown on every
page (menu, regions, ticker, Most Read) is cached per content generation, so a page
pays for it once per change, not once per request.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value, When
from django.db.models import prefetch_related_objects as prefetch_objects
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import Tag

from articles import editions
from articles.models import (
    Article,
    Author,
    BreakingItem,
    Correction,
    GalleryItem,
    LiveUpdate,
    Region,
    RelatedArticle,
    SectionTree,
    TaggedArticle,
)
from articles.models.article import published_q
from articles.slugs import one_segment_q
from public import caching

MOST_READ_DAYS = 7


def published():
    """``Article.objects.published()`` of the active edition (``editions.current()``,
    the request's): every page of an edition shows that edition's stories only."""
    return Article.objects.published().filter(edition=editions.current().code)


# --- site chrome ---------------------------------------------------------------


def section_tree():
    """The section tree (``articles.models.SectionTree``), cached per content generation."""
    return caching.cached("sections", (), SectionTree.load)


def menu_regions():
    """Regions of the region bar, in menu order. A slug no URL can be made of (a row from
    before the constraint of ``articles.slugs``) is left out rather than failing every page."""
    return caching.cached(
        "regions",
        (),
        lambda: list(Region.objects.filter(one_segment_q(), show_in_menu=True, edition=editions.current().code)),
    )


def live_breaking_items():
    """The ticker: the newest ``BREAKING_TICKER_MAX`` breaking items live now, with their
    links resolved (the /breaking page lists every line)."""

    def load():
        return [
            {"text": item.text, "link": item.link, "attribution": item.attribution, "starts_at": item.starts_at}
            for item in BreakingItem.objects.filter(edition=editions.current().code).live()[
                : settings.BREAKING_TICKER_MAX
            ]
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
            cards(published())
            .filter(daily_reads__day__gte=since)
            .annotate(recent_reads=Sum("daily_reads__reads"))
            .order_by("-recent_reads", "-published_at", "-pk")[:limit]
        )
        if len(read) < limit:
            read += cards(published()).exclude(pk__in=[a.pk for a in read]).newest(limit - len(read))
        return read

    return caching.cached("most-read", (limit,), load)


# --- home ----------------------------------------------------------------------

TOP_STORIES = 7  # home_position 1 is the lead, 2–7 the top stories


def home_top_stories():
    """Lead + top stories: the editors' placements first, then the newest."""
    placed = list(
        cards(published())
        .filter(home_position__gte=1, home_position__lte=TOP_STORIES)
        .order_by("home_position", "-published_at")[:TOP_STORIES]
    )
    if len(placed) < TOP_STORIES:
        placed += cards(published()).exclude(pk__in=[a.pk for a in placed]).newest(TOP_STORIES - len(placed))
    return placed


def newest_in(tree, nodes, limit, exclude=(), with_bylines=False):
    """A home block: the newest articles of ``nodes`` and their sub-sections."""
    ids = [pk for node in nodes for pk in tree.descendant_ids(node)]
    if not ids:
        return []
    qs = published().in_sections(ids).exclude(pk__in=exclude)
    qs = qs.for_listing() if with_bylines else cards(qs)
    return list(qs.newest(limit))


# --- listings ------------------------------------------------------------------


def section_articles(tree, node):
    """A section page: the section and every sub-section, newest first."""
    return published().in_sections(tree.descendant_ids(node)).for_listing().newest_first()


def region_articles(region):
    return published().filter(regions=region).for_listing().newest_first()


def tags_in_use():
    """Tags carried by at least one published article: the only tags with a page, a
    feed or a sitemap entry. A tag used only by drafts or scheduled stories stays
    unknown to readers (its name alone can leak a story) until one is published."""
    visible = published().values("pk")
    return Tag.objects.filter(articles_taggedarticle_items__content_object__in=visible).distinct()


def authors_in_use():
    """Authors with a byline on at least one published article; the same rule as
    ``tags_in_use``, for author pages, feeds and sitemaps."""
    return Author.objects.filter(bylines__article__in=published().values("pk")).distinct()


def tag_articles(tag):
    return published().filter(tags=tag).for_listing().newest_first()


def author_articles(author):
    return published().filter(bylines__author=author).for_listing().newest_first()


def authors_index():
    """Every author with at least one published article, with the count."""
    return (
        Author.objects.select_related("photo")
        .filter(bylines__article__in=published())
        .annotate(published_count=Count("bylines", distinct=True))
        .order_by("name")
    )


def breaking_archive():
    """Breaking items that have started, newest first (the ticker's history)."""
    return (
        BreakingItem.objects.filter(starts_at__lte=timezone.now(), edition=editions.current().code)
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
    article = published().for_detail().filter(section__path=section_path, slug=slug).first()
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


def translations(article):
    """The published translations of ``article`` in the other editions (its translation
    group), with their sections: hreflang links and the header's edition links. No
    query for an article without a group."""
    if not article.translation_group:
        return []
    return list(
        Article.objects.published()
        .filter(translation_group=article.translation_group)
        .exclude(pk=article.pk)
        .select_related("section")
        .only("pk", "slug", "edition", "translation_group", "section__path", "section__edition")
    )


# --- live coverage ------------------------------------------------------------


def live_version(pk):
    """``{"pk", "coverage_ended_at", "last_live_change"}`` of the published live blog
    ``pk``, or None: what the live fragment's ETag is made of. One query, no rendering:
    the 304 path of every reader's poll."""
    return (
        published()
        .filter(pk=pk, format=Article.Format.LIVE)
        .with_change_times()
        .values("pk", "coverage_ended_at", "last_live_change")
        .first()
    )


def live_article(pk):
    """The published live blog ``pk`` with its visible updates (``ordered_updates``),
    or None."""
    article = published().for_detail().filter(pk=pk, format=Article.Format.LIVE).first()
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
    return (
        Correction.objects.published()
        .filter(article__edition=editions.current().code)
        .select_related("article__section")
    )


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
        published()
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
        cards(published())
        .filter(candidates)
        .exclude(pk=article.pk)
        .annotate(shared=Coalesce(shared, Value(0)))
        .order_by("-shared", "-published_at", "-pk")[:limit]
    )


def read_next(tree, article, exclude, limit=4):
    """Newest published articles of the article's top-level section, preferring those
    not already shown as related."""
    node = tree.by_id.get(article.section_id)
    qs = published()
    if node:
        qs = qs.in_sections(tree.descendant_ids(tree.top(node)))
    # One query: fetch enough to skip what the page already shows, fall back on it if short.
    candidates = list(cards(qs).exclude(pk=article.pk).newest(limit + len(exclude)))
    fresh = [a for a in candidates if a.pk not in exclude]
    return (fresh + [a for a in candidates if a.pk in exclude])[:limit]
