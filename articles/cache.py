"""Caching of public pages and of the site chrome, with one invalidation rule.

Every cache key carries the *content generation*: a number kept in the cache and
replaced by ``bump_generation()`` whenever editorial content changes (see
``articles.signals``). A bump makes every cached page and fragment unreachable at
once, so the next request to any page shows the change; stale entries simply age
out of the cache.

Time also changes content without anyone saving: a scheduled article appears at its
``published_at`` and a breaking item starts or ends. ``cache_timeout()`` therefore
never lets an entry outlive the next such moment.
"""

import hashlib
import time
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min, Q
from django.utils import timezone

GENERATION_KEY = "content:generation"


def generation():
    """The current content generation (created on first use)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        # add(): two processes starting at once agree on one value.
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return value


def bump_generation():
    """Make every cached page and fragment stale. A new unique value, not an
    increment, so a cache restart can never bring an old generation back."""
    cache.set(GENERATION_KEY, time.time_ns(), None)


def key(kind, *parts):
    """A cache key of ``kind`` in the current generation; long parts are hashed."""
    raw = "|".join(str(p) for p in parts)
    digest = hashlib.sha256(raw.encode()).hexdigest()[:32]
    return f"{kind}:{generation()}:{digest}"


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def _next_change():
    """When the published content next changes by the clock alone (or None).

    Two queries, run once per generation and bounded time, not per page.
    """
    from articles.models import Article, BreakingItem

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
    next_change = cache.get(k, "missing")
    if next_change == "missing":
        next_change = _next_change()
        lifetime = limit if next_change is None else _seconds_until(next_change, limit)
        if lifetime > 0:
            cache.set(k, next_change, lifetime)
    if next_change is None:
        return limit
    return _seconds_until(next_change, limit)


def _seconds_until(moment: datetime, limit):
    seconds = int((moment - timezone.now()).total_seconds())
    return max(0, min(limit, seconds))


def cached(kind, parts, compute):
    """``compute()``, cached under ``kind``/``parts`` in the current generation.

    Fragments (menu, ticker, Most Read) follow FRAGMENT_CACHE_SECONDS, so switching
    whole-page caching off still leaves the site chrome cached.
    """
    timeout = cache_timeout(settings.FRAGMENT_CACHE_SECONDS)
    if not timeout:
        return compute()
    k = key(kind, *parts)
    value = cache.get(k)
    if value is None:
        value = compute()
        cache.set(k, value, timeout)
    return value
