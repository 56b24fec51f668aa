"""Caching of public pages and fragments, and the HTTP caching policy, in one place.

Every cache key carries the *content generation*: a number kept in the cache and
replaced by ``bump_generation()`` when a transaction that changed editorial content
commits (``public.apps`` connects ``invalidate`` to ``articles.signals.content_changed``).
A bump makes every cached page and fragment unreachable at once, so the next request to
any page shows the change; stale entries simply age out of the cache. A request reads
the generation once (``CachedPageMiddleware`` keeps it, and the keys it read, for the
request), so a page and its fragments come from one generation.

Time also changes content without anyone saving: a scheduled article appears at its
``published_at`` and a breaking item starts or ends. ``cache_timeout()`` therefore
never lets an entry outlive the next such moment.

HTTP policy:

- Public pages: ``Cache-Control: public, max-age=N, stale-while-revalidate=M`` where N
  is what ``public.caching.cache_timeout()`` allows, plus ``ETag`` and
  ``Last-Modified`` so browsers and CDNs revalidate with a cheap 304.
- Previews, the view beacon and anything personal: ``no-cache, private`` (and
  ``no-store``), never stored by anyone.

``public_page`` also keeps the rendered page in the server cache, keyed on the
content generation and the full URL, so a repeat request costs no query at all.
"""

import contextvars
import functools
import hashlib
import time
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Min, Q
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from articles import editions
from articles.editions import reverse
from articles.models import Article, BreakingItem

GENERATION_KEY = "content:generation"
# What a cache read returns for an absent key (None is a value: "no next change").
_MISSING = object()


class _RequestMemo:
    """What one request has read from the cache: the generation, and each key's value
    (or ``_MISSING``). Set by ``CachedPageMiddleware`` for the length of a request."""

    __slots__ = ("generation", "values")

    def __init__(self):
        self.generation = None
        self.values = {}


# A contextvar, not a global: every thread (and every request) has its own.
_request_memo = contextvars.ContextVar("public_caching_request_memo", default=None)


def generation():
    """The current content generation (created on first use).

    Read from the cache once per request: every key of a page is then in the same
    generation, and a page costs one generation read instead of one per key. Read
    before any content, so a page rendered while an editor commits is stored under the
    generation that the editor's commit replaces, never under the new one.
    """
    memo = _request_memo.get()
    if memo is not None and memo.generation is not None:
        return memo.generation
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        # add(): two processes starting at once agree on one value.
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    if memo is not None:
        memo.generation = value
    return value


def bump_generation():
    """Make every cached page and fragment stale. A new unique value, not an
    increment, so a cache restart can never bring an old generation back."""
    value = time.time_ns()
    cache.set(GENERATION_KEY, value, None)
    memo = _request_memo.get()
    if memo is not None:
        # A request that changed content reads its own change from here on.
        memo.generation, memo.values = value, {}


def key(kind, *parts):
    """A cache key of ``kind`` in the current generation; long parts are hashed."""
    raw = "|".join(str(p) for p in parts)
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"{kind}:{generation()}:{digest}"


def _get(k):
    """``cache.get(k)``, or ``_MISSING``; a key is read once per request."""
    memo = _request_memo.get()
    if memo is not None and k in memo.values:
        return memo.values[k]
    value = cache.get(k, _MISSING)
    if memo is not None:
        memo.values[k] = value
    return value


def _prefetch(keys):
    """Read ``keys`` in one round trip for the ``_get`` calls that follow (in a request)."""
    memo = _request_memo.get()
    if memo is None:
        return
    wanted = [k for k in keys if k not in memo.values]
    if wanted:
        found = cache.get_many(wanted)
        memo.values.update({k: found.get(k, _MISSING) for k in wanted})


def _set(k, value, timeout):
    cache.set(k, value, timeout)
    memo = _request_memo.get()
    if memo is not None:
        memo.values[k] = value


def _next_change():
    """When the published content next changes by the clock alone (or None).

    Two queries, run once per generation and bounded time, not per page.
    """
    now = timezone.now()
    times = []
    scheduled = Article.objects.scheduled().aggregate(t=Min("published_at"))["t"]
    if scheduled:
        times.append(scheduled)
    breaking = BreakingItem.objects.aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at", filter=Q(ends_at__gt=now))
    )
    times += [t for t in breaking.values() if t]
    return min(times) if times else None


def cache_timeout(limit=None):
    """Seconds a page (or, given its limit, a fragment) may be cached now: at most
    ``limit`` (PAGE_CACHE_SECONDS by default), cut short by the next scheduled
    publication or breaking item start/end. 0 means do not cache."""
    limit = settings.PAGE_CACHE_SECONDS if limit is None else limit
    if limit <= 0:
        return 0
    k = key("next-change")
    next_change = _get(k)
    if next_change is _MISSING:
        next_change = _next_change()
        lifetime = limit if next_change is None else _seconds_until(next_change, limit)
        if lifetime > 0:
            _set(k, next_change, lifetime)
    if next_change is None:
        return limit
    return _seconds_until(next_change, limit)


def _seconds_until(moment: datetime, limit):
    seconds = int((moment - timezone.now()).total_seconds())
    return max(0, min(limit, seconds))


