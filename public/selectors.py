"""Every query a public page runs, each in a function named for what the page shows.

Views only call these; templates only read what they return. Anything shown on every
page (menu, regions, ticker, Most Read) is cached per content generation, so a page
pays for it once per change, not once per request.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Prefetch, Q
from django.db.models import prefetch_related_objects as prefetch_objects
from django.utils import timezone
from taggit.models import Tag

from articles import editions
from articles.models import (
    Article,
    Author,
    BreakingItem,
    Byline,
    Correction,
    GalleryItem,
    HomePin,
    LiveUpdate,
    MostRead,
    Region,
    SectionTree,
    TaggedArticle,
)
from articles.models.article import any_of_slices, computed_related, published_q
from articles.models.frontpage import COLUMN, LEAD, TOP, TOP_STORIES, section_slot
from articles.slugs import one_segment_q
from public import caching, statements


def published(now=None):
    """``Article.objects.published(now)`` of the active edition (``editions.current()``,
    the request's): every page of an edition shows that edition's stories only."""
    return Article.objects.published(now).filter(edition=editions.current().code)


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


CARD_DEFERRED = ("body", "body_text", "search_vector", "search_extra")


def as_card(article):
    """``article`` (a published story loaded for its page: ``for_page()``, with its
    section and hero image) as ``cards`` would load it: the same row without the long
    text columns, with its section and hero image. A new instance: the page's is left
    as it is."""
    deferred = article.get_deferred_fields()
    names = [
        f.attname for f in Article._meta.concrete_fields if f.attname not in CARD_DEFERRED and f.attname not in deferred
    ]
    card = Article.from_db(article._state.db, names, [getattr(article, name) for name in names])
    for name in ("section", "hero_image"):
        if Article._meta.get_field(name).is_cached(article):
            Article._meta.get_field(name).set_cached_value(card, getattr(article, name))
    return card


def cards(queryset):
    """Cards without bylines (Most Read, Read Next, blocks): one query, no prefetch; the
    long text columns stay in the database."""
    return queryset.select_related("section", "hero_image").defer(*CARD_DEFERRED)


def newest_first(articles):
    """``articles`` (loaded) in listing order: newest first, then highest id."""
    return sorted(articles, key=lambda a: (a.published_at, a.pk), reverse=True)


def _in_slices(slices, annotations, now=None):
    """The active edition's published articles (at ``now``, by default the clock's
    reading) whose id is in any of ``slices`` (``None`` pieces skipped), annotated with
    ``most_read_position`` and ``annotations``. Visibility is tested on each row found
    by id (``published_by_row``), never by walking an index of every published story."""
    slices = [piece for piece in slices if piece is not None]
    return (
        Article.objects.published_by_row(editions.current().code, now)
        .filter(any_of_slices(slices))
        .annotate(most_read_position=F("most_read_place__position"), **annotations)
    )


def cards_of(slices, **annotations):
    """The published cards of the active edition whose id is in any of ``slices`` (small id querysets, see
    ``articles.models.article.any_of_slices``), in one query, each annotated with
    ``most_read_position`` (its place in the stored Most Read ranking, or None).

    A page picks its boxes from what this returns in Python: one round trip instead of
    one per box, each box still cut from its own index-ordered slice.
    """
    return list(cards(_in_slices(slices, annotations)))


def card_rows(slices, **annotations):
    """What a page picks its boxes by, for the ids in any of ``slices`` (as ``cards_of``),
    without loading the cards: one query of a few columns, each row a ``SimpleNamespace``
    of ``pk``, ``section_id``, ``published_at``, ``most_read_position`` and the
    ``annotations``' names. The picked ids are then loaded by ``load_cards`` (or a
    page's cached cards: ``public.fragments.load_cards``), so a change to one story
    re-reads its card only (issue 13: a page's first request after a change)."""
    names = ["pk", "section_id", "published_at", "most_read_position", *annotations]
    rows = _in_slices(slices, annotations).values_list(*names)
    return [SimpleNamespace(**dict(zip(names, row, strict=True))) for row in rows]


def load_cards(ids, bylines=False):
    """The published cards of ``ids`` (ints) as ``cards`` loads them (with
    ``ordered_bylines`` when ``bylines``: ``with_bylines``), in that order; ids no
    longer published are left out. One query (two with bylines), compiled once per
    process, edition and number of ids (``public.statements``)."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    edition = editions.current().code

    def build(now, *ids):
        return cards(published(now).filter(pk__in=ids))

    by_id = {a.pk: a for a in statements.instances(("cards", edition, len(ids)), build, timezone.now(), *ids)}
    found = [by_id[pk] for pk in ids if pk in by_id]
    if bylines:
        with_bylines(found)
    return found


def with_bylines(articles):
    """Give each of ``articles`` its ``ordered_bylines`` (bylines with their authors, in
    byline order), as ``ordered_bylines()`` prefetches them: one query, compiled once
    per process and number of articles (``public.statements``)."""
    if not articles:
        return
    ids = list(dict.fromkeys(a.pk for a in articles))

    def build(*ids):
        return Byline.objects.filter(article_id__in=ids).select_related("author").order_by("position")

    of = {pk: [] for pk in ids}
    for byline in statements.instances(("bylines", len(ids)), build, *ids):
        of[byline.article_id].append(byline)
    for article in articles:
        article.ordered_bylines = of[article.pk]
        for byline in article.ordered_bylines:
            byline.article = article


def most_read_slice():
    """The stored Most Read ranking of the active edition: an id slice for ``cards_of``."""
    return MostRead.objects.filter(edition=editions.current().code).order_by("position").values("article_id")


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

# The home page's layout: slot key → size. The lead and top stories, the opinion
# column, then one block per main section (``HOME_BLOCK_SIZES``, 3 when not named).
HOME_BLOCK_SIZES = {"news": 5, "videos": 3, "infographs": 3, "in-pictures": 3, "live": 3}
# The opinion column's sections, by edition (section paths of its own tree); an edition
# not named uses the default's paths, when its tree has them.
HOME_COLUMN_PATHS = {
    "en": ("articles/opinion", "articles/analysis"),
    "ar": ("مقالات/رأي", "مقالات/تحليل"),
    "es": ("articulos/opinion", "articulos/analisis"),
}
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


def newest_slice(section_ids, count, now=None):
    """The ids of the ``count`` newest published articles (at ``now``, by default the
    clock's reading) of the active edition in ``section_ids`` (every section when None):
    an index-ordered slice for ``cards_of``."""
    qs = published(now)
    if section_ids is not None:
        qs = qs.in_sections(section_ids)
    return qs.order_by("-published_at", "-pk").values("pk")[:count]


def home_page(edition=None):
    """``{slot key: HomeSlot}`` of ``edition``'s home page (see ``home_boxes``)."""
    return home_boxes(edition)


HOME_PIN_FIELDS = ("pin_id", "pin_slot", "pin_position", "pin_expires_at")
# How many pins the home page's slices leave room for at first (see ``home_boxes``).
HOME_PINS_ROOM = 8


def home_boxes(edition=None, load=None):
    """``{slot key: HomeSlot}`` of ``edition``'s home page as readers see it now: each
    place holds its live pin's story (``HomePin.objects.showing()``: published, not
    expired), and the places left fill with the newest stories (the lead and top
    stories from every section, the column from opinion and analysis, a block from its
    section), no story twice. Pins whose slot the layout no longer has are ignored.
    (Its Most Read box is filled in when the page is served: ``public.boxes``.)

    Queries: every card, pinned or automatic, in one query (each box still cut from its
    own index-ordered slice, asking for as many more rows as the pins and the boxes
    above it can take, so what is picked here in Python is exactly what one query per
    box would give; each card carries its live pin: with more than ``HOME_PINS_ROOM``
    live pins the query runs again with room for them all), and the column's bylines
    (1, when it has cards). Given ``load(ids, bylines)`` (a list of cards, as
    ``load_cards``; ``public.fragments.load_cards`` answers from cached cards), the
    boxes are picked from a query of a few columns, compiled once per process
    (``public.statements``), and only the picked cards are loaded by it: a change
    re-reads only its own card.
    """
    if edition is not None and edition != editions.current().code:
        with editions.override(edition):
            return home_boxes(edition, load)
    edition = editions.current().code
    tree = section_tree()
    layout = home_layout(tree)
    slots = {slot.key: slot for slot in layout}
    column_paths = HOME_COLUMN_PATHS.get(edition, HOME_COLUMN_PATHS["en"])
    column_ids = [pk for p in column_paths if p in tree.by_path for pk in tree.descendant_ids(tree.by_path[p])]
    lead_and_top = slots[LEAD].size + slots[TOP].size
    most_pins = sum(slot.size for slot in layout)
    blocks = [(slot, tree.descendant_ids(slot.section)) for slot in layout if slot.section is not None]

    def build(now, room):
        """The rows, each box's slice leaving room for ``room`` pins above it."""
        # The most a box can lose to pins and to the boxes filled before it.
        above = room + lead_and_top + COLUMN_SIZE
        live_pins = HomePin.objects.filter(edition=edition).live(now)
        slices = [
            live_pins.order_by("slot", "position").values("article_id")[:most_pins],
            newest_slice(None, lead_and_top + room, now),
            newest_slice(column_ids, COLUMN_SIZE + lead_and_top + room, now) if column_ids else None,
        ]
        slices += [newest_slice(ids, slot.size + above, now) for slot, ids in blocks if ids]
        # Each card carries its live pin, if any (one per story and edition: a join, no
        # query of its own); a pinned story no longer published is simply not among the
        # cards, its place filled automatically.
        unexpired = Q(home_pins__expires_at__isnull=True) | Q(home_pins__expires_at__gt=now)
        live = Q(home_pins__edition=edition) & unexpired
        return _in_slices(slices, {"live_pin": FilteredRelation("home_pins", condition=live)}, now).annotate(
            pin_id=F("live_pin__pk"),
            pin_slot=F("live_pin__slot"),
            pin_position=F("live_pin__position"),
            pin_expires_at=F("live_pin__expires_at"),
        )

    def pick(room):
        if load is None:
            return newest_first(cards(build(now, room)))
        # The same SQL on every request but for the time: compiled once per process
        # for this edition, section layout and room (``public.statements``).
        key = ("home", edition, tuple(column_ids), tuple((slot.size, tuple(ids)) for slot, ids in blocks), room)
        # Newest first in SQL: the time itself is not needed (SQLite would parse it per row).
        names = ("pk", "section_id", "most_read_position", *HOME_PIN_FIELDS)
        return [
            SimpleNamespace(**row)
            for row in statements.rows(
                key, lambda now: build(now, room).order_by("-published_at", "-pk").values(*names), now
            )
        ]

    now = timezone.now()
    # The slices leave room for a few pins (a front page has a handful); every live pin
    # of a visible story is among the rows, so more of them than that room shows, and
    # the rows are read again with room for every place a pin can hold.
    room = min(HOME_PINS_ROOM, most_pins)
    rows = pick(room)
    if room < most_pins and sum(1 for row in rows if row.pin_id) > room:
        rows = pick(most_pins)
    pins = {}
    for article in rows:
        if article.pin_id and article.pin_slot in slots and article.pin_position <= slots[article.pin_slot].size:
            pin = HomePin(
                pk=article.pin_id,
                edition=edition,
                slot=article.pin_slot,
                position=article.pin_position,
                article_id=article.pk,
                expires_at=article.pin_expires_at,
            )
            pins[pin.slot, pin.position] = pin
    shown = {pin.article_id for pin in pins.values()}
    row_of = {a.pk: a for a in rows}

    def fill(keys, sections=None):
        """Pins at their places; the free places, in order, from the newest rows of
        ``sections`` (a set of section ids; every section when None) not shown yet."""
        places = [(key, n) for key in keys for n in range(1, slots[key].size + 1)]
        free = [place for place in places if place not in pins]
        newest = [a for a in rows if a.pk not in shown and (sections is None or a.section_id in sections)]
        filled = dict(zip(free, newest, strict=False))
        for key, n in places:
            if (key, n) in pins:
                slots[key].items.append(HomeItem(row_of[pins[key, n].article_id], pins[key, n]))
            elif (key, n) in filled:
                slots[key].items.append(HomeItem(filled[key, n]))
                shown.add(filled[key, n].pk)

    fill([LEAD, TOP])
    fill([COLUMN], set(column_ids))
    for slot, ids in blocks:
        fill([slot.key], set(ids))
    if load is None:  # the rows are the cards; the column shows bylines
        prefetch_objects(slots[COLUMN].articles, ordered_bylines())
        for item in (item for slot in slots.values() for item in slot.items if item.pin is not None):
            item.pin.article = item.article
        return slots
    # The picked rows become cards; the column's with bylines. A story unpublished since
    # the rows were read is left out of its box.
    plain = [item.article.pk for key, slot in slots.items() if key != COLUMN for item in slot.items]
    found = {a.pk: a for a in load(plain, False)}
    found.update((a.pk, a) for a in load([a.pk for a in slots[COLUMN].articles], True))
    for slot in slots.values():
        slot.items = [item for item in slot.items if item.article.pk in found]
        for item in slot.items:
            item.article = found[item.article.pk]
            if item.pin is not None:
                item.pin.article = item.article
    return slots


def ordered_bylines():
    """Bylines of cards that show them, as ``Article.objects.for_listing()`` loads them."""
    return Prefetch(
        "bylines", queryset=Byline.objects.select_related("author").order_by("position"), to_attr="ordered_bylines"
    )


# --- listings ------------------------------------------------------------------


def section_articles(tree, node):
    """A section page: the section and every sub-section, newest first."""
    return published().in_sections(tree.descendant_ids(node)).for_listing().newest_first()


def region_articles(region):
    return published().filter(regions=region).for_listing().newest_first()


def _pick(links, article_field):
    """The same articles as a listing by ``links`` (link rows; ``article_field`` names
    their article column), as ``published()`` + EXISTS, newest first: the plan that
    walks the published-date index and tests each article's link, stopping at the page's
    last row. ``paging.BoundedPaginator`` picks a long listing's page from it; a shorter
    one's from the listing's own join, sorting its few rows (at 100 000 articles a tag
    on 6 600 stories read and sorted them all for each page, 90 ms on SQLite, while
    walking the date index for a rare tag would read the whole archive)."""
    return published().filter(Exists(links.filter(**{article_field: OuterRef("pk")}))).newest_first()


def region_pick(region):
    return _pick(Article.regions.through.objects.filter(region=region), "article")


def tag_pick(tag):
    return _pick(TaggedArticle.objects.filter(tag=tag), "content_object")


def author_pick(author):
    return _pick(Byline.objects.filter(author=author), "article")


def tags_in_use():
    """Tags carried by at least one published article: the only tags with a page, a
    feed or a sitemap entry. A tag used only by drafts or scheduled stories stays
    unknown to readers (its name alone can leak a story) until one is published.

    An EXISTS per tag walks that tag's rows of the (tag, article) index and stops at the
    first published one: a DISTINCT over every tagged published article read 400 000
    rows at 100 000 articles (the sitemap's count took 110 ms, issue 13)."""
    carried = TaggedArticle.objects.filter(tag_id=OuterRef("pk"), content_object__edition=editions.current().code)
    carried = carried.filter(published_q("content_object__"))
    return Tag.objects.filter(Exists(carried))


def authors_in_use():
    """Authors with a byline on at least one published article; the same rule (and the
    same EXISTS per author, on the (author, article) index) as ``tags_in_use``, for
    author pages, feeds and sitemaps."""
    return Author.objects.filter(Exists(_published_bylines()))


def _published_bylines():
    bylines = Byline.objects.filter(author_id=OuterRef("pk"), article__edition=editions.current().code)
    return bylines.filter(published_q("article__"))


def tag_articles(tag):
    return published().filter(tags=tag).for_listing().newest_first()


def author_articles(author):
    return published().filter(bylines__author=author).for_listing().newest_first()


def authors_index():
    """Every author with at least one published article, with the count
    (``published_count``), A-Z: a list of ``Author`` (photo loaded), two queries.

    The counts come from one grouped pass over the bylines of the published articles'
    ids (``IN``: the ids from the published-date index, the bylines from their
    (article, author) index; no article row is read). A count per author, correlated
    on the (author, article) index, read each author's articles row by row: at 100 000
    articles on SQLite each lookup reads past the stored body (about 750 ms; a join
    grouped by author was 280 ms on PostgreSQL, issue 13). Still linear in the archive:
    the page keeps it as a fragment (``public.views.site.authors``)."""
    visible = published().order_by().values("pk")
    counts = dict(
        Byline.objects.filter(article_id__in=visible)
        .order_by()
        .values_list("author_id")
        .annotate(n=Count("*"))
        .values_list("author_id", "n")
    )
    authors = list(Author.objects.select_related("photo").filter(pk__in=list(counts)).order_by("name"))
    for author in authors:
        author.published_count = counts[author.pk]
    return authors


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

    Two queries (article, bylines), each compiled once per process
    (``public.statements``); gallery images and live updates only for the formats that
    show them (see ``ensure_format_items``).
    """
    edition = editions.current().code

    def build(now, section_path, slug):
        return published(now).filter(section__path=section_path, slug=slug).for_page().prefetch_related(None)

    return _for_page(statements.instances(("article-at", edition), build, timezone.now(), section_path, slug))


def article_by_id(pk):
    """The published article ``pk`` (an int) of the active edition with what its page
    shows, or None: as ``article_for_page``, by id."""
    edition = editions.current().code

    def build(now, pk):
        return published(now).filter(pk=pk).for_page().prefetch_related(None)

    return _for_page(statements.instances(("article-id", edition), build, timezone.now(), pk))


def _for_page(found):
    if not found:
        return None
    article = found[0]
    with_bylines([article])
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
    article = published().for_page().filter(pk=pk, format=Article.Format.LIVE).first()
    if article:
        ensure_format_items(article)
    return article


def live_feed_updates(article, limit):
    """The ``limit`` newest visible updates of ``article``, for its feed."""
    return list(article.live_updates.for_page()[:limit])


# --- corrections ---------------------------------------------------------------


def published_corrections():
    """Every published notice on a published article of the edition, newest first
    (``Correction.objects.published``), with its article's URL parts: ``/corrections``,
    its feeds and the API."""
    return Correction.objects.published(editions.current().code).select_related("article__section")


def section_fill(rows, article, related, limit):
    """The newest of ``rows`` (newest first) in ``article``'s section, not the article nor
    already ``related``, as many as ``related`` lacks of ``limit``: what
    ``computed_related`` ranks after the stories sharing tags."""
    taken = {a.pk for a in related} | {article.pk}
    fill = [a for a in rows if a.section_id == article.section_id and a.pk not in taken]
    return fill[: max(0, limit - len(related))]


def listed_related(article):
    """The ids Related is picked from, best first, when they are stored: the article's
    own list (``related_ids``), else its suggestions computed on write
    (``suggested_related``); None when neither is (Related is computed then)."""
    return article.related_ids if article.related_ids is not None else article.suggested_related


def related_articles(article, limit=4, load=None):
    """The article's Related box (the article page's, through ``public.fragments.related``,
    and the API's ``related``), one query: the article's own list (``related_ids``,
    published ones in its order), else the published ones of its stored suggestions
    (``suggested_related``, computed on write) topped up with the newest of its section,
    else the published articles sharing most tags with it, then the newest of its
    section (``computed_related``).

    ``load(queryset)`` makes the rows: cards by default (``cards``); ``id_rows`` picks
    the ids only, for a page that has the cards cached (``public.fragments.related``)."""
    load = load or (lambda queryset: list(cards(queryset)))
    own = listed_related(article)
    if article.related_ids is not None:
        visible = Article.objects.published().filter(edition=article.edition)
        by_id = {a.pk: a for a in load(visible.filter(pk__in=own))} if own else {}
        return [by_id[pk] for pk in own if pk in by_id and pk != article.pk][:limit]
    if own is not None:
        visible = Article.objects.published().filter(edition=article.edition)
        newest = visible.filter(section_id=article.section_id).order_by("-published_at", "-pk")
        # The fill skips the article and the stored ones shown: limit + 1 rows suffice.
        slices = [Article.objects.filter(pk__in=own).values("pk"), newest.values("pk")[: limit + 1]]
        rows = newest_first(load(visible.filter(any_of_slices(slices))))
        by_id = {a.pk: a for a in rows}
        related = [by_id[pk] for pk in own if pk in by_id and pk != article.pk][:limit]
        return related + section_fill(rows, article, related, limit)
    ids, shared = computed_related(article, limit)
    return load(
        Article.objects.filter(pk__in=ids, edition=article.edition)
        .annotate(shared=shared)
        .order_by("-shared", "-published_at", "-pk")
    )


def id_rows(queryset):
    """``queryset``'s rows as ``related_articles`` picks by them, without their cards: a
    ``SimpleNamespace`` of ``pk``, ``section_id`` and ``published_at`` each, in its order."""
    rows = queryset.values_list("pk", "section_id", "published_at")
    return [SimpleNamespace(pk=pk, section_id=section_id, published_at=at) for pk, section_id, at in rows]
