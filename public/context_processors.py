from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.search import MAX_QUERY_LENGTH
from public import caching, selectors


def site(request):
    """Site-wide settings and the chrome of every public page (menu, regions, ticker).

    The chrome is lazy: the admin, which shares these context processors, never
    touches it and so never pays for it.
    """
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "EDITION_LINKS": settings.EDITION_LINKS,
        "APP_LINKS": settings.APP_LINKS,
        "SOCIAL_LINKS": settings.SOCIAL_LINKS,
        "SEARCH_MAX_LENGTH": MAX_QUERY_LENGTH,
        "menu": SimpleLazyObject(lambda: selectors.section_tree().menu),
        "regions_menu": SimpleLazyObject(selectors.menu_regions),
        "ticker": SimpleLazyObject(selectors.live_breaking_items),
        # In a page being cached: where the ticker goes, filled when the page is served.
        "ticker_hole": caching.ticker_hole(request),
    }
