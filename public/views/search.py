from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from taggit.models import Tag

from articles import editions
from articles.editions import reverse
from articles.models import Author
from articles.models.article import published_q
from articles.search import clean_query
from public import caching, metadata, selectors
from public.caching import public_page
from public.search_form import ArticleSearchFilter
from public.views.paging import cached_listing


@public_page(keys=("search",))
def search(request):
    """Search results: ranked by the text query, narrowed by the filters, ``noindex``.

    Cached like any page: a popular query is asked many times in a news cycle. A query
    in one edition searches that edition's stories (``selectors.published``).
    """
    filterset = ArticleSearchFilter(request.GET or None, queryset=selectors.published().for_listing().newest_first())
    searched = filterset.has_query
    # An unknown author, tag, section or date lists nothing: the error says why. A
    # query's page (its ids, ranked, and the count) is kept under ``search``, touched by
    # any change to a listed story, as the whole page is: a popular query is asked many
    # times in a news cycle, and ranking its window of matches costs the most here.
    page = None
    if searched and filterset.is_valid():
        query = request.GET.copy()
        query.pop("page", None)
        page = cached_listing(request, "search-page", query.urlencode(), "search", lambda: filterset.qs)
    caching.shows(*caching.article_keys(page or [], bylines=True))
    q = clean_query(getattr(filterset.form, "cleaned_data", {}).get("q")) if filterset.is_bound else ""
    context = {
        "meta": metadata.page(
            _("Search: %(query)s") % {"query": q} if q else pgettext("label", "Search"),
            reverse("public:search"),
            noindex=True,
        ),
        "filter": filterset,
        "searched": searched,
        "page": page,
        "q": q,
    }
    return render(request, "articles/search.html", context)


SUGGESTIONS = 10
# What can be suggested: only names readers can already see on a published article of
# the edition, so a tag or author used only on drafts (an embargoed story) never leaks.
SUGGEST_KINDS = {
    "author": lambda: Author.objects.filter(
        published_q("bylines__article__"), bylines__article__edition=editions.current().code
    ),
    "tag": lambda: Tag.objects.filter(
        published_q("articles_taggedarticle_items__content_object__"),
        articles_taggedarticle_items__content_object__edition=editions.current().code,
    ),
}


@public_page(keys=("search",))
def search_suggest(request):
    """``/search/suggest?kind=author|tag&q=…``: JSON ``{"names": [...]}``, at most
    ``SUGGESTIONS`` names containing ``q`` (case-insensitive), those starting with it
    first, then A-Z. Fills the search form's datalists; an unknown kind or an empty
    ``q`` gives an empty list (never an error page)."""
    kind = SUGGEST_KINDS.get(request.GET.get("kind", ""))
    q = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:100]  # PostgreSQL refuses NUL
    if kind is None or not q:
        return JsonResponse({"names": []})
    names = list(kind().filter(name__icontains=q).values_list("name", flat=True).distinct().order_by("name")[:200])
    names.sort(key=lambda name: not name.lower().startswith(q.lower()))
    return JsonResponse({"names": names[:SUGGESTIONS]})
