"""Caching of public pages and fragments, and the HTTP caching policy, in one place.

Dependency keys
---------------
Everything cached records the *dependency keys* of what it shows, as strings:
``article:<id>``, ``section:<id>``, ``tag:<id>``, ``author:<id>`` (what lists a
section's, tag's or author's stories), ``tag-name:<id>``, ``author-name:<id>`` (what only
names them: an article's tags, bylines), ``region:<id>``,
``live:<id>`` (a live blog's updates), ``flatpage:<id>``, ``home``, ``ticker``,
``most-read``, ``feeds``, ``sitemap``, ``search``, ``authors`` (the authors index),
``corrections``, ``edition:<code>`` (the chrome of an edition: menu, region bar, footer;
every page of the edition shows it) and ``content`` (anything: what a caller caches
without naming its keys, such as the API's answers).

Each key has a *version* in the cache (``dep:<key>``: a token, ``time.time_ns()`` of its
last invalidation). A change, once its transaction commits, gives new tokens to the keys
it touches (``invalidate_keys``; ``public.dependencies`` decides which keys a change
touches) and sends ``keys_invalidated`` for the CDN purge (``public.cdn``). A cached page
keeps the tokens of its keys and is served only while they are all current; a fragment's
cache key is made of its keys' tokens. So a publish re-renders the pages that show the
story, its sections, tags and authors, the home page and feeds, and nothing else.

A missing token (never set, evicted, cache cleared) is created as a new negative value:
whatever was stored against an older token can no longer match it, so losing a token
costs misses, never a stale page.

The ticker is not part of any cached page: pages are stored with a hole where the ticker
goes, filled at serve time from the ticker block (its own entry, kept against the
``ticker`` token and the clock). A ticker change therefore touches no page key. A CDN that
does ESI (``Surrogate-Capability: ...="ESI/1.0"``) is given an ``<esi:include>`` of
``/breaking/ticker`` instead, so it can keep pages across ticker changes as well.

Time also changes content without anyone saving: a scheduled article appears at its
``published_at``, a breaking item starts or ends, a front-page pin expires
(``articles.models.frontpage``). A page never outlives the next scheduled publication
or pin expiry, the ticker block never the next breaking start or end.

Cache reads per request (one ``get`` or ``get_many`` each): a page hit makes one (the page
with the versions every page needs, the token of the latest invalidation and the ticker
block), two when something was invalidated since the page was stored (then its own keys'
versions decide, and the page is stamped current again); a miss makes three (the same
first read, the chrome fragments, the versions of what the page showed). Fragments whose
key carries their versions are immutable: a small per-process layer (``_LOCAL``) answers
them without any read.

With the whole-page cache off (``PAGE_CACHE_SECONDS=0``), home, section and article
pages are assembled from versioned fragments instead (cards, id lists, the article,
content blocks): ``public.fragments``.

HTTP policy
-----------
- Public pages: ``Cache-Control: public, max-age=N, stale-while-revalidate=M`` where N
  is what the server cache allows, plus ``ETag`` and ``Last-Modified`` so browsers and
  CDNs revalidate with a cheap 304, and the page's keys in ``Surrogate-Key`` and ``xkey``
  (space-separated: Fastly, Varnish xkey) and ``Cache-Tag`` (comma-separated:
  Cloudflare).
- Previews, the view beacon and anything personal: ``no-cache, private`` (and
  ``no-store``), never stored by anyone.
"""

import contextlib
import contextvars
import functools
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.dispatch import Signal
from django.http import HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.safestring import mark_safe

from articles import editions
from articles.editions import reverse
from articles.models import Article, BreakingItem, HomePin
from public import statements

# Sent after the commit of a change with ``keys``: the frozenset of dependency keys (str)
# it made stale. ``public.cdn`` purges them at the CDN.
keys_invalidated = Signal()

# The site chrome's key (menus, region bar). Dependency keys are shared by the editions:
# a change in one edition makes the others' pages showing the same kind of thing stale
# too (more misses, never a stale page); fragments are stored per edition.
EDITION = "edition:en"
ANY_CHANGE = "content"
# What a change nobody can describe touches: every page (all show the edition's chrome)
# and every key that is not about one object.
EVERYTHING = frozenset(
    {EDITION, ANY_CHANGE, "home", "ticker", "most-read", "feeds", "sitemap", "search", "authors", "corrections"}
)
# The keys of the fragments every page uses (``cached`` callers name none).
FRAGMENT_KEYS = {
    "sections": (EDITION,),
    "regions": (EDITION,),
    "ticker": ("ticker",),
    "most-read": ("most-read",),
}
# Versions every page reads: fetched with the page itself, in the request's first read.
COMMON_KEYS = ("*", EDITION, "ticker", "home", "most-read")
# The chrome fragments a page renders, fetched in one read before a page is rendered.
CHROME_FRAGMENTS = (("sections", ()), ("regions", ()), ("most-read", (5,)), ("ticker", ()))

TICKER_HOLE = "<!--newsroom:ticker-->"
TICKER_BLOCK = "block:ticker"

# What a cache read returns for an absent key (None is a value: "no next change").
logger = logging.getLogger(__name__)

_MISSING = object()
# What the request memo answers for a key it has not read.
_UNKNOWN = object()


class _RequestMemo:
    """What one request has read from the cache (each key's value, or ``_MISSING``) and
    the dependency keys of what it showed. Set by ``CachedPageMiddleware`` (or the
    ``public_page`` decorator) for the length of a request."""

    __slots__ = (
        "values",
        "ahead",
        "read",
        "shown",
        "holes",
        "started",
        "planned",
        "recipes",
        "writes",
        "loaded",
        "bounds",
    )

    def __init__(self):
        self.values = {}
        # Read ahead by the page's read plan (``_read_ahead``), not used yet; and the keys
        # this request used from the shared cache (the next request's plan).
        self.ahead = {}
        self.read = []
        self.shown = set()
        self.holes = False
        # True when this render's reads were read ahead by its URL's plan (``planned``).
        self.planned = False
        # The fragments this request looked up, ``{cache key: (kind, parts, keys)}``: the
        # next render's plan finds them under the versions current then.
        self.recipes = {}
        # When the request began (wall-clock ns): a fragment whose keys were invalidated
        # after it may hold content read before the change, and is not stored.
        self.started = time.time_ns()
        # What it stored, ``{cache key: (value, timeout)}``: written to the shared cache
        # once its response is sent (``_write_behind``).
        self.writes = {}
        # Rows the request loaded that other parts of its page may use instead of a
        # query (``loaded_in_request``), ``{(kind, id): value}``.
        self.loaded = {}
        # ``_bounded``'s answers, ``{(limit, clocks): seconds}``.
        self.bounds = {}


# A contextvar, not a global: every thread (and every request) has its own.
_request_memo = contextvars.ContextVar("public_caching_request_memo", default=None)


