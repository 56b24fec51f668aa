"""Articles and what hangs off them: bylines, tags, related links, gallery, live updates, views."""

import math
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, timedelta

import reversion
from django.apps import apps
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Upper
from django.utils import timezone
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager as TaggableField
from taggit.models import TaggedItemBase

from articles import editions
from articles.models.taxonomy import Section, TaggableManager, edition_field, unique_slug
from articles.redirects import holding_redirect, leave_redirect
from articles.search import ranked_matches
from articles.slugs import MESSAGE as SLUG_MESSAGE
from articles.slugs import is_url_segment, one_segment_q, validate_url_segment
from articles.text_policy import clean_body, clean_text_fields, derive_body, outline_headings

# Silent reading speed, words a minute, by language. English's 200 gives the seed page's
# "3 Min Read" for its ~450 words; the others keep English's ratio to the speeds the IReST
# study measured (Trauzettel-Klosinski & Dietz 2012: English 228, Spanish 218, Arabic 138
# words a minute): an Arabic word carries more (attached articles, pronouns, conjunctions).
WORDS_PER_MINUTE = 200
KICKER_LENGTH = 40
# What search engines show of a title and a description (Google cuts titles at ~600 px,
# about 60 characters, and descriptions at ~160: public.metadata.DESCRIPTION_LENGTH).
# The stored limits are looser: the counters warn, the database only stops abuse.
SEO_TITLE_LENGTH, SEO_TITLE_MAX = 60, 120
SEO_DESCRIPTION_LENGTH, SEO_DESCRIPTION_MAX = 160, 320


@dataclass(frozen=True)
class TagLink:
    """A tag as an article page links to it (``Article.shown_tags``)."""

    name: str
    slug: str


READING_SPEEDS = {"en": 200, "es": 191, "ar": 121}


def reading_minutes(word_count, language):
    """Whole minutes (at least 1) to read ``word_count`` words in ``language`` ("ar",
    "es-mx"...; an unlisted language reads at English speed)."""
    speed = READING_SPEEDS.get((language or "").split("-")[0].lower(), WORDS_PER_MINUTE)
    return max(1, math.ceil(word_count / speed))


