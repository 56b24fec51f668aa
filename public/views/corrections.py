"""``/corrections``: every published correction, clarification and update note."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from articles import editions
from articles.editions import reverse
from public import caching, metadata, selectors
from public.caching import public_page
from public.views.paging import paginate

CORRECTIONS_PER_PAGE = 30


@public_page(keys=("corrections",))
def corrections(request):
    """The newsroom's notices, newest first, each linked to its article; paginated.
    Each notice shows its article's headline and address: the page shows their keys."""
    path = reverse("public:corrections")
    crumbs = [(_("Home"), reverse("public:home")), (_("Corrections"), path)]
    page = paginate(request, selectors.published_corrections(), per_page=CORRECTIONS_PER_PAGE)
    caching.shows(*(f"article:{notice.article_id}" for notice in page))
    context = {
        "meta": metadata.page(
            _("Corrections and clarifications"),
            path,
            _("Corrections, clarifications and update notes published by %(site)s.")
            % {"site": editions.current().site_name},
            crumbs=crumbs,
        ),
        "page": page,
        "feed_url": reverse("public:rss_corrections"),
    }
    return render(request, "articles/corrections.html", context)