class _LocalLayer:
    """A small per-process LRU in front of the shared cache, for values whose key names
    their versions (they never change, they only expire). Thread-safe."""

    def __init__(self, size=512):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, k):
        with self.lock:
            entry = self.items.get(k)
            if entry is None:
                return _MISSING
            expires, value = entry
            if expires <= time.time():
                del self.items[k]
                return _MISSING
            self.items.move_to_end(k)
            return value

    def put(self, k, value, timeout):
        with self.lock:
            self.items[k] = (time.time() + timeout, value)
            self.items.move_to_end(k)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def drop(self, k):
        with self.lock:
            self.items.pop(k, None)

    def clear(self):
        with self.lock:
            self.items.clear()


# Cards and their HTML live here too: a home page holds some 40, a listing 20 each.
_LOCAL = _LocalLayer(4096)
# Whole pages this process served from the page cache (``serve_cached``): 25-100 KB each.
_LOCAL_PAGES = _LocalLayer(256)
# Each edition's ticker block as this process last read it, with the latest invalidation
# token it was read under (``ticker_block``).
_LOCAL_TICKER = _LocalLayer(16)


# --- reads and writes, once per key per request --------------------------------------


def _known(memo, k):
    """What ``memo`` holds of cache key ``k``: its value, ``_MISSING`` (absent from the
    cache) or ``_UNKNOWN`` (not read in this request). A key read ahead counts as used
    from here on."""
    value = memo.values.get(k, _UNKNOWN)
    if value is _UNKNOWN and k in memo.ahead:
        value = memo.values[k] = memo.ahead.pop(k)
        memo.read.append(k)
    return value


def _get(k):
    """``cache.get(k)``, or ``_MISSING``; a key is read once per request."""
    memo = _request_memo.get()
    if memo is None:
        return cache.get(k, _MISSING)
    value = _known(memo, k)
    if value is _UNKNOWN:
        value = memo.values[k] = cache.get(k, _MISSING)
        memo.read.append(k)
    return value


def _prefetch(keys):
    """Read ``keys`` in one round trip for the ``_get`` calls that follow (in a request)."""
    memo = _request_memo.get()
    if memo is None:
        return
    wanted = [k for k in dict.fromkeys(keys) if k not in memo.values and k not in memo.ahead]
    if wanted:
        found = cache.get_many(wanted)
        memo.values.update({k: found.get(k, _MISSING) for k in wanted})
        memo.read.extend(wanted)


# The cache keys each page's last render in this process read from the shared cache (its
# versions, the fragments this process did not hold): the next render of that URL reads
# them all in its first round trip (``_read_ahead``) instead of one round trip per piece
# as each piece discovers its keys (a warm article: 11 round trips, 1 with its plan).
_READ_PLANS = _LocalLayer(2048)
READ_PLAN_SECONDS = 3600


def _read_ahead(path):
    """Read what the last render of ``path`` read (less what this process holds), for the
    reads of this render: its versions and other keys in one round trip, then the
    fragments it looked up, under the versions just read, in a second (a change gives
    the fragments it touched new keys). False when there is no such plan. Values are
    only used if asked for: a key the render no longer needs costs a few bytes, never a
    wrong answer."""
    memo = _request_memo.get()
    plan = _READ_PLANS.get(path)
    if memo is None or plan is _MISSING:
        return False
    keys, recipes = plan
    # The fragments under the keys they had then: all current unless something changed.
    _read_into_ahead(memo, [*keys, *recipes])
    fragments = []
    for kind, parts, deps in recipes.values():
        tokens = {d: _peek(memo, _version_key(d)) for d in deps}
        if _MISSING not in tokens.values() and _UNKNOWN not in tokens.values():
            fragments.append(_fragment_key_at(kind, parts, deps, tokens))
    _read_into_ahead(memo, fragments)
    return True


def _peek(memo, k):
    """What this request knows of cache key ``k`` (read, or read ahead), without using it."""
    value = memo.values.get(k, _UNKNOWN)
    return memo.ahead.get(k, _UNKNOWN) if value is _UNKNOWN else value


def _read_into_ahead(memo, keys):
    wanted = [k for k in dict.fromkeys(keys) if _peek(memo, k) is _UNKNOWN and _LOCAL.get(k) is _MISSING]
    if wanted:
        found = cache.get_many(wanted)
        memo.ahead.update({k: found.get(k, _MISSING) for k in wanted})


def _keep_read_plan(path):
    memo = _request_memo.get()
    if memo is not None and memo.read:
        keys = tuple(k for k in dict.fromkeys(memo.read) if k not in memo.recipes)
        _READ_PLANS.put(path, (keys, dict(memo.recipes)), READ_PLAN_SECONDS)


def _set(k, value, timeout):
    """Store ``value`` under cache key ``k`` for ``timeout`` seconds. In a request, the
    request reads it back at once and the shared cache gets it when the response has
    been sent (``write_behind``): a reader waits for none of a render's writes (a
    first request after a change writes a dozen fragments, 4 ms of a 17 ms article on
    the embedded cache). Every stored value carries the versions it was made under, so
    one written after a change meanwhile is never taken for current."""
    memo = _request_memo.get()
    if memo is None:
        cache.set(k, value, timeout)
        return
    memo.values[k] = value
    memo.writes[k] = (value, timeout)


def write_behind(response, memo=None):
    """Have ``response`` (an ``HttpResponse``) write what the request stored (``_set``)
    to the shared cache when it is closed: the server has sent it by then (WSGI servers
    close a response after its last byte; Django's test client too). Without a
    response (no request memo, or nothing stored) nothing is deferred. A failed write
    is logged: the reader has the page already, the next request renders it again."""
    memo = memo or _request_memo.get()
    if memo is None or not memo.writes:
        return response
    writes, memo.writes = memo.writes, {}

    def write():
        for k, (value, timeout) in writes.items():
            try:
                cache.set(k, value, timeout)
            except Exception:  # one value too big, or the cache away: the others still go
                logger.warning("the page cache could not store %s after a response", k, exc_info=True)

    response._resource_closers.append(write)
    return response


# --- dependency keys and their versions ---------------------------------------------


# A pseudo-key given the token of every invalidation: a page stored (or checked) since
# the latest one is current without reading its own keys' versions.
LATEST = "*"


def _version_key(dep):
    return "dep:" + dep


def versions(keys):
    """``{key: token}`` for dependency ``keys`` (str): the tokens of their last
    invalidation, read in one round trip (nothing for keys this request already read).
    A missing token is created (a new negative value; see the module docstring)."""
    memo = _request_memo.get()
    if memo is not None:
        # The common case of a page assembled from fragments: every token already read.
        tokens = {k: _known(memo, "dep:" + k) for k in keys}
        if _UNKNOWN not in tokens.values() and _MISSING not in tokens.values():
            return tokens
    keys = list(dict.fromkeys(keys))
    _prefetch([_version_key(k) for k in keys])
    tokens = {}
    for k in keys:
        token = _get(_version_key(k))
        if token is _MISSING:
            token = -time.time_ns()
            # add(): two processes creating one key at once agree on one token.
            if not cache.add(_version_key(k), token, None):
                token = cache.get(_version_key(k), token)
            memo = _request_memo.get()
            if memo is not None:
                memo.values[_version_key(k)] = token
        tokens[k] = token
    return tokens