def published_q(prefix="", now=None):
    """The visibility rule as a ``Q``, for filtering through a relation
    (``published_q("to_article__")``) without an ``IN (every published id)`` subquery.
    ``now`` (an aware datetime) is the clock's reading by default."""
    return Q(**{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}published_at__lte": now or timezone.now()})


class Unindexed(models.Func):
    """An expression's value unchanged, which SQLite's planner may not pick an index by:
    a unary ``+`` (SQLite's documented way to disqualify a WHERE term from index use).
    Other databases get the expression as is.

    Why: a query whose rows come by primary key from small id slices
    (``any_of_slices``) and that also tests visibility (edition, status, published_at)
    was planned on SQLite as a walk of the visibility index over every published
    article, each checked against the slices: 2 000 rows at bench size, 100 000 at
    scale. With the visibility test unindexable it fetches the slices' rows by id.
    """

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


def owned_q(user):
    """The articles that are ``user``'s own as a ``Q``: she created them in the admin, or a
    byline author linked to her login is on them (a story shared with her)."""
    bylined = Byline.objects.filter(article=OuterRef("pk"), author__user=user)
    return Q(created_by=user) | Q(Exists(bylined))


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see: published, and first published no later than now
        (``now``, an aware datetime, or the clock's reading).

        The only visibility rule of the site. A future ``published_at`` is a scheduled
        article that becomes visible by itself when the time passes, no cron needed.
        """
        return self.filter(published_q(now=now))

    def published_by_row(self, edition, now=None):
        """``published()`` in ``edition`` (a code), tested on each row rather than looked
        up in an index (``Unindexed``): for a query whose rows come by primary key from id
        slices (``any_of_slices``). The same rows as ``published().filter(edition=)``."""
        return self.alias(
            _row_edition=Unindexed("edition"), _row_status=Unindexed("status"), _row_at=Unindexed("published_at")
        ).filter(_row_edition=edition, _row_status=Article.Status.PUBLISHED, _row_at__lte=now or timezone.now())

    def scheduled(self, now=None):
        """Published articles whose publication time is still ahead (of ``now``, an aware
        datetime, or the clock's reading)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=now or timezone.now())

    def in_sections(self, section_ids):
        """Articles in any of ``section_ids`` (a section and its sub-sections).

        One section: the (section, published_at) index gives the newest directly. Several,
        on SQLite (whose planner has no statistics): walking that index per section and
        sorting every row of them all costs seconds at 100 000 articles, so the section
        test is made unindexable (``Unindexed``) and the planner walks the published-date
        index, which carries the section column and stops at the page's last row.
        PostgreSQL plans it from its statistics: made unindexable there, it read every
        article and sorted them (1.2 ms at 2 000 articles, against 0.17 ms walking the
        edition's published-date index).
        """
        section_ids = list(section_ids)
        if len(section_ids) == 1:
            return self.filter(section_id=section_ids[0])
        return self.alias(_section_key=Unindexed("section_id")).filter(_section_key__in=section_ids)

    def newest(self, count, offset=0):
        """The ``count`` newest articles (after ``offset``), chosen by a join-free subquery.

        With statistics (ANALYZE), SQLite plans a listing joined to its section as "for
        each section, every article, then sort": 300 ms at 100 000 articles. Picking the
        ids on the article table alone walks the published-date index and stops early;
        the outer query then fetches those rows by primary key with their joins.
        """
        ids = self.order_by("-published_at", "-pk").values("pk")[offset : offset + count]
        return self.filter(pk__in=ids).newest_first()

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_listing(self):
        """Cards: headline, section, date, hero image and bylines, in a fixed number of queries.

        The body and search columns stay in the database: a page of 20 cards would
        otherwise read 20 full article bodies it never shows.
        """
        return self._with_bylines().defer("body", "body_text", "search_vector", "search_extra")

    def _with_bylines(self):
        return self.select_related("section", "hero_image").prefetch_related(
            Prefetch(
                "bylines",
                queryset=Byline.objects.select_related("author").order_by("position"),
                to_attr="ordered_bylines",
            )
        )

    def for_page(self):
        """What the article page shows about the article itself: the body, bylines and
        section chain, in two queries; its tags come from the row (``tag_list``) and the
        page shows no regions (gallery items and live updates are loaded by the page only
        for the formats that show them)."""
        return (
            self._with_bylines()
            .defer("body_text", "search_vector", "search_extra")
            .select_related("section__parent", "social_image")
            .with_change_times()
        )

    def for_detail(self):
        """``for_page()`` with the tags and regions as objects (the API, the admin)."""
        return self.for_page().prefetch_related("tags", "regions")

    def with_change_times(self):
        """Each article annotated ``last_correction_at`` (its newest published notice)
        and ``last_live_change`` (its newest live update change, deletions included),
        or None: what ``Article.modified_at`` reads besides the article's own times.

        Two correlated subqueries in the article's own query, served by the notices'
        and updates' article indexes: a page learns whether it has notices to show
        without a query of its own, so articles without any cost nothing more.
        """
        corrections = (
            apps.get_model("articles", "Correction")
            .objects.filter(article=OuterRef("pk"), status="published")
            .order_by("-published_at")
            .values("published_at")[:1]
        )
        updates = LiveUpdate.objects.filter(article=OuterRef("pk")).order_by("-updated_at").values("updated_at")[:1]
        return self.annotate(last_correction_at=Subquery(corrections), last_live_change=Subquery(updates))

    def search(self, query):
        """Full-text search of these articles, best matches first (headline above
        standfirst above body), each annotated ``rank``; none for a query with no word.

        The one entry to search (public page, admin changelist). Supports "quoted
        phrases" and -minus words; PostgreSQL full-text search or SQLite FTS5, whichever
        the database is. Filter first, search last: relevance is ranked within the
        newest ``SEARCH_WINDOW`` matches of *this* queryset. See ``articles.search``.
        """
        return ranked_matches(self, query)

    def for_feed(self):
        return self.for_listing().prefetch_related("tags")

    def refresh_search_extra(self, batch_size=500):
        """Recompute ``search_extra`` and ``tag_list`` of these articles and write the ones
        that changed; returns how many changed. An article whose tags themselves changed
        (their ids, not their names) gets its ``suggested_related`` computed again, and
        when it is published, its neighbours' are forgotten (``forget_neighbours``).

        Called by the Byline/TaggedArticle/Author/Tag signal handlers (articles.signals)
        and by bulk writers that bypass signals (the importer). Three queries per
        ``batch_size`` articles, plus one per article whose tags changed (two when it is
        published); the database triggers then re-index the changed rows.
        """
        ids = list(self.order_by().values_list("pk", flat=True))
        changed = 0
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            names, tags = search_names(chunk, self.db), tag_lists(chunk, self.db)
            current = Article.objects.using(self.db).filter(pk__in=chunk).only(*RELATED_FIELDS, "search_extra")
            stale, recomputed = [], []
            for article in current:
                extra, tag_list = article.search_extra, article.tag_list
                if (extra, tag_list) == (names[article.pk], tags[article.pk]):
                    continue
                article.search_extra, article.tag_list = names[article.pk], tags[article.pk]
                if tag_ids(tag_list) != tag_ids(article.tag_list):
                    article.suggested_related = suggested_related_ids(article, self.db)
                    if article.status == Article.Status.PUBLISHED:
                        forget_neighbours(article, self.db)
                    recomputed.append(article)
                else:
                    stale.append(article)
            # Apart: a stored None written back by bulk_update would become JSON null.
            Article.objects.using(self.db).bulk_update(stale, ["search_extra", "tag_list"])
            Article.objects.using(self.db).bulk_update(recomputed, ["search_extra", "tag_list", "suggested_related"])
            changed += len(stale) + len(recomputed)
        return changed

    def refresh_suggested_related(self, batch_size=500):
        """Compute ``suggested_related`` of these articles again (``suggested_related_ids``)
        and write the ones that differ, ``batch_size`` at a time, newest first (on a big
        archive the stories readers open most are done first). Returns a
        ``RelatedRefresh``.

        One query per article, two per batch, each batch in its own transaction. Writes
        with ``bulk_update``: no save signal, so no page is told; ``manage.py
        refresh_related`` announces the change when a stored list changed (a list filled
        where there was none is what pages computed live already).
        """
        ids = list(self.order_by("-published_at", "-pk").values_list("pk", flat=True))
        result = RelatedRefresh(checked=len(ids))
        for start in range(0, len(ids), batch_size):
            chunk = ids[start : start + batch_size]
            with transaction.atomic(using=self.db):
                stale = []
                for article in Article.objects.using(self.db).filter(pk__in=chunk).only(*RELATED_FIELDS):
                    before = article.suggested_related
                    article.suggested_related = suggested_related_ids(article, self.db)
                    if article.suggested_related != before:
                        stale.append(article)
                        result.filled += before is None
                        result.changed += before is not None
                Article.objects.using(self.db).bulk_update(stale, ["suggested_related"])
        return result

    def refresh_related(self):
        """Store ``related_ids`` of these articles again (``own_related_ids``); returns how
        many changed. Called when a related list changes (``articles.signals``)."""
        changed = 0
        for article in self.order_by().only("pk", "related_ids").iterator(chunk_size=500):
            ids = own_related_ids(article, using=self.db)
            if ids != article.related_ids:
                Article.objects.using(self.db).filter(pk=article.pk).update(related_ids=ids)
                changed += 1
        return changed


def search_names(article_ids, using="default"):
    """{article id: ``search_extra`` text}: byline names in byline order, then tag names
    A-Z, one a line ("" for an article with neither). Two queries."""
    names = defaultdict(list)
    bylines = Byline.objects.using(using).filter(article_id__in=article_ids).order_by("article_id", "position", "pk")
    for article_id, name in bylines.values_list("article_id", "author__name"):
        names[article_id].append(name)
    tagged = TaggedArticle.objects.using(using).filter(content_object_id__in=article_ids).order_by("tag__name")
    for article_id, name in tagged.values_list("content_object_id", "tag__name"):
        names[article_id].append(name)
    return defaultdict(str, {pk: "\n".join(n) for pk, n in names.items()})


def tag_lists(article_ids, using="default"):
    """{article id: ``tag_list``}: ``[[tag id, name, slug], ...]`` of the article's tags in
    the order they were added ([] for an article without tags). One query."""
    tags = defaultdict(list)
    tagged = TaggedArticle.objects.using(using).filter(content_object_id__in=article_ids).order_by("pk")
    for article_id, tag_id, name, slug in tagged.values_list("content_object_id", "tag_id", "tag__name", "tag__slug"):
        tags[article_id].append([tag_id, name, slug])
    return tags


def tag_ids(tag_list):
    """The tag ids of a ``tag_list`` value, in order (what related articles are computed
    from: a renamed tag changes the names, not these)."""
    return [entry[0] for entry in tag_list or ()]


# Computed related articles (for an article without a list of its own): how many, at most
# this many of its tags, and candidates per tag and for its section.
RELATED_COMPUTED = 8
RELATED_TAGS = 10
RELATED_CANDIDATES = 50
# What ``suggested_related`` depends on among the article's own fields (a save that
# changes none of them, tag ids aside, keeps it), and the fields the refreshes load.
RELATED_BASIS = ("status", "section_id", "edition", "published_at", "tag_list")
RELATED_FIELDS = ("status", "section", "edition", "published_at", "tag_list", "suggested_related")

_NOT_LOADED = object()

# Whether a change to a published article's tags or publication forgets its neighbours'
# stored suggestions (``forget_neighbours``); off inside ``own_related_only()``.
_forget_neighbours = ContextVar("forget_neighbours", default=True)


@dataclass
class RelatedRefresh:
    """What ``ArticleQuerySet.refresh_suggested_related`` did: articles ``checked``,
    lists ``filled`` (none was stored) and ``changed`` (another list was stored)."""

    checked: int = 0
    filled: int = 0
    changed: int = 0


def suggested_related_ids(article, using="default"):
    """What ``Article.suggested_related`` stores: the ids of the ``RELATED_COMPUTED``
    published articles of ``article``'s edition sharing a tag with it, as
    ``computed_related`` ranks them (most shared tags, then newest), a list of ints
    ([] for an article without tags). Reads ``pk``, ``tag_list`` and ``edition`` from
    ``article`` (which need not be saved yet). One query (none without tags).

    The newest stories of its section, which ``computed_related`` ranks after those,
    are not stored: they change with every publish there, so the page adds them from
    its own cards query (``public.selectors.related_articles``)."""
    if not tag_ids(article.tag_list):
        return []
    ids, _shared = computed_related(article, RELATED_COMPUTED, using, edition=article.edition, section=False)
    return [row["pk"] for row in ids]


def forget_neighbours(article, using="default"):
    """Set ``suggested_related`` to None (computed live by the page again, until
    ``manage.py refresh_related`` stores it) on the published articles of ``article``'s
    edition that are among the ``RELATED_CANDIDATES`` newest carrying one of its tags:
    ``article`` (published, or tagged, just now) may now rank in their Related box.
    Returns how many were forgotten. Two queries; the forgotten ones are announced
    (``content_changed`` with ``related=`` their ids): the pages showing their Related
    box are told, nothing else of theirs.

    Why forget, not compute: a story's neighbours are many (50 per tag), computing each
    costs a query, and taggit adds a story's tags one by one; one UPDATE keeps a publish
    cheap, and the newest neighbours (those readers open) show the new story at once, as
    they did when every page computed its Related. Older stories keep their stored list
    until the command refreshes them. A no-op inside ``own_related_only()``.
    """
    ids = tag_ids(article.tag_list)[:RELATED_TAGS]
    if not ids or not _forget_neighbours.get():
        return 0
    slices = [
        TaggedArticle.objects.using(using)
        .filter(tag_id=tag_id)
        .order_by("-content_object_id")
        .values("content_object_id")[:RELATED_CANDIDATES]
        for tag_id in ids
    ]
    neighbours = Article.objects.using(using).published().filter(any_of_slices(slices, using))
    neighbours = neighbours.filter(edition=article.edition, suggested_related__isnull=False).exclude(pk=article.pk)
    forgotten = list(neighbours.values_list("pk", flat=True))
    if forgotten:
        Article.objects.using(using).filter(pk__in=forgotten).update(suggested_related=None)
        from articles.signals import content_changed  # the signals module imports the models

        content_changed.send(sender=Article, using=using, related=forgotten)
    return len(forgotten)


@contextmanager
def own_related_only():
    """Within it, a changed article computes its own ``suggested_related`` only and
    forgets no neighbour's (``forget_neighbours``): what bulk writers (the importer) use,
    so an archive import leaves every imported story's list stored; older stories see
    the imported ones after ``manage.py refresh_related``."""
    token = _forget_neighbours.set(False)
    try:
        yield
    finally:
        _forget_neighbours.reset(token)


def own_related_ids(article, using="default"):
    """What ``Article.related_ids`` stores: the ids of the linked stories of the article's
    own related list, in its order and whatever their status (the page filters by
    visibility when it reads them, so publishing one later needs no refresh); None when
    the article has no list of its own (no ``RelatedArticle`` row, linked or waiting for
    an imported story): its related articles are then computed (``computed_related``).
    One query."""
    if not article.pk:
        return None
    links = list(
        RelatedArticle.objects.using(using)
        .filter(from_article_id=article.pk)
        .order_by("position", "pk")
        .values_list("to_article_id", flat=True)
    )
    return [pk for pk in links if pk is not None] if links else None


def computed_related(article, limit=RELATED_COMPUTED, using="default", edition=None, section=True):
    """``(ids, shared)``: a subquery of the ids of the ``limit`` published articles (of
    ``edition``, a code, when given) sharing
    most tags with ``article`` (then the newest of its section, unless ``section`` is
    false: those sharing a tag only), best first, and the expression counting
    a row's tags shared with it (order by it, then newest first). No query of its own: a
    page puts both in the one query of its cards. Reads the article's tags from its row
    (``tag_list``), so stories published after it are found without refreshing it.

    Candidates come from index-ordered slices (the newest articles carrying each tag, the
    newest of the section), so the cost stays flat however big the archive grows;
    counting shared tags over every published article was a full scan (8.4 ms of a
    24.5 ms page at 2 000 articles on SQLite, issue 13).
    """
    shared_ids = tag_ids(article.tag_list)[:RELATED_TAGS]
    published = Article.objects.using(using).published()
    if edition is not None:
        published = published.filter(edition=edition)
    slices = [
        published.filter(section_id=article.section_id).order_by("-published_at").values("pk")[:RELATED_CANDIDATES]
    ][: 1 if section else 0]
    slices += [
        TaggedArticle.objects.using(using)
        .filter(tag_id=tag_id)
        .order_by("-content_object_id")
        .values("content_object_id")[:RELATED_CANDIDATES]
        for tag_id in shared_ids
    ]
    # Shared tags counted per candidate by an index lookup, not a GROUP BY of wide rows.
    shared = Coalesce(
        Subquery(
            TaggedArticle.objects.using(using)
            .filter(content_object_id=OuterRef("pk"), tag_id__in=shared_ids)
            .order_by()
            .values("content_object_id")
            .annotate(n=Count("*"))
            .values("n"),
            output_field=models.IntegerField(),
        ),
        Value(0),
    )
    ids = (
        published.filter(any_of_slices(slices, using))
        .exclude(pk=article.pk)
        .annotate(shared=shared)
        .order_by("-shared", "-published_at", "-pk")
        .values("pk")[:limit]
    )
    return ids, shared


def any_of_slices(slices, using="default"):
    """A ``Q`` of ``pk IN`` any of ``slices`` (single-column querysets, each ordered and
    cut to a few rows), planned as index lookups on both databases.

    PostgreSQL turns an OR of IN-subqueries into a sequential scan of every article; one
    IN over the UNION ALL of the slices is an index lookup per id. SQLite cannot LIMIT
    inside a compound query, but runs an OR of IN-subqueries as a multi-index OR.
    """
    if connections[using].vendor == "postgresql":
        return Q(pk__in=slices[0].union(*slices[1:], all=True)) if len(slices) > 1 else Q(pk__in=slices[0])
    condition = Q()
    for piece in slices:
        condition |= Q(pk__in=piece)
    return condition


# Revisions (django-reversion; the admin's history, diff and restore) hold the article
# with its bylines, gallery, related links and tags, so a restore brings all of them back.
# Live updates are a stream with their own times: restoring an old revision must not
# delete the updates posted since, so they are not followed.
@reversion.register(follow=["bylines", "gallery_items", "related_links", "taggedarticle_set"])
class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    class Format(models.TextChoices):
        # Translated: the search form offers them to readers.
        STANDARD = "standard", pgettext_lazy("article format", "Standard")
        VIDEO = "video", pgettext_lazy("article format", "Video")
        GALLERY = "gallery", pgettext_lazy("article format", "Gallery")
        INFOGRAPH = "infograph", pgettext_lazy("article format", "Infograph")
        LIVE = "live", pgettext_lazy("article format", "Live")

    # The section's edition, kept on save (an article is in its section's edition);
    # stored so that a page of an edition filters on one column of the article table.
    edition = edition_field("The edition of the article's section.")
    # The story's translations in other editions share this key: at most one article
    # per edition (article_one_translation_per_edition). A UUID, so exports carry it.
    translation_group = models.UUIDField(
        null=True, blank=True, editable=False, help_text="Shared by a story and its translations."
    )
    headline = models.CharField(max_length=300)
    slug = models.CharField(
        max_length=255,
        blank=True,
        help_text="Last part of the URL (no “/”). Left empty, it is made from the headline. "
        "Changing it on a published article keeps the old URL working (301).",
        validators=[validate_url_segment],
    )
    section = models.ForeignKey("articles.Section", on_delete=models.PROTECT, related_name="articles")
    standfirst = models.TextField(blank=True, help_text="The summary under the headline. Plain text.")
    body = models.TextField(blank=True, help_text="Sanitised on every save, whatever the editor sends.")
    # The body as plain text, derived on save: what full-text search indexes.
    body_text = models.TextField(blank=True, editable=False)
    # PostgreSQL only: weighted tsvector kept current by a trigger (migration 0003).
    # SQLite keeps an FTS5 table in sync by triggers instead and leaves this empty.
    search_vector = SearchVectorField(null=True, editable=False)
    # Byline and tag names, one a line, derived when bylines, tags or those names change
    # (``refresh_search_extra``): search finds an article by its authors and tags, and
    # the index triggers see them as a column of this row.
    search_extra = models.TextField(blank=True, editable=False)
    # The tags as the page shows them, ``[[id, name, slug], ...]``, derived with
    # ``search_extra`` (``tag_lists``): the article page reads them (and computes related
    # articles from them) from its own row, not a query.
    tag_list = models.JSONField(default=list, blank=True, editable=False)
    # The ids of the article's own related list (``own_related_ids``), kept when the list
    # changes; None without a list: related articles are computed from the tags then.
    related_ids = models.JSONField(null=True, blank=True, editable=False)
    # Without a list of its own: the ids of the published stories of its edition sharing
    # most tags with it, best first, at most RELATED_COMPUTED (``suggested_related_ids``),
    # computed when its tags, publication or section change; the page shows the
    # published ones of them, then the newest of its section. None: not computed (since),
    # the page computes it live.
    suggested_related = models.JSONField(null=True, blank=True, editable=False)
    regions = models.ManyToManyField("articles.Region", blank=True, related_name="articles")
    tags = TaggableField(through="articles.TaggedArticle", blank=True, manager=TaggableManager)
    authors = models.ManyToManyField("articles.Author", through="articles.Byline", related_name="articles")
    source = models.CharField(max_length=200, blank=True, help_text="Source line, e.g. “Agencies”, “Al Mayadeen”.")
    # The label over the headline on cards and the article page ("Exclusive", "Analysis").
    kicker = models.CharField(
        max_length=KICKER_LENGTH,
        blank=True,
        help_text=f"A short label shown above the headline on cards and the page, e.g. “Exclusive”, “Analysis” "
        f"(at most {KICKER_LENGTH} characters). Empty: none.",
    )
    # Search and social: what the page tells search engines and social networks when it
    # differs from what readers see on it (public.metadata.article falls back to those).
    seo_title = models.CharField(
        "SEO title",
        max_length=SEO_TITLE_MAX,
        blank=True,
        help_text=f"The title in search results and social cards. Search engines show about "
        f"{SEO_TITLE_LENGTH} characters. Empty: the headline.",
    )
    seo_description = models.TextField(
        "SEO description",
        max_length=SEO_DESCRIPTION_MAX,
        blank=True,
        help_text=f"The text under the title in search results and social cards. Search engines show about "
        f"{SEO_DESCRIPTION_LENGTH} characters. Empty: the standfirst.",
    )
    social_image = models.ForeignKey(
        "articles.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The picture of social cards (Open Graph, X) and structured data. Empty: the hero image.",
    )
    hero_image = models.ForeignKey(
        "articles.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="hero_of"
    )
    hero_caption = models.CharField(
        max_length=500, blank=True, help_text="Caption for this article only; empty uses the image's caption."
    )
    hero_credit = models.CharField(
        max_length=200,
        blank=True,
        help_text="Photo credit for this article only, e.g. “Social media”; empty uses the image's credit.",
    )
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.STANDARD)
    video_url = models.URLField(blank=True, help_text="Video format: a YouTube, Vimeo or .mp4 address.")
    related = models.ManyToManyField(
        "self",
        through="articles.RelatedArticle",
        symmetrical=False,
        blank=True,
        related_name="+",
        help_text="Chosen related articles, in order. Empty: computed from shared tags and section.",
    )
    # No single-column index: half the table shares one value, and SQLite's planner
    # would pick it over the partial indexes below and scan every published row.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="First publication. In the future, the article is scheduled."
    )
    # The editorial "Updated" line, set when an editor marks a substantive revision; not
    # the time of the last save (``last_saved_at``), which typo fixes move too.
    revised_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="updated",
        help_text="Last substantive update, shown to readers as “Updated”.",
    )
    # Fixed the first time the article is saved as published, never changed after: the
    # feeds' identity of the story (public.feeds.tag_uri) carries it, so correcting the
    # slug, the section or even published_at never republishes it in feed readers.
    first_published_on = models.DateField(null=True, blank=True, editable=False)
    # Live format: when the coverage ended (the desk's "End coverage"); empty while it
    # runs. The live page stops polling and says ENDED; JSON-LD ``coverageEndTime``.
    coverage_ended_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="coverage ended",
        help_text="Live format: when the live coverage ended. Set from the live desk.",
    )
    word_count = models.PositiveIntegerField(default=0, editable=False)
    reading_time = models.PositiveSmallIntegerField(default=1, editable=False, help_text="Minutes.")
    language = models.CharField(max_length=10, default="en")
    external_id = models.CharField(
        max_length=500,
        null=True,
        blank=True,
        unique=True,
        help_text="Identity in the source this article was imported from (its URL or a stable key).",
    )
    import_hash = models.CharField(max_length=64, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False, help_text="Bumped on every save.")
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # Who made the article in the admin: a writer edits the stories she created or is a
    # byline of (``articles.workflow.owns``). Empty for imported and older articles.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_saved_at = models.DateTimeField(
        auto_now=True, help_text="Set by every save (the edit-conflict check reads it)."
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish articles"),
        ]
        constraints = [
            # An article URL is section path + slug: unique within a section.
            models.UniqueConstraint(fields=["section", "slug"], name="article_unique_slug_per_section"),
            # A published article always has a publication time (the visibility rule needs it).
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty"),
            # hreflang: a story has at most one translation in each edition.
            models.UniqueConstraint(
                fields=["translation_group", "edition"],
                name="article_one_translation_per_edition",
                violation_error_message="This story has a translation in this edition already.",
            ),
            # One path segment: /<section path>/<slug> cannot be reversed around a "/".
            models.CheckConstraint(
                condition=one_segment_q(), name="article_slug_one_segment", violation_error_message=SLUG_MESSAGE
            ),
        ]
        indexes = [
            # Home, feeds, sitemaps: newest published first. Section trees filter on the
            # section column while walking it, without visiting the table (in_sections()).
            models.Index(
                fields=["-published_at", "section"], condition=Q(status="published"), name="article_pub_section_idx"
            ),
            # Section listings: published in a section, newest first.
            models.Index(
                fields=["section", "-published_at"], condition=Q(status="published"), name="article_section_pub_idx"
            ),
            # An edition's home, feeds and sitemaps: its newest published articles.
            models.Index(
                fields=["edition", "-published_at"], condition=Q(status="published"), name="article_edition_pub_idx"
            ),
            # Visibility alone (published(): edition, status, published_at <= now), every
            # column in the index: counts and id lists of everything published (sitemap
            # paging, the authors index's counts) never read an article row. On SQLite the
            # partial indexes above cannot stand for ``status = %s`` (a parameter), so each
            # row was read past its body: COUNT of 100 000 published took 400 ms, now 10.
            models.Index(fields=["edition", "status", "published_at"], name="article_visibility_idx"),
            # One section's newest visible stories (a home block, a section page's
            # slice): every visibility column after the section, so SQLite's planner,
            # which has no statistics, prefers it to the visibility index above (walking
            # that for one section of 23 read 1 000 index entries for 47 rows: 1.5 ms).
            models.Index(fields=["section", "edition", "status", "published_at"], name="article_section_visible_idx"),
            # The sitemap index's lastmod: an edition's latest "Updated" time, read from
            # the top of this index instead of over every published article.
            models.Index(
                fields=["edition", "-revised_at"],
                condition=Q(status="published", revised_at__isnull=False),
                name="article_edition_revised_idx",
            ),
        ]

    def __str__(self):
        return self.headline

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember where the article lived, to leave a redirect when it moves.
        instance._loaded_location = (instance.__dict__.get("section_id"), instance.__dict__.get("slug"))
        instance._loaded_status = instance.__dict__.get("status")
        instance._loaded_related_basis = instance.related_basis()
        return instance

    def related_basis(self):
        """What ``suggested_related`` is computed from among the article's own fields
        (``RELATED_BASIS``, its tags as ids), as loaded: a field not loaded (deferred)
        reads as a value no field has, so it counts as changed and no query loads it."""
        loaded = self.__dict__
        basis = tuple(loaded.get(name, _NOT_LOADED) for name in RELATED_BASIS)
        return basis[:-1] + ((tag_ids(basis[-1]) if basis[-1] is not _NOT_LOADED else _NOT_LOADED),)

    def compute_derived(self):
        """Sanitised and outlined body, plain text fields, word count and reading time (on
        write, never per request). The text rules run here as well as in the pre-save
        signal because the importer's bulk insert sends no signal."""
        body = derive_body(self.body)
        # Sub-headings as an outline under the headline (<h2> first, no level skipped).
        self.body, self.body_text, self.word_count = outline_headings(body.html), body.text, body.word_count
        clean_text_fields(self)
        self.reading_time = reading_minutes(self.word_count, self.language)

    def note_first_publication(self):
        """Set ``first_published_on`` (the UTC date of ``published_at``) once, when the
        article is first published or scheduled; a no-op ever after."""
        if self.first_published_on is None and self.status == self.Status.PUBLISHED and self.published_at:
            self.first_published_on = self.published_at.astimezone(UTC).date()

    def sync_edition(self):
        """Set ``edition`` from the section's: an article is in its section's edition.
        Its ``language`` follows the edition's when it was not chosen: a new article
        still at the field's default, or a story moved to another edition in the old
        edition's language. A language chosen for a story (an English statement on the
        Arabic edition; a regional "es-MX") is kept, and marked on its page."""
        previous = self.edition
        if self.section_id:
            self.edition = self.section.edition
        language = editions.get(self.edition).language
        if self.language.split("-")[0] == language.split("-")[0]:
            return
        default = self._meta.get_field("language").default
        moved = previous != self.edition and self.language == editions.get(previous).language
        if moved or (self._state.adding and self.language == default):
            self.language = language

    def clean(self):
        """Refuse a section in an edition where the story's translation group already has
        an article: ``save`` would move the article there (``sync_edition``) and break
        ``article_one_translation_per_edition``, which forms do not check themselves
        (``translation_group`` is not a form field). Raises ``ValidationError`` on
        ``section``."""
        super().clean()
        if not (self.section_id and self.translation_group):
            return
        edition = self.section.edition
        siblings = Article.objects.filter(translation_group=self.translation_group, edition=edition)
        if siblings.exclude(pk=self.pk).exists():
            name = editions.get(edition).name if edition in editions.editions() else edition
            raise ValidationError(
                {
                    "section": f"This story has a translation in this edition ({name}) already: "
                    "choose a section of another edition, or edit that translation."
                }
            )

    def save(self, *args, **kwargs):
        self.compute_derived()
        self.note_first_publication()
        self.sync_edition()
        if not self.slug:
            self.slug = Article.free_slug(self.headline, self.section)
        if self.pk:
            self.version = (self.version or 0) + 1
            # Bylines and tags change through their own rows: a save from an instance
            # loaded before them must not write back stale names.
            using = kwargs.get("using") or self._state.db or "default"
            self.search_extra = search_names([self.pk], using)[self.pk]
            self.tag_list = tag_lists([self.pk], using)[self.pk]
        moved = self._suggest_related(kwargs)
        with transaction.atomic():
            super().save(*args, **kwargs)
            old = getattr(self, "_loaded_location", None)
            if old and old != (self.section_id, self.slug) and self._loaded_status == self.Status.PUBLISHED:
                leave_redirect(self.path_for(*old), self.get_absolute_url())
            if moved and self.status == self.Status.PUBLISHED:
                # Published (again, elsewhere, at another time): it may rank in its
                # neighbours' Related now. In this transaction: before its cache flush.
                forget_neighbours(self, kwargs.get("using") or self._state.db or "default")
            self._loaded_location = (self.section_id, self.slug)
            self._loaded_status = self.status
            self._loaded_related_basis = self.related_basis()

    def _suggest_related(self, save_kwargs):
        """Compute ``suggested_related`` for the save about to run (one query) when what it
        depends on changed since the article was loaded (``related_basis``: tags,
        publication, section, edition; a new article) or none is stored; a save that
        changes none of it costs nothing more. Adds the field to ``update_fields`` when
        the save names a field it depends on (and skips it when it names none). Returns
        whether what it depends on changed."""
        update_fields = save_kwargs.get("update_fields")
        if update_fields is not None:
            names = {self._meta.get_field(name).attname for name in update_fields}
            if not names & set(RELATED_BASIS):
                return False
            save_kwargs["update_fields"] = {*update_fields, "suggested_related"}
        basis = self.related_basis()
        moved = basis != getattr(self, "_loaded_related_basis", None)
        if moved or self.__dict__.get("suggested_related") is None:
            self.suggested_related = suggested_related_ids(
                self, save_kwargs.get("using") or self._state.db or "default"
            )
        return moved

    @classmethod
    def free_slug(cls, headline, section):
        """A slug made from ``headline``, unique in ``section`` and at an address no
        redirect holds: the old URL of a story that moved keeps answering 301
        (``articles.redirects.holding_redirect``)."""
        return unique_slug(
            cls,
            headline,
            taken=lambda slug: holding_redirect(cls.url_for(section.path, slug, section.edition)) is not None,
            section_id=section.pk,
        )

    @staticmethod
    def url_for(section_path, slug, edition=None):
        """The public path of an article at ``section_path``/``slug`` of ``edition`` (a
        code; None: the default edition), the URL map's ``public:article``, for labels
        and exports of articles not loaded as objects."""
        kwargs = {"section_path": section_path, "slug": slug}
        return editions.reverse("public:article", kwargs=kwargs, edition=edition or editions.default_code())

    @classmethod
    def path_for(cls, section_id, slug):
        """The public path of an article in the section with id ``section_id`` (one query)."""
        section_path, edition = Section.objects.filter(pk=section_id).values_list("path", "edition").first()
        return cls.url_for(section_path, slug, edition)

    def get_absolute_url(self):
        return self.url_for(self.section.path, self.slug, self.section.edition)

    @property
    def stored_status(self):
        """The status the database holds for this article (as loaded or last saved),
        whatever a form has set on ``status`` since; ``status`` for an article not loaded
        from the database. Permission checks use it: what may be edited depends on
        what is live, not on what a request asks for."""
        return getattr(self, "_loaded_status", self.status)

    # --- reader-facing state -------------------------------------------------

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.published_at and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at and self.published_at > timezone.now()

    @property
    def display_status(self):
        return "Scheduled" if self.is_scheduled else self.get_status_display()

    @property
    def is_live_coverage(self):
        """A live blog whose coverage has not ended (the LIVE badge, the page's polling)."""
        return self.format == self.Format.LIVE and self.coverage_ended_at is None

    @property
    def modified_at(self):
        """When readers' view of the article last changed: the latest of the editorial
        "Updated" time (``revised_at``), the first publication, the last published
        correction and the last live update (posted, edited or deleted). What the page's
        "Updated" line, ``dateModified`` and ``article:modified_time`` say.

        Reads ``last_correction_at`` and ``last_live_change`` when the query annotated
        them (``ArticleQuerySet.with_change_times()``, part of ``for_detail()``); never
        queries.
        """
        times = [self.revised_at, self.published_at]
        times += [getattr(self, "last_correction_at", None), getattr(self, "last_live_change", None)]
        times = [t for t in times if t]
        return max(times) if times else None

    @property
    def home_position(self):
        """The article's place among its edition's home page's lead and top stories as
        numbered before front-page pins (``articles.models.frontpage``): 1 the lead, 2–7
        the top stories, None when not pinned there. One query (a value set but not yet
        saved is returned as set)."""
        if "_pending_home_position" in self.__dict__:
            return self._pending_home_position
        if self.pk is None:
            return None
        pin = self.home_pins.live().filter(edition=self.edition, slot__in=("lead", "top")).first()
        return None if pin is None else (1 if pin.slot == "lead" else pin.position + 1)

    @home_position.setter
    def home_position(self, value):
        # Applied by the next save (``articles.frontpage.apply_home_position``): the
        # article form and the importer keep placing stories as they always did.
        self._pending_home_position = value

    @property
    def caption(self):
        return self.hero_caption or (self.hero_image.caption if self.hero_image_id else "")

    @property
    def credit(self):
        """The hero's photo credit: this article's own, else the image's ("" when neither)."""
        return self.hero_credit or (self.hero_image.credit if self.hero_image_id else "")

    @property
    def shown_tags(self):
        """The tags the page links to, in order, from the stored ``tag_list`` (no query):
        ``TagLink(name, slug)``; a slug that cannot be a URL segment (a row from before
        ``articles.slugs``) loses its link, not the page."""
        return [TagLink(name, slug) for _, name, slug in self.tag_list or () if is_url_segment(slug)]

    @property
    def byline_authors(self):
        """Authors in byline order; uses the prefetch of ``for_listing()`` when present."""
        if hasattr(self, "ordered_bylines"):
            return [b.author for b in self.ordered_bylines]
        return [b.author for b in self.bylines.select_related("author").order_by("position")]


