from django.core.paginator import Paginator
from django.http import Http404
from django.utils.functional import cached_property

PER_PAGE = 20
# Listings page back through at most this many pages (2 000 articles); older ones are
# reached through search's date filters. Counting a whole section of a 100 000-article
# archive on every page view would make the listing slower as the archive grows.
MAX_PAGES = 100


class BoundedPaginator(Paginator):
    """A paginator whose count reads at most ``MAX_PAGES`` pages of rows."""

    @cached_property
    def count(self):
        return self.object_list.order_by()[: MAX_PAGES * self.per_page].count()

    def page(self, number):
        """The page's rows, picked by id in a join-free subquery (see ``newest()``)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self.object_list
        ids = rows.values("pk")[bottom : bottom + self.per_page]
        # Loaded here, in the view: a template never runs a listing's query.
        return self._get_page(list(rows.filter(pk__in=ids)), number, self)

    @property
    def is_truncated(self):
        return self.count >= MAX_PAGES * self.per_page


def paginate(request, queryset, per_page=PER_PAGE):
    """The requested page of ``queryset``: a page number past the end gives the last
    page; anything that is not a positive number is a 404, never a 500.

    The page carries ``prev_query`` / ``next_query``: the current query string with
    the page number changed, so filters survive paging.
    """
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise Http404("No such page")
    paginator = BoundedPaginator(queryset, per_page)
    page = paginator.page(min(int(raw), paginator.num_pages))
    return _with_links(request, page)


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
