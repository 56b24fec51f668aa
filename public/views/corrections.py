"""``/corrections``: every published correction, clarification and update note."""

from django.shortcuts import render

from articles import editions
from articles.editions import reverse
from public import metadata, selectors
from public.caching import public_page
from public.views.paging import paginate

CORRECTIONS_PER_PAGE = 30


@public_page
def corrections(request):
    """The newsroom's notices, newest first, each linked to its article; paginated."""
    path = reverse("public:corrections")
    crumbs = [("Home", reverse("public:home")), ("Corrections", path)]
    context = {
        "meta": metadata.page(
            "Corrections and clarifications",
            path,
            f"Corrections, clarifications and update notes published by {editions.current().site_name}.",
            crumbs=crumbs,
        ),
        "page": paginate(request, selectors.published_corrections(), per_page=CORRECTIONS_PER_PAGE),
        "feed_url": reverse("public:rss_corrections"),
    }
    return render(request, "articles/corrections.html", context)