@reversion.register()
class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("articles.Author", on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author"),
        ]
        indexes = [
            # Author pages: the articles of one author.
            models.Index(fields=["author", "article"], name="byline_author_idx"),
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


@reversion.register()
class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey(Article, on_delete=models.CASCADE)

    def __str__(self):
        return f"{self.tag_id} on {self.content_object_id}"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_article_unique"),
        ]
        indexes = [
            # Tag pages: the articles of one tag.
            models.Index(fields=["tag", "content_object"], name="tagged_article_tag_idx"),
        ]


@reversion.register()
class RelatedArticle(models.Model):
    """One entry of an article's own related list, at ``position`` (lowest first).

    ``to_article`` is the linked story. An imported page's "Related News" may name a story
    that is not in the database yet: the entry is kept unresolved (``to_article`` empty)
    with the ``headline`` and ``url`` the page gave, in its place in the list, and the
    importer points it at the story when that story arrives
    (``ingest.pipeline.links.RelatedLinks.arrived``). Readers see resolved, published
    entries only (``public.selectors.related_articles``).
    """

    from_article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    to_article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    headline = models.CharField(
        max_length=300,
        blank=True,
        help_text="The headline the source page gave the link; kept while the story is not imported yet.",
    )
    url = models.CharField(
        "URL",
        max_length=500,
        blank=True,
        help_text="The address the source page gave the link (its URL or our path), if any.",
    )

    def __str__(self):
        return f"{self.from_article_id} → {self.to_article_id or self.headline or self.url}"

    @property
    def is_resolved(self):
        return self.to_article_id is not None

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["from_article", "to_article"], name="related_unique_pair"),
            models.CheckConstraint(condition=~Q(from_article=models.F("to_article")), name="related_not_self"),
            # An entry names its story: linked, or waiting with the page's headline or URL.
            models.CheckConstraint(
                condition=Q(to_article__isnull=False) | ~Q(headline="") | ~Q(url=""),
                name="related_names_a_story",
                violation_error_message="Choose the related article.",
            ),
        ]
        indexes = [
            # RelatedLinks.arrived(): the waiting entries that name an imported story's URL...
            models.Index(
                fields=["url"], condition=Q(to_article__isnull=True) & ~Q(url=""), name="related_waiting_url_idx"
            ),
            # ... or its headline (matched ignoring case, as find_article does).
            models.Index(
                Upper("headline"),
                condition=Q(to_article__isnull=True) & ~Q(headline=""),
                name="related_waiting_headline_idx",
            ),
        ]


