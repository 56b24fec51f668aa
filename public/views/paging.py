from django.core.paginator import Paginator
from django.http import Http404
from django.utils.functional import cached_property

from articles.models import Article
from public import fragments

PER_PAGE = 20
# Listings page back through at most this many pages (2 000 articles); older ones are
# reached through search's date filters. Counting a whole section of a 100 000-article
# archive on every page view would make the listing slower as the archive grows.
MAX_PAGES = 100


class BoundedPaginator(Paginator):
    """A paginator whose count reads at most ``MAX_PAGES`` pages of rows.

    ``pick``: the same rows as ``object_list`` in the same order, planned to walk the
    newest first (``selectors.tag_pick``): a listing that long (its count reached the
    bound) picks its page's ids from it, a shorter one from ``object_list``, whose plan
    reads its few rows and sorts them. The count says which, without another query."""

    def __init__(self, object_list, per_page, pick=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.pick = pick

    @cached_property
    def count(self):
        # Only the ids: an annotation (search's rank) would be computed for every row.
        return self.object_list.order_by().values("pk")[: MAX_PAGES * self.per_page].count()

    def page(self, number):
        """The page's rows, picked by id in a join-free subquery (see ``newest()``)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self.object_list
        pick = self.pick if self.pick is not None and self.is_truncated else rows
        ids = pick.values("pk")[bottom : bottom + self.per_page]
        # Loaded here, in the view: a template never runs a listing's query.
        return self._get_page(list(rows.filter(pk__in=ids)), number, self)

    @property
    def is_truncated(self):
        return self.count >= MAX_PAGES * self.per_page


def paginate(request, queryset, per_page=PER_PAGE, pick=None):
    """The requested page of ``queryset`` (its ids picked from ``pick`` if given: see
    ``BoundedPaginator``): a page number past the end gives the last page; anything
    that is not a positive number is a 404, never a 500.

    The page carries ``prev_query`` / ``next_query``: the current query string with
    the page number changed, so filters survive paging.
    """
    paginator = BoundedPaginator(queryset, per_page, pick=pick)
    return _with_links(request, paginator.page(page_number(request, paginator)))


def page_number(request, paginator):
    """The page number ``request`` asks for (its ``page`` parameter, 1 by default), past
    the end the last page's. Http404 for anything that is not a positive number."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise Http404("No such page")
    return min(int(raw), paginator.num_pages)


def page_of(request, paginator, object_list, number):
    """Page ``number`` of ``paginator`` holding ``object_list`` (rows picked and loaded
    elsewhere, e.g. from a cached id list), with ``prev_query`` / ``next_query`` as
    ``paginate`` sets them."""
    return _with_links(request, paginator._get_page(object_list, number, paginator))


def _with_links(request, page):
    page.prev_query = _with_page(request, page.previous_page_number()) if page.has_previous() else ""
    page.next_query = _with_page(request, page.next_page_number()) if page.has_next() else ""
    return page


def _with_page(request, number):
    params = request.GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


def cached_listing(request, kind, object_id, key, articles, pick=lambda: None):
    """The requested page of an article listing (a ``Page`` of cards with bylines, as
    ``paginate`` makes it), ``articles()`` giving its queryset (``for_listing()``,
    newest first): the page's number, count and ids kept as fragment ``kind`` of
    ``object_id`` under the version of ``key`` (``section:<id>``, ``tag:<id>``...: any
    publish, unpublish, move or edit of a story it lists touches it; scheduled ones by
    the clock), its cards under theirs (``public.fragments``); ``pick()`` as
    ``paginate`` takes it. Warm, no query.

    Cold, a listing with no ``pick`` (a section; search, in rank order) reads its ids in
    its order up to the bound (``MAX_PAGES`` pages: their number is the count, which a
    count query read before) in one query of one column, and its page's cards come from
    the kept ones (``fragments.load_cards``): a change to one story re-reads its own
    card, not the page's twenty, in as many queries as before (ids; the cards not kept;
    their bylines). A listing with a ``pick`` (a tag, an
    author, a region: their long and short plans differ, see ``BoundedPaginator``)
    counts, then loads its page."""
    fresh = []

    def compute():
        queryset, picked = articles(), pick()
        if picked is None and fragments.active():
            listed = list(queryset.prefetch_related(None).values_list("pk", flat=True)[: MAX_PAGES * PER_PAGE])
            paginator = BoundedPaginator(Article.objects.none(), PER_PAGE)
            paginator.count = len(listed)  # a cached_property: the ids read are the count
            number = page_number(request, paginator)
            return number, len(listed), listed[(number - 1) * PER_PAGE : number * PER_PAGE]
        page = paginate(request, queryset, pick=picked)
        fresh.append(page)
        return page.number, page.paginator.count, [a.pk for a in page.object_list]

    raw = request.GET.get("page", "1")
    number, count, ids = fragments.cached(kind, (object_id, raw), compute, (key,))
    if fresh:
        fragments.keep_cards(fresh[0].object_list, bylines=True)  # read now: kept for the next requests
        return fresh[0]
    paginator = BoundedPaginator(Article.objects.none(), PER_PAGE)
    paginator.count = count  # a cached_property: the stored count stands in for the query
    return page_of(request, paginator, fragments.load_cards(ids, bylines=True), number)
