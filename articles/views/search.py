from django.shortcuts import render
from django.urls import reverse

from articles import metadata
from articles.filters import ArticleSearchFilter
from articles.http import public_page
from articles.models import Article
from articles.views.paging import paginate


@public_page
def search(request):
    """Search results: ranked by the text query, narrowed by the filters, ``noindex``.

    Cached like any page: a popular query is asked many times in a news cycle.
    """
    filterset = ArticleSearchFilter(
        request.GET or None, queryset=Article.objects.published().for_listing().newest_first()
    )
    page = paginate(request, filterset.qs) if filterset.has_query else None
    q = getattr(filterset.form, "cleaned_data", {}).get("q", "") if filterset.is_bound else ""
    context = {
        "meta": metadata.page("Search" + (f": {q}" if q else ""), reverse("articles:search"), noindex=True),
        "filter": filterset,
        "page": page,
        "q": q,
    }
    return render(request, "articles/search.html", context)
