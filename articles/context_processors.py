from django.conf import settings


def site(request):
    """Site-wide settings the templates need (names, edition and app links)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "EDITION_LINKS": settings.EDITION_LINKS,
        "APP_LINKS": settings.APP_LINKS,
        "SOCIAL_LINKS": settings.SOCIAL_LINKS,
    }
