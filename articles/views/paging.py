from django.core.paginator import Paginator
from django.http import Http404

PER_PAGE = 20


def paginate(request, queryset, per_page=PER_PAGE):
    """The requested page of ``queryset``: a page number past the end gives the last
    page; anything that is not a positive number is a 404, never a 500.

    The page carries ``prev_query`` / ``next_query``: the current query string with
    the page number changed, so filters survive paging.
    """
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or int(raw) < 1 or len(raw) > 9:
        raise Http404("No such page")
    paginator = Paginator(queryset, per_page)
    page = paginator.page(min(int(raw), paginator.num_pages))
    page.prev_query = _with_page(request, page.previous_page_number()) if page.has_previous() else ""
    page.next_query = _with_page(request, page.next_page_number()) if page.has_next() else ""
    return page


def _with_page(request, number):
    params = request.GET.copy()
    params["page"] = number
    return "?" + params.urlencode()
