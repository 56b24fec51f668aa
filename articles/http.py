"""The HTTP caching policy of the public site, in one place.

- Public pages: ``Cache-Control: public, max-age=N, stale-while-revalidate=M`` where N
  is what ``articles.cache.cache_timeout()`` allows, plus ``ETag`` and
  ``Last-Modified`` so browsers and CDNs revalidate with a cheap 304.
- Previews, the view beacon and anything personal: ``no-cache, private`` (and
  ``no-store``), never stored by anyone.

``public_page`` also keeps the rendered page in the server cache, keyed on the
content generation and the full URL, so a repeat request costs no query at all.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from articles import cache

# How long a CDN may keep serving a stale page while it fetches a fresh one.
STALE_WHILE_REVALIDATE = 60


def make_public(response, max_age):
    """Headers of a cacheable public response."""
    if max_age > 0:
        patch_cache_control(response, public=True, max_age=max_age, stale_while_revalidate=STALE_WHILE_REVALIDATE)
    else:
        # Page caching off: shared caches may keep it but must ask first.
        patch_cache_control(response, public=True, no_cache=True, max_age=0)
    return response


def make_private(response):
    """Headers of a response nobody may store: previews, the beacon."""
    response.headers.pop("ETag", None)
    response.headers.pop("Last-Modified", None)
    patch_cache_control(response, no_cache=True, no_store=True, private=True, max_age=0, must_revalidate=True)
    return response


def _etag(content):
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def public_page(view):
    """Decorator for public GET views: server-side page cache + public HTTP caching.

    Only successful responses are stored; 404s and redirects are rendered each time
    (they are cheap, and must not pin a URL that is about to exist).
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        hit = serve_cached(request)
        if hit is not None:
            return hit
        timeout = cache.cache_timeout()
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or getattr(response, "streaming", False):
            return response
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if "no-store" in response.get("Cache-Control", ""):
            return response  # a view decided this one is private (a preview)
        last_modified = timezone.now().timestamp()
        if timeout:
            django_cache.set(
                cache.key("page", request.get_full_path()),
                (response.content, response["Content-Type"], last_modified),
                timeout,
            )
        return _finish(request, response, last_modified, timeout)

    return wrapper


def _finish(request, response, last_modified, timeout):
    response["ETag"] = _etag(response.content)
    response["Last-Modified"] = http_date(last_modified)
    make_public(response, min(timeout, settings.PAGE_CACHE_SECONDS))
    return get_conditional_response(request, etag=response["ETag"], last_modified=int(last_modified), response=response)


def serve_cached(request):
    """The stored public page for ``request``'s URL, with its headers, or None."""
    timeout = cache.cache_timeout()
    if not timeout:
        return None
    stored = django_cache.get(cache.key("page", request.get_full_path()))
    if stored is None:
        return None
    content, content_type, last_modified = stored
    return _finish(request, HttpResponse(content, content_type=content_type), last_modified, timeout)


class CachedPageMiddleware:
    """Answers GET/HEAD requests for pages already in the page cache before the rest of
    the stack (sessions, CSRF, auth, URL resolving) runs: the breaking-news spike path.

    Only ``public_page`` views store pages, and what they store is the same for every
    visitor, so a hit here is exactly what the view would have returned.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and settings.PAGE_CACHE_SECONDS > 0:
            request.get_host()  # the same Host check as the full stack (400 when not allowed)
            hit = serve_cached(request)
            if hit is not None:
                return hit
        return self.get_response(request)