@reversion.register()
class GalleryItem(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="gallery_items")
    image = models.ForeignKey("articles.Image", on_delete=models.PROTECT, related_name="+")
    caption = models.CharField(max_length=500, blank=True, help_text="Empty uses the image's caption.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.display_caption or f"Gallery image {self.position}"

    @property
    def display_caption(self):
        return self.caption or self.image.caption


class LiveUpdateQuerySet(models.QuerySet):
    def visible(self):
        """Updates readers see: not deleted. Newest first (pinned ones are ordered by
        the page, ``live_order()``)."""
        return self.filter(deleted_at__isnull=True).order_by("-posted_at", "-pk")

    def for_page(self):
        """Visible updates with what a card of one shows (its picture, who posted it)."""
        return self.visible().select_related("image", "posted_by")

    def live_order(self):
        """Pinned updates first, then newest first: the order of the public page."""
        return self.order_by("-pinned", "-posted_at", "-pk")


# Each post, edit and deletion of an update is a revision of its own (the live desk
# wraps each in ``reversion.create_revision()``): reporters never save the article.
@reversion.register()
class LiveUpdate(models.Model):
    """One post of a live blog (``Article.Format.LIVE``).

    Posted from the live desk by several reporters at once: every post is an INSERT of
    its own row, so nobody's post can conflict with another's or with the article form.
    A deletion keeps the row with ``deleted_at`` set (the desk's history, and readers'
    pages learn of it through ``updated_at``, which the fragment's ETag is made of).
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_updates")
    posted_at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    image = models.ForeignKey(
        "articles.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Optional."
    )
    embed_url = models.URLField(
        blank=True, help_text="Optional: a YouTube or Vimeo video, an .mp4, or any link (shown as a link)."
    )
    key_event = models.BooleanField(
        default=False, help_text="A key event: listed in the summary at the top of the live page."
    )
    pinned = models.BooleanField(default=False, help_text="Pinned: shown above the newest updates.")
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # Every save moves it (edits, deletions): the newest value is the live page's version.
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at"]
        indexes = [
            # The live page and its fragment: one article's updates, newest first.
            models.Index(fields=["article", "-posted_at"], name="liveupdate_article_idx"),
        ]

    def __str__(self):
        return self.title or f"Update at {self.posted_at:%H:%M}"

    def save(self, *args, **kwargs):
        self.body = clean_body(self.body)  # the title is plain text: articles.signals
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The update on its live page (``#update-<pk>``)."""
        return f"{self.article.get_absolute_url()}#update-{self.pk}"


class DailyReadCount(models.Model):
    """How many times an article was read on one day (site time zone), counted by the
    page's read beacon (which works behind a CDN); Most Read sums the last days."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="daily_reads")
    day = models.DateField()
    reads = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.article_id} on {self.day}: {self.reads}"

    class Meta:
        constraints = [
            # One counter row per article and day; the beacon upserts into it.
            models.UniqueConstraint(fields=["article", "day"], name="daily_read_count_unique_day"),
        ]
        indexes = [
            # Most Read: sum of the last 7 days.
            models.Index(fields=["day", "article"], name="daily_read_count_day_idx"),
        ]


# Most Read: reads of this many days (today included) count.
MOST_READ_DAYS = 7
# Places stored: more than a page shows, so a story unpublished since still leaves a full box.
MOST_READ_STORED = 10


class MostReadQuerySet(models.QuerySet):
    def refresh(self, now=None):
        """Rank Most Read again, for each edition, and store it: returns ``{edition code:
        [article id, best first]}``.

        The ranking sums the counters of the last ``MOST_READ_DAYS`` days per article first
        (the ``(day, article)`` index), then keeps the published ones: ranking every
        published article by its joined counters took 162–168 ms at 5 600 counter rows,
        this takes about 10 ms (issue 13). Ties go to the newest; fewer than
        ``MOST_READ_STORED`` read articles are topped up with the newest published ones.
        The old ranking is replaced in one transaction, so a page reads one or the other.
        """
        now = now or timezone.now()
        since = timezone.localdate(now) - timedelta(days=MOST_READ_DAYS - 1)
        db = self.db
        ranking = {}
        for code in editions.editions():
            published = Article.objects.using(db).published().filter(edition=code)
            totals = (
                DailyReadCount.objects.using(db)
                .filter(day__gte=since, article__in=published.values("pk"))
                .values("article_id")
                .annotate(total=Sum("reads"), newest=F("article__published_at"))
                .order_by("-total", "-newest", "-article_id")
                .values_list("article_id", flat=True)[:MOST_READ_STORED]
            )
            ids = list(totals)
            if len(ids) < MOST_READ_STORED:
                newest = published.exclude(pk__in=ids).order_by("-published_at", "-pk").values_list("pk", flat=True)
                ids += list(newest[: MOST_READ_STORED - len(ids)])
            ranking[code] = ids
        with transaction.atomic(using=db):
            self.all().delete()
            self.bulk_create(
                [
                    MostRead(edition=code, position=i, article_id=pk, computed_at=now)
                    for code, ids in ranking.items()
                    for i, pk in enumerate(ids, start=1)
                ]
            )
        return ranking

    def computed_at(self):
        """When the stored ranking was made, or None when there is none."""
        return self.aggregate(at=models.Max("computed_at"))["at"]

    def refresh_if_older(self, seconds, now=None):
        """``refresh()`` when the stored ranking is older than ``seconds`` (or missing);
        returns whether it ranked. Two workers due at once both rank the same counters:
        the second one's write is the first one's result, or loses the race and leaves it."""
        now = now or timezone.now()
        made = self.computed_at()
        if made is not None and (now - made).total_seconds() < seconds:
            return False
        try:
            self.refresh(now)
        except IntegrityError:  # another worker stored its ranking in between
            return False
        return True


class MostRead(models.Model):
    """One place of the stored Most Read ranking (``MostRead.objects.refresh()``).

    Computed off the request path: by the read counters' flush when the ranking is older
    than ``MOST_READ_REFRESH_SECONDS`` (``public.readcount``) and by ``manage.py
    refresh_most_read`` (a timer's job). Pages only read it, joined to their cards, and
    filter it by the visibility rule, so an unpublished story leaves at once.
    """

    # Each edition has its own ranking (an article is in one edition).
    edition = edition_field("The edition whose ranking this is.")
    position = models.PositiveSmallIntegerField()
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="most_read_place")
    computed_at = models.DateTimeField()

    objects = MostReadQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "position"]
        verbose_name_plural = "most read"
        constraints = [models.UniqueConstraint(fields=["edition", "position"], name="mostread_one_story_per_place")]

    def __str__(self):
        return f"{self.edition} {self.position}. {self.article_id}"