def invalidate_keys(keys):
    """Make everything that shows ``keys`` (dependency keys, str) stale, now, and send
    ``keys_invalidated``. Call it after the change committed (``public.dependencies``
    does): invalidated before the COMMIT, a reader could store the old content under the
    new tokens."""
    keys = frozenset(keys)
    if not keys:
        return
    token = time.time_ns()
    # The keys first, the latest token last (set_many writes in order; Redis at once): a
    # reader that sees the new latest token also sees the keys' new tokens.
    tokens = {**{_version_key(k): token for k in keys}, _version_key(LATEST): token}
    cache.set_many(tokens, None)
    memo = _request_memo.get()
    if memo is not None:
        # A request that changed content reads its own change from here on.
        memo.values.update(tokens)
    keys_invalidated.send(sender=None, keys=keys)


def _changed_since(tokens, started_ns):
    """True when one of ``tokens`` was given after ``started_ns`` (a render's start): that
    page may hold content read before the editor's commit under the new token, and is not
    stored. Tokens and starts are wall-clock nanoseconds: hosts sharing one cache keep
    their clocks in step (NTP), and ``CACHE_CLOCK_MARGIN_MS`` covers what is left."""
    return any(token > started_ns - settings.CACHE_CLOCK_MARGIN_MS * 10**6 for token in tokens.values())


def shows(*keys):
    """Record that the response being rendered shows ``keys`` (dependency keys): its
    cache entry is stale when one of them is invalidated, and a CDN purges it with them.
    A no-op outside a request."""
    memo = _request_memo.get()
    if memo is not None:
        memo.shown.update(keys)


def changed_in_request(tokens):
    """True when one of ``tokens`` (``versions()``) was given after the current request
    began: what it read before may be older than them (False outside a request)."""
    memo = _request_memo.get()
    return memo is not None and _changed_since(tokens, memo.started)


# True while an admin preview renders (``previewing_drafts``), in this thread only.
_preview = contextvars.ContextVar("public_caching_preview", default=False)


def load_in_request(kind, pk, value):
    """Offer ``value`` (a row this request loaded, e.g. the article of an article page)
    to the rest of the request as ``kind`` ``pk``; a no-op outside a cached request."""
    memo = _request_memo.get()
    if memo is not None:
        memo.loaded[kind, pk] = value


def loaded_in_request(kind, pk):
    """What ``load_in_request`` offered as ``kind`` ``pk`` in this request, or None."""
    memo = _request_memo.get()
    return None if memo is None else memo.loaded.get((kind, pk))


def shown():
    """The dependency keys the response being rendered has shown so far (a frozenset;
    empty outside a request)."""
    memo = _request_memo.get()
    return frozenset(memo.shown) if memo is not None else frozenset()


def previewing():
    """True while an admin preview renders a draft (``previewing_drafts``): versioned
    fragments of published content are neither read nor written."""
    return _preview.get()


@contextlib.contextmanager
def previewing_drafts():
    """The block renders an admin preview (see ``previewing``)."""
    token = _preview.set(True)
    try:
        yield
    finally:
        _preview.reset(token)


def article_keys(articles, bylines=False):
    """The keys of a list of cards: ``article:<id>`` each, and ``author-name:<id>`` of
    their bylines when the cards show them (``byline_authors`` loaded)."""
    keys = []
    for article in articles:
        keys.append(f"article:{article.pk}")
        if bylines:
            keys += [f"author-name:{a.pk}" for a in article.byline_authors]
    return keys


# --- the clock -------------------------------------------------------------------------


# Each clock's moments: subqueries of one value each, built for the time ``now``.
_PUBLICATION_FIRSTS = (
    # The next scheduled article.
    lambda now: Article.objects.scheduled(now).order_by("published_at").values("published_at")[:1],
    # The next front-page pin expiry.
    lambda now: HomePin.objects.filter(expires_at__gt=now).order_by("expires_at").values("expires_at")[:1],
)
_TICKER_FIRSTS = (
    # The next breaking item start, the next end.
    lambda now: BreakingItem.objects.filter(starts_at__gt=now).order_by("starts_at").values("starts_at")[:1],
    lambda now: BreakingItem.objects.filter(ends_at__gt=now).order_by("ends_at").values("ends_at")[:1],
)


def _moments(names):
    """``{clock name: the moment of its next change, or None}`` for ``names`` (of
    ``_CLOCKS``), in one query: a scalar subquery per kind of moment, each reading its
    index."""
    now = timezone.now()
    firsts = [(name, index) for name in names for index in range(len(_CLOCKS[name][1]))]
    # Compiled once per process (``public.statements``): the same SQL every time.
    compiled = [statements.sql(("moment", name, index), _CLOCKS[name][1][index], now) for name, index in firsts]
    sql = "SELECT " + ", ".join(f"({part})" for part, _ in compiled)
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, [p for _, params in compiled for p in params])
        row = cursor.fetchone()
    moments = dict.fromkeys(names)
    for (name, _qs), value in zip(firsts, row, strict=True):
        if value is not None:
            value = _instant(value)
            moments[name] = value if moments[name] is None else min(moments[name], value)
    return moments


def _instant(value):
    """A stored moment as an aware datetime: PostgreSQL gives one, SQLite gives the
    text Django wrote (UTC)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


# Clock name -> (the key every save changing it touches, its subqueries (``_moments``)).
_CLOCKS = {"next-publication": ("home", _PUBLICATION_FIRSTS), "next-ticker": ("ticker", _TICKER_FIRSTS)}


def _clock_key(name):
    dep, _ = _CLOCKS[name]
    return f"{name}:{versions([dep])[dep]}"


def _next(name):
    """The moment of the next change by the clock of kind ``name`` (or None), cached
    against the key that every save changing it touches."""
    k = _clock_key(name)
    value = _LOCAL.get(k)
    if value is _MISSING:
        value = _get(k)
    if value is _MISSING or (value is not None and value <= timezone.now()):
        # The other clocks this request read and found missing are made in the same query
        # (an emptied cache: every page needs both).
        names = [name] + [other for other in _CLOCKS if other != name and _read_missing(other)]
        moments = _moments(names)
        for other, moment in moments.items():
            lifetime = settings.PAGE_CACHE_SECONDS if moment is None else _seconds_until(moment, 3600)
            if lifetime > 0:
                _set(_clock_key(other), moment, lifetime)
        value = moments[name]
    if value is None or value > timezone.now():
        _LOCAL.put(k, value, 60 if value is None else min(60, _seconds_until(value, 60)))
    return value


def _read_missing(name):
    """True when this request read clock ``name``'s value and found none (no read)."""
    memo = _request_memo.get()
    if memo is None:
        return False
    token = memo.values.get(_version_key(_CLOCKS[name][0]), _UNKNOWN)
    if token is _UNKNOWN or token is _MISSING:
        return False
    return memo.values.get(f"{name}:{token}", _UNKNOWN) is _MISSING


