"""Counting reads for Most Read, so that a place in it must be earned.

The article page posts to the view beacon (``public.views.beacon``) after it loaded;
these rules decide whether that post is a read:

- **Only a page we served counts.** The page embeds a token signed with
  ``django.core.signing``, bound to the article id and a time window of
  ``BEACON_TOKEN_WINDOW`` seconds (valid in that window and the next, so a page
  cached just before a window ends still works). A beacon without it is ignored.
- **A client is an address we can believe**: ``newsroom.clientip`` reads
  ``X-Forwarded-For`` only as far as ``TRUSTED_PROXIES`` vouch for it; an IPv6
  client is its /64.
- **One read per client per article per half hour** (a cache key, no database).
- **At most ``BEACON_RATE_LIMIT`` beacons per client per minute**, counted in the
  cache (shared by every worker) and also in the worker, which remembers a client
  over its limit: the rest of a flood costs no cache round trip at all.
- **Counts are buffered in the worker** and written to ``DailyReadCount`` at most every
  ``BEACON_FLUSH_SECONDS`` (and when the worker exits): a breaking-news burst is a
  few UPDATEs every few seconds, never one write per read.
- **The beacon does not compete with pages**: ``BeaconMiddleware`` answers it at the
  top of the middleware stack.

Identities are hashed with the secret key: neither the cache nor the worker's
memory holds a reader's address.
"""

import atexit
import functools
import hashlib
import logging
import re
import threading
import time
from collections import Counter

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone

from articles.models import Article, DailyReadCount, MostRead
from newsroom.clientip import client_address, client_key
from public import caching
from public.caching import make_private

log = logging.getLogger(__name__)

REPEAT_WINDOW_SECONDS = 30 * 60
RATE_WINDOW_SECONDS = 60
# A distributed flood must not grow a worker's memory without bound.
LOCAL_CLIENTS_MAX = 50_000
BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|embedly|preview|monitor|headless|python|curl|wget|httpclient|"
    r"java/|go-http|lighthouse|pingdom|uptime",
    re.IGNORECASE,
)
TOKEN_FIELD = "t"  # noqa: S105 - the form field the page token travels in, not a secret

_signer = signing.Signer(salt="public.readcount.beacon-token")


def is_bot(user_agent):
    return not user_agent or bool(BOT_AGENTS.search(user_agent))


def _token_window(now=None):
    return int((time.time() if now is None else now) // settings.BEACON_TOKEN_WINDOW)


def make_token(article_id, now=None):
    """The beacon token the page of ``article_id`` embeds: ``"<id>.<window>:<signature>"``.

    The same for every render in one window, so cached copies on several servers
    (and their ETags) agree.
    """
    return _signer.sign(f"{article_id}.{_token_window(now)}")


def token_is_valid(token, article_id, now=None):
    """Whether ``token`` was made for ``article_id`` in this window or the previous one."""
    try:
        value = _signer.unsign(token)
    except signing.BadSignature:
        return False
    pk, _, window = value.partition(".")
    if pk != str(article_id) or not window.isdigit():
        return False
    return 0 <= _token_window(now) - int(window) <= 1


def reader_id(meta):
    """A hashed identity for the client of a request's ``META`` or WSGI environ
    (an address, or an IPv6 /64)."""
    key = client_key(client_address(meta))
    return hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()[:24]


class _LocalGate:
    """Beacons per client in the current minute, as this worker saw them.

    Never more than the shared count, so refusing on it alone is always right.
    """

    def __init__(self):
        self.window = None
        self.counts = {}

    def hit(self, reader, window):
        if window != self.window or len(self.counts) >= LOCAL_CLIENTS_MAX:
            self.window, self.counts = window, {}
        self.counts[reader] = count = self.counts.get(reader, 0) + 1
        return count

    def block(self, reader, window):
        if window == self.window:
            self.counts[reader] = settings.BEACON_RATE_LIMIT + 1

    def blocked(self, reader, window):
        return window == self.window and self.counts.get(reader, 0) > settings.BEACON_RATE_LIMIT


def _shared_count(reader, window):
    """This client's beacons in ``window``, counted in the cache by every worker."""
    key = f"beacon:rate:{reader}:{window}"
    if cache.add(key, 1, RATE_WINDOW_SECONDS * 2):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, RATE_WINDOW_SECONDS * 2)
        return 1


