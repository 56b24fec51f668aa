"""The redirects table answered on a 404 (``articles.models.Redirect``).

Replaces ``django.contrib.redirects.middleware.RedirectFallbackMiddleware``, which
looked the path up *with* its query string (a shared link carrying ``?utm_source=…``
or ``?fbclid=…`` found nothing and answered 404) and could not hold our long URLs.
"""

from django.conf import settings
from django.http import HttpResponseGone, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve

from articles.models import Redirect
from articles.models.redirect import request_key
from public import selectors


def location(new_path, query_string):
    """Where to send the reader: ``new_path`` (as stored: an IRI path, or a full URL) with
    the request's raw ``query_string`` appended, so campaign parameters survive the move.
    The response encodes what an IRI leaves unencoded (``iri_to_uri``)."""
    if not query_string:
        return new_path
    return f"{new_path}{'&' if '?' in new_path else '?'}{query_string}"


class RedirectFallbackMiddleware:
    """On a 404, answer 301 to where ``request.path`` moved (410 when it is gone).

    The path is matched without its query string, which the redirect keeps, and with or
    without a trailing slash (``/news/politics/old-slug/`` finds ``/news/politics/old-slug``).
    A path that is only one of our own pages with a slash added (``/news/politics/slug/``,
    as link checkers and other CMSs write them) answers 301 to the page without it: our
    URLs have no trailing slash (APPEND_SLASH's opposite). One indexed query per 404;
    other responses cost nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        path = request_key(request.path)
        candidates = [path, path.rstrip("/") if path.endswith("/") and path != "/" else f"{path}/"]
        found = {
            r.old_path: r
            for r in Redirect.objects.filter(site_id=settings.SITE_ID, old_path__in=candidates).only(
                "old_path", "new_path"
            )
        }
        redirect = next((found[c] for c in candidates if c in found), None)
        if redirect is None:
            return self.without_slash(request) or response
        if not redirect.new_path:
            return HttpResponseGone()
        return HttpResponsePermanentRedirect(location(redirect.new_path, request.META.get("QUERY_STRING", "")))

    @staticmethod
    def without_slash(request):
        """301 to ``request.path`` without its trailing slash when that is one of our
        pages, else None: a section or published article must exist; for the other
        patterns (tag, author…) a match is enough, their own page answers 404 if unknown."""
        path = request.path
        if path == "/" or not path.endswith("/"):
            return None
        bare = path.rstrip("/")
        try:
            match = resolve(bare)
        except Resolver404:
            return None
        if match.namespace != "public":  # the admin and the API keep their own slash rules
            return None
        # The catch-all section/article patterns match any path: ask whether it exists.
        if match.url_name in ("section", "article") and not selectors.section_or_article_exists(bare.strip("/")):
            return None
        return HttpResponsePermanentRedirect(location(bare, request.META.get("QUERY_STRING", "")))
