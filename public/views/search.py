from django.shortcuts import render
from django.urls import reverse

from articles.models import Article
from articles.search import clean_query
from public import metadata
from public.caching import public_page
from public.search_form import ArticleSearchFilter
from public.views.paging import paginate


@public_page
def search(request):
    """Search results: ranked by the text query, narrowed by the filters, ``noindex``.

    Cached like any page: a popular query is asked many times in a news cycle.
    """
    filterset = ArticleSearchFilter(
        request.GET or None, queryset=Article.objects.published().for_listing().newest_first()
    )
    page = paginate(request, filterset.qs) if filterset.has_query else None
    q = clean_query(getattr(filterset.form, "cleaned_data", {}).get("q")) if filterset.is_bound else ""
    context = {
        "meta": metadata.page("Search" + (f": {q}" if q else ""), reverse("public:search"), noindex=True),
        "filter": filterset,
        "page": page,
        "q": q,
    }
    return render(request, "articles/search.html", context)