def cached(kind, parts, compute):
    """``compute()``, cached under ``kind``/``parts`` in the current generation.

    Fragments (menu, ticker, Most Read) follow FRAGMENT_CACHE_SECONDS, so switching
    whole-page caching off still leaves the site chrome cached. Each edition has its
    own (the active edition's code is part of the key: ``articles.editions``); pages
    need no such part, their URL carries the edition's prefix.
    """
    timeout = cache_timeout(settings.FRAGMENT_CACHE_SECONDS)
    if not timeout:
        return compute()
    k = key(kind, editions.current().code, *parts)
    value = _get(k)
    if value is _MISSING:
        value = compute()
        _set(k, value, timeout)
    return value


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
    (they are cheap, and must not pin a URL that is about to exist). Any other
    method (TRACE, OPTIONS, POST, ...) gets an empty 405: a public page is only read.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        hit = serve_cached(request)
        if hit is not None:
            return hit
        timeout = cache_timeout()
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or getattr(response, "streaming", False):
            return response
        # A view may shorten its page's lifetime (a running live blog: LIVE_PAGE_SECONDS).
        timeout = min(timeout, getattr(response, "cache_seconds", timeout))
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if "no-store" in response.get("Cache-Control", ""):
            return response  # a view decided this one is private (a preview)
        last_modified = timezone.now().timestamp()
        if timeout:
            stored = (response.content, response["Content-Type"], last_modified, timeout)
            _set(key("page", request.get_full_path()), stored, timeout)
        return _finish(request, response, last_modified, timeout)

    return wrapper


def _finish(request, response, last_modified, timeout, lifetime=None):
    response["ETag"] = _etag(response.content)
    response["Last-Modified"] = http_date(last_modified)
    # Browsers and CDNs keep it no longer than the server cache was allowed to.
    make_public(response, min(timeout, settings.PAGE_CACHE_SECONDS, lifetime or timeout))
    return get_conditional_response(request, etag=response["ETag"], last_modified=int(last_modified), response=response)


def serve_cached(request):
    """The stored public page for ``request``'s URL, with its headers, or None."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return None
    page_key = key("page", request.get_full_path())
    # The page and its lifetime bound in one round trip: the breaking-news spike path.
    _prefetch([key("next-change"), page_key])
    timeout = cache_timeout()
    if not timeout:
        return None
    stored = _get(page_key)
    if stored is _MISSING:
        return None
    # Pages stored before lifetimes were kept (three items) are served as they were.
    content, content_type, last_modified, *kept = stored
    lifetime = kept[0] if kept else None
    return _finish(request, HttpResponse(content, content_type=content_type), last_modified, timeout, lifetime)


class CachedPageMiddleware:
    """Answers GET/HEAD requests for pages already in the page cache before the rest of
    the stack (sessions, CSRF, auth, URL resolving) runs: the breaking-news spike path.

    Only ``public_page`` views store pages, and what they store is the same for every
    visitor, so a hit here is exactly what the view would have returned.

    It also opens the request's cache memo (``generation()``, ``_get``): a page hit
    costs two cache reads, a page rendered from scratch one read per key it uses. Put
    it above every middleware that reads the page cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set(_RequestMemo())
        try:
            if request.method in ("GET", "HEAD") and settings.PAGE_CACHE_SECONDS > 0:
                request.get_host()  # the same Host check as the full stack (400 when not allowed)
                hit = serve_cached(request)
                if hit is not None:
                    return hit
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


def forget_pages(paths):
    """Drop the cached pages of ``paths`` (URL paths as requests name them) in the
    current generation, and nothing else."""
    keys = [key("page", path) for path in paths]
    cache.delete_many(keys)
    memo = _request_memo.get()
    if memo is not None:
        for k in keys:
            memo.values.pop(k, None)


def invalidate_live(sender=None, article_id=None, using=DEFAULT_DB_ALIAS, **kwargs):
    """Receiver of ``articles.signals.live_updates_changed``: once the change commits,
    the cached pages that show the updates of that live blog (its page, its feeds) are
    dropped; every other page, and the rest of the site's cache, stays.

    No card shows a live update (cards show the LIVE badge, which only the article's
    own save changes, through ``content_changed``). The page's other addresses (with a
    query string) live at most ``LIVE_PAGE_SECONDS``, and readers' open pages poll the
    fragment, which is never stored here.
    """
    transaction.on_commit(functools.partial(_forget_live_blog, article_id, using), using=using)


def _forget_live_blog(article_id, using):
    article = Article.objects.using(using).select_related("section").filter(pk=article_id).first()
    if article is None:
        return
    forget_pages(
        [
            article.get_absolute_url(),
            reverse("public:live_rss", kwargs={"pk": article_id}, edition=article.edition),
            reverse("public:live_atom", kwargs={"pk": article_id}, edition=article.edition),
        ]
    )


def invalidate(sender=None, using=DEFAULT_DB_ALIAS, **kwargs):
    """Receiver of ``articles.signals.content_changed``: every cached page is stale once
    the change is committed.

    The bump waits for the COMMIT of the transaction that made the change (at once in
    autocommit): bumped inside it, a reader rendering the page before the commit would
    store the old content under the new generation, and keep serving it for a whole
    cache lifetime. One bump per transaction, however many rows it changed.
    """
    connection = connections[using]
    # Already queued in this transaction? ``run_on_commit`` holds (savepoints, callback,
    # robust); a rolled-back savepoint drops its callbacks, so a later change queues anew.
    if any(callback is bump_generation for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(bump_generation, using=using)