def _bounded(limit, *clocks):
    """``limit`` (seconds) cut short by the next moment of each of ``clocks``. Worked
    out once per request for each ``limit`` and ``clocks`` (a page asks for every card
    it shows: 32 on the home page): the answer is in whole seconds, and a request lasts
    milliseconds."""
    if limit <= 0:
        return 0
    memo = _request_memo.get()
    if memo is not None and (limit, clocks) in memo.bounds:
        return memo.bounds[limit, clocks]
    bounded = limit
    for name in clocks:
        moment = _next(name)
        if moment is not None:
            bounded = _seconds_until(moment, bounded)
    if memo is not None:
        memo.bounds[limit, clocks] = bounded
    return bounded


def cache_timeout(limit=None):
    """Seconds a page (or, given its limit, a fragment) may be cached now: at most
    ``limit`` (PAGE_CACHE_SECONDS by default), cut short by the next scheduled
    publication or breaking item start/end. 0 means do not cache."""
    limit = settings.PAGE_CACHE_SECONDS if limit is None else limit
    return _bounded(limit, "next-publication", "next-ticker")


def page_timeout():
    """Seconds a page (its ticker hole empty) may be stored: PAGE_CACHE_SECONDS cut short
    by the next scheduled publication."""
    return _bounded(settings.PAGE_CACHE_SECONDS, "next-publication")


def _seconds_until(moment: datetime, limit):
    seconds = int((moment - timezone.now()).total_seconds())
    return max(0, min(limit, seconds))


# --- fragments -------------------------------------------------------------------------


def _fragment_key(kind, parts, keys):
    """The cache key of a fragment of the active edition (its code is the first part)."""
    k = _fragment_key_at(kind, parts, keys, versions(keys))
    memo = _request_memo.get()
    if memo is not None:
        memo.recipes[k] = (kind, parts, keys)
    return k


def _fragment_key_at(kind, parts, keys, tokens):
    raw = "|".join(str(p) for p in (editions.current().code, *parts, *(tokens[k] for k in keys)))
    return f"{kind}:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def cached(kind, parts, compute, keys=None, show=True):
    """``compute()``, cached under ``kind``/``parts`` and the versions of its dependency
    ``keys`` (by default ``FRAGMENT_KEYS[kind]``, else ``content``: any change).

    Fragments (menu, ticker, Most Read) follow FRAGMENT_CACHE_SECONDS, so switching
    whole-page caching off still leaves the site chrome cached. Their keys are also the
    page's: a page showing the menu is stale when the menu is. Each edition has its own
    fragments (the active edition's code is part of the key: ``articles.editions``);
    pages need no such part, their URL carries the edition's prefix. ``show=False``: the
    page does not show what these keys are about (the caller records what it does).
    """
    keys = tuple(keys or FRAGMENT_KEYS.get(kind, (ANY_CHANGE,)))
    if show:
        shows(*keys)
    clocks = ("next-ticker",) if "ticker" in keys else ("next-publication",)
    timeout = _bounded(settings.FRAGMENT_CACHE_SECONDS, *clocks)
    if not timeout:
        return compute()
    k = _fragment_key(kind, parts, keys)
    value = _LOCAL.get(k)
    if value is not _MISSING:
        return value
    # Stored with its own expiry, compared with this process's clock: a cache server's
    # clock (Redis TTLs) may run behind the moment a breaking line starts.
    stored = _get(k)
    if stored is not _MISSING and stored[0] > time.time():
        value, timeout = stored[1], int(stored[0] - time.time())
    else:
        value = compute()
        _store(k, value, keys, timeout)
        return value
    if timeout > 0:
        _LOCAL.put(k, value, timeout)
    return value


def _store(k, value, keys, timeout):
    if changed_in_request(versions(keys)):
        # Invalidated while this request ran: the value may come from rows read (earlier
        # in the request) before the change. Used once, never kept.
        return
    _set(k, (time.time() + timeout, value), timeout)
    _LOCAL.put(k, value, timeout)


def keep(kind, parts, value, keys):
    """Store ``value`` as ``cached`` would have (no read first): for a value computed
    anyway, such as the cards a listing's query loaded."""
    keys = tuple(keys)
    timeout = _bounded(settings.FRAGMENT_CACHE_SECONDS, "next-publication")
    if timeout:
        _store(_fragment_key(kind, parts, keys), value, keys, timeout)


def stored_fragments(kind, items):
    """``{parts: value}`` of the fragments of ``kind`` already stored for ``items``
    (``[(parts, keys)]`` as ``cached`` takes them), read in one round trip (less those
    the per-process layer holds); nothing is computed or stored. Empty while fragments
    are off or a preview renders."""
    if settings.FRAGMENT_CACHE_SECONDS <= 0 or previewing():
        return {}
    found, wanted = {}, {}
    for parts, keys in items:
        shows(*keys)
        k = _fragment_key(kind, parts, tuple(keys))
        value = _LOCAL.get(k)
        if value is _MISSING:
            wanted[k] = parts
        else:
            found[parts] = value
    _prefetch(wanted)
    now = time.time()
    for k, parts in wanted.items():
        stored = _get(k)
        if stored is not _MISSING and stored[0] > now:
            found[parts] = stored[1]
            _LOCAL.put(k, stored[1], int(stored[0] - now))
    return found


def _prefetch_chrome():
    """One read for the chrome fragments and clocks a page render uses, less those the
    per-process layer holds."""
    if settings.FRAGMENT_CACHE_SECONDS <= 0:
        return
    wanted = [_clock_key("next-publication"), _clock_key("next-ticker")]
    for kind, parts in CHROME_FRAGMENTS:
        wanted.append(_fragment_key(kind, parts, FRAGMENT_KEYS[kind]))
    _prefetch([k for k in wanted if _LOCAL.get(k) is _MISSING])


# --- the ticker block ----------------------------------------------------------------


# How the ticker's items are loaded (``public.apps`` sets ``public.selectors``'s): this
# module sits below the selectors, which cache through it.
ticker_items = None


def ticker_block_key():
    """The cache key of the active edition's ticker block: each edition has its own."""
    return f"{TICKER_BLOCK}:{editions.current().code}"


def ticker_block():
    """``(html, seconds, rendered_at)``: the ticker's HTML as pages show it, how long a
    copy of it may be kept (until the next breaking start or end; else
    PAGE_CACHE_SECONDS), and when it was rendered (a Unix time). Kept in the cache
    against the ``ticker`` token and that moment."""
    block_key = ticker_block_key()
    now = time.time()
    memo = _request_memo.get()
    latest = _MISSING if memo is None else memo.values.get(_version_key(LATEST), _MISSING)
    held = _LOCAL_TICKER.get(block_key)
    if held is not _MISSING and latest is not _MISSING and held[0] == latest and held[1][1] > now:
        # Nothing was invalidated since this process read it (a ticker change is an
        # invalidation too), and its clock has not run out: no read.
        _, _, html, rendered_at, deadline = held[1]
        seconds = settings.PAGE_CACHE_SECONDS if deadline is None else max(0, int(deadline - now))
        return html, seconds, rendered_at
    token = versions(["ticker"])["ticker"]
    stored = _get(block_key)
    if stored is _MISSING or stored[0] != token or stored[1] <= now:
        if settings.FRAGMENT_CACHE_SECONDS > 0:  # the clock and the items: one read
            wanted = (_clock_key("next-ticker"), _fragment_key("ticker", (), FRAGMENT_KEYS["ticker"]))
            _prefetch([k for k in wanted if _LOCAL.get(k) is _MISSING])
        moment = _next("next-ticker")
        deadline = moment.timestamp() if moment else None
        seconds = _bounded(settings.FRAGMENT_CACHE_SECONDS, "next-ticker")
        # In the edition's language and time zone (a page-cache hit is served before the
        # edition's middleware activates them).
        with editions.override(editions.current()):
            html = render_to_string(
                "_ticker.html", {"ticker": ticker_items(), "breaking_url": reverse("public:breaking")}
            )
        stored = (token, now + seconds, html, now, deadline)
        if seconds:
            _set(block_key, stored, seconds)
    if latest is not _MISSING and stored[1] > now:
        _LOCAL_TICKER.put(block_key, (latest, stored), int(stored[1] - now))
    _, _, html, rendered_at, deadline = stored
    seconds = settings.PAGE_CACHE_SECONDS if deadline is None else max(0, int(deadline - now))
    return html, seconds, rendered_at


