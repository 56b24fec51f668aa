from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles import editions
from articles.search import MAX_QUERY_LENGTH
from public import caching, selectors


def edition_links(request, edition):
    """The header's links to the other editions: [{label, name, language, url,
    translation}] in settings order. ``url`` is the translation of the page's story
    in that edition when the view found one (``request.translations``, {code: url}),
    else that edition's home."""
    translations = getattr(request, "translations", None) or {}
    return [
        {
            "label": other.label,
            "name": other.name,
            "language": other.language,
            "direction": other.direction,
            "url": translations.get(other.code) or other.home_url(),
            "translation": other.code in translations,
        }
        for other in editions.all_editions()
        if other.code != edition.code
    ]


def site(request):
    """Site-wide settings and the chrome of every public page (menu, regions, ticker),
    all of the request's edition (``articles.editions``): its name and slogan, its
    language and direction (``<html lang dir>``), links to the other editions.

    The chrome is lazy: the admin, which shares these context processors, never
    touches it and so never pays for it.
    """
    # The active edition first: an admin preview renders an article in its own edition.
    edition = editions.active() or editions.of_request(request)
    return {
        "EDITION": edition,
        "SITE_NAME": edition.site_name,
        "SITE_TAGLINE": edition.tagline,
        "edition_links": SimpleLazyObject(lambda: edition_links(request, edition)),
        "APP_LINKS": settings.APP_LINKS,
        "SOCIAL_LINKS": settings.SOCIAL_LINKS,
        "SEARCH_MAX_LENGTH": MAX_QUERY_LENGTH,
        "menu": SimpleLazyObject(lambda: selectors.section_tree().menu),
        # The header's LIVE link: the edition's "live" section, when it has one.
        "live_section": SimpleLazyObject(lambda: selectors.section_tree().by_path.get("live") or ""),
        "regions_menu": SimpleLazyObject(selectors.menu_regions),
        "ticker": SimpleLazyObject(selectors.live_breaking_items),
        # In a page being cached: where the ticker goes, filled when the page is served.
        "ticker_hole": caching.ticker_hole(request),
    }