class ReadBuffer:
    """Reads counted in this worker and not yet in the database: ``(article_id, day) → n``."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = Counter()
        self.last_flush = time.monotonic()

    def add(self, article_id, day):
        with self.lock:
            self.counts[(article_id, day)] += 1

    def due(self):
        return bool(self.counts) and time.monotonic() - self.last_flush >= settings.BEACON_FLUSH_SECONDS

    def flush(self):
        """Write the buffered reads of published articles; return how many were written.

        One transaction. If the database refuses, the reads go back into the buffer
        for the next flush.
        """
        with self.lock:
            counts, self.counts = self.counts, Counter()
            self.last_flush = time.monotonic()
        if not counts:
            return 0
        try:
            with transaction.atomic():
                ids = {article_id for article_id, _ in counts}
                live = set(Article.objects.published().filter(pk__in=ids).values_list("pk", flat=True))
                written = 0
                for (article_id, day), n in counts.items():
                    if article_id in live:
                        record_reads(article_id, day, n)
                        written += n
            return written
        except DatabaseError:
            log.warning("could not write %d buffered reads; keeping them for the next flush", sum(counts.values()))
            with self.lock:
                self.counts.update(counts)
            return 0


def flush_and_rank():
    """Write this worker's buffered reads (``buffer.flush()``), then, when some were
    written, rank Most Read again if its ranking is older than
    ``MOST_READ_REFRESH_SECONDS``: the counters just changed, and this runs off the page
    path (after the response, or in the beacon); a new ranking makes the pages showing
    Most Read stale (key ``most-read``). Returns how many reads were written."""
    written = buffer.flush()
    if written:
        try:
            ranked = MostRead.objects.refresh_if_older(settings.MOST_READ_REFRESH_SECONDS)
        except DatabaseError:
            log.warning("could not rank Most Read again; the next flush will try")
        else:
            if ranked:  # pages showing the old ranking go stale (and the CDN's copies)
                caching.invalidate_keys({"most-read"})
    return written


def record_reads(article_id, day, n=1):
    """Add ``n`` reads of ``article_id`` on ``day``: an atomic UPDATE … + n, or the first row."""
    if DailyReadCount.objects.filter(article_id=article_id, day=day).update(reads=F("reads") + n):
        return
    try:
        with transaction.atomic():
            DailyReadCount.objects.create(article_id=article_id, day=day, reads=n)
    except IntegrityError:  # another worker created today's row first
        DailyReadCount.objects.filter(article_id=article_id, day=day).update(reads=F("reads") + n)


_gate = _LocalGate()
buffer = ReadBuffer()


@atexit.register
def _flush_at_exit():
    # gunicorn workers exit through sys.exit() (max-requests, reload, shutdown).
    try:
        buffer.flush()
    except Exception:  # the database may already be gone; nothing to do about it now
        log.exception("could not flush buffered reads at exit")


def _rate_window():
    return int(time.time() // RATE_WINDOW_SECONDS)


def register_read(request, article_id):
    """Apply the rules above to one beacon; whether it counted as a read.

    The beacon answers 204 either way: its sender learns nothing, and a flood
    refused with 4xx would also fill the log (Django logs every 4xx response).
    """
    if is_bot(request.META.get("HTTP_USER_AGENT", "")):
        return False
    reader = reader_id(request.META)
    window = _rate_window()
    if _gate.hit(reader, window) > settings.BEACON_RATE_LIMIT:
        return False
    if not token_is_valid(request.POST.get(TOKEN_FIELD, ""), article_id):
        return False
    if _shared_count(reader, window) > settings.BEACON_RATE_LIMIT:
        _gate.block(reader, window)
        return False
    if not cache.add(f"beacon:seen:{reader}:{article_id}", 1, REPEAT_WINDOW_SECONDS):
        return False
    buffer.add(article_id, timezone.localdate())
    if buffer.due():
        flush_and_rank()
    return True


@functools.lru_cache(maxsize=1024)
def _beacon_route(path):
    """``(view, kwargs)`` when ``path`` is the view beacon, else None (resolved once per path)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    # Any edition's beacon (/ar/beacon/view/<id>: the public app under its namespace).
    is_beacon = match.app_name == "public" and match.url_name == "view_beacon"
    return (match.func, match.kwargs) if is_beacon else None


# The beacon's answer never varies: headers built once, by the caching policy.
_EMPTY_HEADERS = [("Cache-Control", make_private(HttpResponse())["Cache-Control"]), ("Content-Length", "0")]


class BeaconMiddleware:
    """Answers ``POST /beacon/view/<id>`` before the rest of the stack runs.

    A beacon needs no session, CSRF check, user, page cache or security headers
    (its answer is an empty 204), and a flood of them must not cost what pages
    cost (measured by ``bench/beacon_flood``). It also writes this worker's
    buffered reads once they are due, whatever request comes next, so a quiet
    worker's counts do not wait for its next beacon.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            route = _beacon_route(request.path_info)
            if route is not None:
                request.get_host()  # the same Host check as the full stack (400 when not allowed)
                view, kwargs = route
                return view(request, **kwargs)
        response = self.get_response(request)
        if buffer.due():
            flush_and_rank()
        return response


class BeaconFloodGuard:
    """WSGI wrapper (``newsroom.wsgi``): a client this worker already refused this
    minute gets its empty 204 before Django builds a request at all, so a flood
    costs the server hardly more than accepting the connections."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if (
            environ.get("REQUEST_METHOD") == "POST"
            and _beacon_route(environ.get("PATH_INFO", "")) is not None
            and _gate.blocked(reader_id(environ), _rate_window())
        ):
            start_response("204 No Content", list(_EMPTY_HEADERS))
            return []
        return self.application(environ, start_response)