# --- boxes: per-page picks from a block shared by many pages ------------------------------

# A box hole: ``<!--newsroom:box KIND ARG LIMIT EXCLUDE PREFER_NOT-->`` (``box_marker``).
BOX_HOLE = b"<!--newsroom:box "
_HOLE_END = b"-->"
# Each edition's box blocks as this process last read them, with the latest invalidation
# token they were read under (``box_block``).
_LOCAL_BOXES = _LocalLayer(1024)
# Makes the box blocks a page needs (``public.boxes`` sets it): ``box_loader([(kind,
# arg)])`` -> ``{(kind, arg): (head, items, tail, keys)}``: the HTML around the picked
# items, ``[(article id, item HTML)]`` in the order they are picked from, and the
# dependency keys of all of it.
box_loader = None
# The dependency keys a box block of a kind shows whatever it holds, by kind:
# ``keys(arg)`` -> tuple of str; read ahead with a block this process does not hold.
box_listing_keys = {}
# Renders some items of blocks again (``public.boxes`` sets it): ``box_item_loader({kind:
# ids})`` -> ``{kind: {article id: item HTML}}`` for those of ``ids`` still shown (a story
# left out is missing): when only stories a block holds changed, not which it holds.
box_item_loader = None


def box_marker(kind, arg, limit, exclude, prefer_not=()):
    """The hole a page leaves for box ``kind`` (a kind ``box_loader`` knows) of block ``arg``
    (a str without spaces, such as a section id): ``limit`` items of the block, never
    article ``exclude`` (an id, or 0), items whose id is in ``prefer_not`` (ints) only
    after all others. Filled when the page is served (``fill_boxes``)."""
    avoid = ",".join(str(pk) for pk in prefer_not) or "-"
    return f"<!--newsroom:box {kind} {arg} {int(limit)} {int(exclude or 0)} {avoid}-->"


def box_block(kind, arg):
    """``(head, items, tail, tokens, expires, rendered_at, latest)`` of box block
    ``kind``/``arg`` of the active edition (``box_blocks``)."""
    return box_blocks([(kind, arg)])[kind, arg]


def box_blocks(wanted):
    """``{(kind, arg): block}`` for ``wanted`` (``[(kind, arg)]``) box blocks of the active
    edition, each ``(head, items, tail, tokens, expires, rendered_at, latest)`` as
    ``box_loader`` made it: kept in the shared cache under the versions of its keys
    (``tokens``) until ``expires`` (a Unix time: FRAGMENT_CACHE_SECONDS, cut short by the
    next scheduled publication); ``rendered_at`` a Unix time; ``latest`` the latest
    invalidation token it is known current at. So while nothing changed anywhere a block
    costs no read, and after a change its own keys' versions decide (read with the
    page's own on a hit), once per block and process: a block checked current is
    stamped with the new latest token. The blocks to make are made together (one
    query for all of them)."""
    found, missing, edited = {}, [], []
    now = time.time()
    latest = versions([LATEST])[LATEST]
    for kind, arg in dict.fromkeys(wanted):
        block = _current_box(kind, arg, latest, now)
        if block is None:
            missing.append((kind, arg))
        elif isinstance(block, _Edited):
            edited.append(block)
        else:
            found[kind, arg] = block
    if edited:
        fresh = box_item_loader(_edited_ids(edited))  # one query for all their cards
        for e in edited:
            block = _refresh_items(e, fresh.get(e.kind, {}), latest)
            if block is None:
                missing.append((e.kind, e.arg))
            else:
                found[e.kind, e.arg] = _keep_box(_box_key(e.kind, e.arg), block, now)
    if missing:
        made = box_loader(missing)
        seconds = 0 if previewing() else _bounded(settings.FRAGMENT_CACHE_SECONDS, "next-publication")
        for (kind, arg), (head, items, tail, keys) in made.items():
            # Read after the block was made: a change meanwhile shows in changed_in_request.
            tokens = versions(keys)
            block = found[kind, arg] = (head, tuple(items), tail, tokens, now + seconds, now, latest)
            if seconds and not changed_in_request(tokens):
                _keep_box(_box_key(kind, arg), block, now)
    return found


def _box_key(kind, arg):
    return f"box:{editions.current().code}:{kind}:{arg}"


def _current_box(kind, arg, latest, now):
    """The block ``kind``/``arg`` held here or stored, when still current; else None."""
    block_key = _box_key(kind, arg)
    held = _LOCAL_BOXES.get(block_key)
    candidates = [held] if held is not _MISSING else []
    if not previewing() and settings.FRAGMENT_CACHE_SECONDS > 0:
        candidates.append(lambda: _get(block_key))
    for candidate in candidates:
        block = candidate() if callable(candidate) else candidate
        if block is _MISSING or block[4] <= now:
            continue
        if latest is not _MISSING and block[6] == latest:
            if block is not held:
                _LOCAL_BOXES.put(block_key, block, int(block[4] - now))
            return block
        current = versions(block[3])
        if current == block[3]:
            return _keep_box(block_key, (*block[:6], latest), now)
        edited = _edited(kind, arg, block, current)
        if edited is not None:
            return edited
    return None


@dataclass
class _Edited:
    """A box block whose stories stand but some of which changed (``_edited``)."""

    kind: str
    arg: str
    block: tuple
    ids: list  # the changed stories' ids


def _edited(kind, arg, block, current):
    """An ``_Edited`` when nothing but stories ``block`` holds changed (``article:<id>``
    of its items: an edit, which leaves where a story is listed); else None (the block is
    made again: which stories it holds may differ)."""
    tokens, items = block[3], block[1]
    changed = {k for k in tokens if current[k] != tokens[k]}
    held = {f"article:{pk}": pk for pk, _html in items}
    if box_item_loader is None or not changed <= held.keys() or previewing():
        return None
    return _Edited(kind, arg, block, [held[k] for k in changed])


def _edited_ids(edited):
    wanted = {}
    for e in edited:
        wanted.setdefault(e.kind, set()).update(e.ids)
    return wanted


def _refresh_items(edited, fresh, latest):
    """``edited.block`` with its changed items as ``fresh`` (``{id: item HTML}``) has
    them, or None when one of them is no longer shown or changed again meanwhile."""
    head, items, tail, tokens, expires, _rendered_at, _latest = edited.block
    if not set(edited.ids) <= fresh.keys():
        return None
    after = versions(tokens)  # read after rendering: a change meanwhile is not kept
    if changed_in_request(after):
        return None
    new_items = tuple((pk, fresh[pk] if pk in edited.ids else html) for pk, html in items)
    return (head, new_items, tail, after, expires, time.time(), latest)


def _keep_box(block_key, block, now):
    """Store ``block`` in the shared cache and this process (its lifetime left)."""
    left = int(block[4] - now)
    if left > 0 and block[6] is not _MISSING:
        _set(block_key, block, left)
        _LOCAL_BOXES.put(block_key, block, left)
    return block


def box_html(kind, arg, limit, exclude=0, prefer_not=(), block=None):
    """``(html, keys, rendered_at)``: box ``kind``/``arg`` as one page shows it (see
    ``box_marker``): "" when it has no item to show; the dependency keys it shows; when
    its block was rendered (a Unix time)."""
    head, items, tail, tokens, _expires, rendered_at, _latest = block or box_block(kind, arg)
    avoid = set(prefer_not)
    shown = [(pk, html) for pk, html in items if pk != exclude]
    picked = ([i for i in shown if i[0] not in avoid] + [i for i in shown if i[0] in avoid])[:limit]
    html = head + "".join(item for _pk, item in picked) + tail if picked else ""
    return html, tokens, rendered_at


def fill_boxes(content):
    """``(content, inserted, keys, rendered_at, expires)``: ``content`` (bytes) with every
    box hole filled (``box_html``); the bytes put in (None without holes), the keys the
    boxes show, when the newest of them was rendered and when the first of them expires
    (Unix times; 0 and None without holes)."""
    at = content.find(BOX_HOLE)
    if at < 0:
        return content, None, (), 0, None
    prefetch_boxes(content)
    holes = []
    while at >= 0:
        end = content.find(_HOLE_END, at)
        holes.append((at, end, content[at + len(BOX_HOLE) : end].decode().split(" ")))
        at = content.find(BOX_HOLE, end)
    blocks = box_blocks([(kind, arg) for _at, _end, (kind, arg, *_rest) in holes])
    pieces, inserted, keys, newest, start = [], [], set(), 0, 0
    for at, end, (kind, arg, limit, exclude, avoid) in holes:
        prefer_not = () if avoid == "-" else tuple(int(pk) for pk in avoid.split(","))
        html, tokens, rendered_at = box_html(kind, arg, int(limit), int(exclude), prefer_not, blocks[kind, arg])
        piece = html.encode()
        pieces += [content[start:at], piece]
        inserted.append(piece)
        keys.update(tokens)
        newest = max(newest, rendered_at)
        start = end + len(_HOLE_END)
    pieces.append(content[start:])
    expires = min(block[4] for block in blocks.values())
    return b"".join(pieces), b"".join(inserted), keys, newest, expires


def _box_keys(content):
    """The shared-cache keys of the box blocks ``content`` (a page, bytes) has holes for."""
    keys, at, code = [], content.find(BOX_HOLE), editions.current().code
    while at >= 0:
        end = content.find(_HOLE_END, at)
        kind, arg = content[at + len(BOX_HOLE) : end].decode().split(" ")[:2]
        keys.append(f"box:{code}:{kind}:{arg}")
        at = content.find(BOX_HOLE, end)
    return keys


def prefetch_boxes(content, keys=()):
    """Read what filling the box holes of ``content`` (bytes) will read, with ``keys``
    (cache keys the caller reads anyway), in at most two round trips: the blocks this
    process does not hold, and the versions of those not known current at the latest
    invalidation token. No read when nothing changed since this process held them."""
    memo = _request_memo.get()
    if memo is None:
        return
    latest = versions([LATEST])[LATEST]
    blocks, deps = [], []
    for block_key in _box_keys(content):
        held = _LOCAL_BOXES.get(block_key)
        if held is _MISSING:
            kind, arg = block_key.split(":")[2:]
            blocks.append(block_key)
            deps += [_version_key(k) for k in box_listing_keys.get(kind, lambda arg: ())(arg)]
        elif held[6] != latest:
            # Its versions decide; the shared copy too, should another process have made
            # a newer one.
            deps += [block_key, *(_version_key(k) for k in held[3])]
    _prefetch([*keys, *blocks, *deps])
    deps = []
    for block_key in blocks:
        block = _get(block_key)
        if block is not _MISSING and block[6] != latest:
            deps += [_version_key(k) for k in block[3]]
    _prefetch(deps)


def planned():
    """True while a page renders whose URL this process rendered before: what that render
    read from the shared cache was read ahead in one round trip (``_read_ahead``)."""
    memo = _request_memo.get()
    return memo is not None and memo.planned


def in_holes():
    """True while a ``public_page`` view renders: what changes apart from the page (the
    ticker, boxes) is left as holes, filled when it is served."""
    memo = _request_memo.get()
    return memo is not None and memo.holes


def ticker_hole(request):
    """What a page's header shows where the ticker goes: the hole marker while a
    ``public_page`` view renders (filled when served), else None (render it in place)."""
    memo = _request_memo.get()
    return mark_safe(TICKER_HOLE) if memo is not None and memo.holes else None


# --- HTTP --------------------------------------------------------------------------


# How long a CDN may keep serving a stale page while it fetches a fresh one.
STALE_WHILE_REVALIDATE = 60


def make_public(response, max_age):
    """Headers of a cacheable public response."""
    if max_age > 0 and "Cache-Control" not in response:
        # What patch_cache_control writes on a response without the header, without its
        # parsing (every page-cache hit comes here).
        response["Cache-Control"] = f"public, max-age={max_age}, stale-while-revalidate={STALE_WHILE_REVALIDATE}"
    elif max_age > 0:
        patch_cache_control(response, public=True, max_age=max_age, stale_while_revalidate=STALE_WHILE_REVALIDATE)
    else:
        # Page caching off: shared caches may keep it but must ask first.
        patch_cache_control(response, public=True, no_cache=True, max_age=0)
    return response


def tag_response(response, keys):
    """The dependency ``keys`` of a public response as CDN purge headers: ``Surrogate-Key``
    and ``xkey`` (space-separated), ``Cache-Tag`` (comma-separated)."""
    spaced, commas = _tag_headers(frozenset(keys))
    response["Surrogate-Key"] = response["xkey"] = spaced
    response["Cache-Tag"] = commas
    return response


@functools.lru_cache(maxsize=4096)
def _tag_headers(keys):
    keys = sorted(keys)
    return " ".join(keys), ",".join(keys)


def make_private(response):
    """Headers of a response nobody may store: previews, the beacon."""
    response.headers.pop("ETag", None)
    response.headers.pop("Last-Modified", None)
    patch_cache_control(response, no_cache=True, no_store=True, private=True, max_age=0, must_revalidate=True)
    return response


def _etag(content):
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


# The layout of a stored page entry (``_render_page``): part of its key, so a release that
# changes it never reads an older release's entries (a rolling deploy shares one cache).
PAGE_ENTRY_FORMAT = 2


def _page_key(request):
    return _page_key_of(request.get_full_path())


@functools.lru_cache(maxsize=8192)
def _page_key_of(full_path):
    digest = hashlib.sha256(full_path.encode()).hexdigest()[:40]
    return f"page:{PAGE_ENTRY_FORMAT}:{digest}"


def _esi(request):
    # META, not request.headers: that builds a dict of every header (a hit's hot path).
    return "ESI/1.0" in request.META.get("HTTP_SURROGATE_CAPABILITY", "")


def public_page(view=None, *, keys=()):
    """Decorator for public GET views: server-side page cache + public HTTP caching.

    ``keys``: dependency keys the view shows whatever it renders (``feeds``); the view
    adds the rest with ``shows()``; every page shows ``edition:en``.

    Only successful responses are stored; 404s and redirects are rendered each time
    (they are cheap, and must not pin a URL that is about to exist). Any other
    method (TRACE, OPTIONS, POST, ...) gets an empty 405: a public page is only read.
    """
    if view is None:
        return functools.partial(public_page, keys=keys)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        memo = _request_memo.get()
        token = None
        if memo is None:  # called without CachedPageMiddleware (tests of a view alone)
            memo = _RequestMemo()
            token = _request_memo.set(memo)
        try:
            response = _render_page(request, view, args, kwargs, memo, keys)
            return write_behind(response, memo) if token is not None else response
        finally:
            if token is not None:
                _request_memo.reset(token)

    return wrapper


def _render_page(request, view, args, kwargs, memo, keys):
    hit = serve_cached(request)
    if hit is not None:
        return hit
    path = request.get_full_path()
    memo.planned = _read_ahead(path)
    if not memo.planned:
        _prefetch_chrome()  # the first render of this URL in this process: the usual reads
    response = _render_and_store(request, view, args, kwargs, memo, keys)
    _keep_read_plan(path)
    return response


def _render_and_store(request, view, args, kwargs, memo, keys):
    started = time.time_ns()
    timeout = page_timeout()
    memo.shown = {EDITION, *keys}
    memo.holes = True
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
    finally:
        memo.holes = False  # an error page rendered after this shows the ticker in place
    if response.status_code != 200 or getattr(response, "streaming", False):
        return _fill_holes(request, response)[0]
    # A view may shorten its page's lifetime (a running live blog: LIVE_PAGE_SECONDS).
    timeout = min(timeout, getattr(response, "cache_seconds", timeout))
    if "no-store" in response.get("Cache-Control", ""):
        return _fill_holes(request, response)[0]  # a view decided this one is private (a preview)
    last_modified = time.time()
    if timeout:
        latest = versions([LATEST])[LATEST]  # read with the page, before it was rendered
        # The boxes it leaves holes for, read with the versions of what it showed.
        prefetch_boxes(response.content, [_version_key(k) for k in memo.shown])
        tokens = versions(memo.shown)
        if not _changed_since(tokens, started):
            # When the clock cut the lifetime short (a scheduled story), copies served later
            # say what is left of it; otherwise the whole lifetime, as the first answer did.
            clock_bound = timeout < min(settings.PAGE_CACHE_SECONDS, getattr(response, "cache_seconds", timeout))
            expires = last_modified + timeout
            digest = _etag(response.content)
            entry = (response.content, response["Content-Type"], last_modified, expires, tokens, clock_bound, timeout)
            _set(_page_key(request), (*entry, digest, latest), timeout)
            _LOCAL_PAGES.put(_page_key(request), (*entry, digest, latest), timeout)
            return _finish(request, response, last_modified, timeout, memo.shown, digest)
    return _finish(request, response, last_modified, timeout, memo.shown)


def _fill_holes(request, response):
    """``response`` with its holes filled: boxes (``fill_boxes``) and the ticker (an ESI
    include for a CDN that asks). Returns ``(response, filling)``: ``filling`` says what
    went in (``_Filling``), None when the page has no hole."""
    content, inserted, box_keys, boxes_at, expires = fill_boxes(response.content)
    at = content.find(_HOLE)  # a page has one ticker hole (its header's)
    if at < 0:
        if inserted is None:
            return response, None
        response.content = content
        return response, _Filling(inserted, frozenset(box_keys), boxes_at, None, expires)
    inserted = inserted or b""
    if _esi(request):
        include = f'<esi:include src="{reverse("public:ticker_block")}"/>'.encode()
        response.content = content.replace(_HOLE, include)
        response["Surrogate-Control"] = 'content="ESI/1.0"'
        return response, _Filling(inserted + include, frozenset(box_keys), boxes_at, None, expires)
    html, seconds, rendered_at = ticker_block()
    piece = html.encode()
    response.content = content[:at] + piece + content[at + len(_HOLE) :]
    now = time.time()
    # Until the next breaking start or end, or the page cache's lifetime when none is due.
    deadline = None if seconds >= settings.PAGE_CACHE_SECONDS else now + seconds
    expires = now + seconds if expires is None else min(expires, now + seconds)
    keys = frozenset({*box_keys, "ticker"})
    return response, _Filling(inserted + piece, keys, max(boxes_at, rendered_at), deadline, expires)


class _Filling:
    """What went into a page's holes: ``inserted`` (bytes, for the ETag), ``keys`` (of
    the boxes and the ticker put in: a CDN keeping the copy drops it with them),
    ``rendered_at`` (the newest of them, a Unix time), ``deadline`` (when the ticker put
    in changes by the clock, or None) and ``expires`` (when a piece of it may have to be
    read again; None: never by the clock)."""

    __slots__ = ("inserted", "keys", "rendered_at", "deadline", "expires")

    def __init__(self, inserted, keys, rendered_at, deadline, expires):
        self.inserted, self.keys, self.rendered_at = inserted, keys, rendered_at
        self.deadline, self.expires = deadline, expires


# Stored pages as this process last filled them, by (ETag of the page with its holes,
# the latest invalidation token, ESI or not): while nothing changed anywhere (the ticker
# and the boxes are invalidations too) and no piece expired, a hit reuses the filled
# bytes instead of filling the holes again.
_LOCAL_FILLED = _LocalLayer(256)
# How long a filled page is reused at most (seconds).
FILLED_SECONDS = 60


_HOLE = TICKER_HOLE.encode()


def _finish(request, response, last_modified, timeout, keys, digest=None):
    """The headers of a public page (``response``: its ticker hole not filled yet).
    ``digest``: the ETag of its content with the hole (stored pages carry it), so a hit
    hashes only what goes in the hole, not the whole page again."""
    memo = _request_memo.get()
    latest = _MISSING if memo is None else memo.values.get(_version_key(LATEST), _MISSING)
    reuse = None if digest is None or latest is _MISSING else (digest, latest, _esi(request))
    held = _MISSING if reuse is None else _LOCAL_FILLED.get(reuse)
    if held is _MISSING:
        response, filling = _fill_holes(request, response)
        etag = _etag(response.content) if digest is None else digest
        if filling is not None and digest is not None:
            etag = _etag(digest.encode() + filling.inserted)
        if reuse is not None:
            until = time.time() + FILLED_SECONDS
            if filling is not None and filling.expires is not None:
                until = min(until, filling.expires)
            surrogate = response.get("Surrogate-Control")
            _LOCAL_FILLED.put(reuse, (response.content, etag, filling, surrogate), int(until - time.time()))
    else:
        content, etag, filling, surrogate = held
        response.content = content
        if surrogate:
            response["Surrogate-Control"] = surrogate
    if filling is not None:
        # The ticker and boxes in this copy: a CDN keeping it must drop it with them.
        keys = set(keys) | filling.keys
        last_modified = max(last_modified, filling.rendered_at)
        if filling.deadline is not None:
            timeout = min(timeout, max(0, int(filling.deadline - time.time())))
    response["ETag"] = etag
    response["Last-Modified"] = _http_date(int(last_modified))
    tag_response(response, keys)
    # Browsers and CDNs keep it no longer than the server cache was allowed to.
    make_public(response, min(timeout, settings.PAGE_CACHE_SECONDS))
    if not any(name in request.META for name in _CONDITIONAL_HEADERS):
        return response  # nothing to compare: the whole page (most readers)
    return get_conditional_response(request, etag=response["ETag"], last_modified=int(last_modified), response=response)


# What get_conditional_response compares a response with (RFC 9110, section 13.1).
_CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


@functools.lru_cache(maxsize=1024)
def _http_date(seconds):
    return http_date(seconds)


def serve_cached(request):
    """The stored public page for ``request``'s URL, with its headers, or None: stored,
    not expired, and every dependency key still at the token it was stored with.

    Each process keeps its own copy of the pages it served (``_LOCAL_PAGES``) with the
    latest invalidation token it last checked them against: while that token is still
    the latest, nothing anywhere changed since and the copy is served without reading
    the page itself (a page is 25-100 KB; the hit path's biggest read)."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return None
    page_key = _page_key(request)
    local = _LOCAL_PAGES.get(page_key)
    # One round trip: the breaking-news spike path. Held here: the latest token decides
    # (nothing changed anywhere: this copy and the ticker block this process holds are
    # current). Else the page, the versions a miss's render reads first (every page shows
    # them), and the ticker block.
    if local is not _MISSING:
        # The latest token alone decides the page and, held too, the ticker block.
        _prefetch([_version_key(LATEST)])
    else:
        _prefetch([page_key, *(_version_key(k) for k in COMMON_KEYS), ticker_block_key()])
    current = versions([LATEST])[LATEST]
    if local is not _MISSING:
        if local[-1] == current:
            return _serve(request, local)
        # Something changed: this page's own versions, and the ticker's with its block
        # (filled in below), in one more read.
        prefetch_boxes(local[0], [*(_version_key(k) for k in local[4]), _version_key("ticker"), ticker_block_key()])
        if versions(local[4]) == local[4]:
            # Still current (what changed is not on it): stamped, in the shared cache
            # too, so the next hit in any process needs no more reads.
            return _serve(request, _stamp(page_key, local, current))
        _LOCAL_PAGES.drop(page_key)
    stored = _get(page_key)
    if stored is _MISSING or stored[3] <= time.time():
        return None
    # The boxes it leaves holes for, with its own versions when something changed since.
    prefetch_boxes(stored[0], [_version_key(k) for k in stored[4]] if stored[-1] != current else ())
    if stored[-1] != current:
        # Something changed since: this page's own keys decide (one more read), and a
        # page still current is stamped with the latest token, so the next hit needs none.
        if versions(stored[4]) != stored[4]:
            return None
        return _serve(request, _stamp(page_key, stored, current))
    _LOCAL_PAGES.put(page_key, stored, int(stored[3] - time.time()))
    return _serve(request, stored)


def _stamp(page_key, stored, current):
    """``stored`` (a page entry) checked current at the latest token ``current``: kept so
    in the shared cache and in this process. Returns the new entry."""
    remaining = int(stored[3] - time.time())
    stored = (*stored[:-1], current)
    if remaining > 0:
        _set(page_key, stored, remaining)
        _LOCAL_PAGES.put(page_key, stored, remaining)
    return stored


def _serve(request, stored):
    """The response of a page entry (``_render_page`` stores them), or None when it
    expired."""
    content, content_type, last_modified, expires, tokens, clock_bound, lifetime, digest, latest = stored
    remaining = int(expires - time.time())
    if remaining <= 0:
        return None
    max_age = remaining if clock_bound else lifetime
    return _finish(request, HttpResponse(content, content_type=content_type), last_modified, max_age, tokens, digest)


class CachedPageMiddleware:
    """Answers GET/HEAD requests for pages already in the page cache before the rest of
    the stack (sessions, CSRF, auth, URL resolving) runs: the breaking-news spike path.

    Only ``public_page`` views store pages, and what they store is the same for every
    visitor, so a hit here is exactly what the view would have returned.

    It also opens the request's cache memo (``_get``, ``versions``, ``shows``). Put it
    above every middleware that reads the page cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set(_RequestMemo())
        try:
            if request.method in ("GET", "HEAD") and settings.PAGE_CACHE_SECONDS > 0:
                request.get_host()  # the same Host check as the full stack (400 when not allowed)
                # The edition of the path names its ticker block; its language and time
                # zone are the middleware's below (nothing is rendered here), and the
                # page says its language as the edition's middleware would have.
                edition = editions.from_path(request.path_info)
                with editions.selected(edition):
                    hit = serve_cached(request)
                if hit is not None:
                    hit.headers.setdefault("Content-Language", edition.language)
                    return write_behind(hit)
            return write_behind(self.get_response(request))
        finally:
            _request_memo.reset(token)


def ticker_view(request):
    """``/breaking/ticker``: the ticker block alone, for a CDN assembling pages by ESI
    (``public_page`` answers such a CDN with an include of this URL)."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    html, seconds, rendered_at = ticker_block()
    response = HttpResponse(html)
    response["ETag"] = _etag(response.content)
    response["Last-Modified"] = http_date(rendered_at)
    response["X-Robots-Tag"] = "noindex"
    tag_response(response, ["ticker"])
    make_public(response, min(seconds, settings.PAGE_CACHE_SECONDS))
    return get_conditional_response(request, etag=response["ETag"], last_modified=int(rendered_at), response=response)


def invalidate_after_commit(keys, using=DEFAULT_DB_ALIAS):
    """``invalidate_keys(keys)`` once the current transaction on ``using`` commits (at
    once in autocommit)."""
    transaction.on_commit(functools.partial(invalidate_keys, frozenset(keys)), using=using)


def invalidate_live(sender=None, article_id=None, using=DEFAULT_DB_ALIAS, **kwargs):
    """Receiver of ``articles.signals.live_updates_changed``: once the change commits,
    what shows the updates of that live blog (its page, its feeds: ``live:<id>``) is
    stale; every other page, and the rest of the site's cache, stays.

    No card shows a live update (cards show the LIVE badge, which only the article's
    own save changes). Readers' open pages poll the fragment, never stored here.
    """
    invalidate_after_commit({f"live:{article_id}"}, using)
