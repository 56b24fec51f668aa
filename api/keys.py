"""Who is calling: the API key of a request (if any), the scopes it needs, the rate limit.

A key travels only in a header, ``Authorization: Bearer nk_…`` (or ``X-API-Key``):
URLs end up in logs, browser histories and CDN caches, so a key found in the query
string is refused (400), never used. Keys are looked up by their SHA-256 (``ApiKey``).

The rate limit is django-ratelimit's fixed-window counter in the Django cache (one
atomic increment per request; shared by every worker with Redis): anonymous clients
are counted per address (``newsroom.clientip``: the trusted-proxy rule, an IPv6 /64 as
one client), keyed ones per key, each at its own rate (``API_RATE_ANON``,
``API_RATE_KEY``). Over the limit: 429 with ``Retry-After`` (the window's end).
django-ninja's own throttle was tried first and dropped: it keeps every request's time
in one cache value that each request reads and rewrites whole, so concurrent requests
on several workers overwrite each other's counts (and the value grows with the limit).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_ratelimit.core import get_usage
from ninja.security import HttpBearer

from api.http import Problem
from api.models import ApiKey, hash_key
from newsroom.clientip import client_address, client_key

# Query parameters that look like a key: refused so that nobody gets used to sending one.
KEY_PARAMETERS = ("api_key", "apikey", "key", "token", "access_token")
# last_used_at is written at most this often per key: not a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def raw_key(request):
    """The key a request carries in its headers, or ""."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("X-API-Key", "").strip()


def identify(request):
    """The ``ApiKey`` of ``request``, or None for an anonymous request.

    Raises ``Problem``: 400 for a key in the URL, 401 for an unknown or revoked key (a
    client that sends a key wants to be known: silently treating it as anonymous would
    hide a revoked key behind the anonymous rate limit).
    """
    if any(name in request.GET for name in KEY_PARAMETERS):
        raise Problem(
            400,
            "API key in the URL",
            "Send the key in the Authorization header (Bearer), never in the URL.",
            code="key-in-url",
        )
    raw = raw_key(request)
    if not raw:
        return None
    key = ApiKey.objects.active().select_related("user").filter(key_hash=hash_key(raw)).first()
    if key is None:
        raise Problem(
            401, "Unknown or revoked API key", code="invalid-key", headers={"WWW-Authenticate": 'Bearer realm="api"'}
        )
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


def _client(group, request):
    """The unit the limit counts: the key, else the client's address (or its /64)."""
    key = getattr(request, "api_key", None)
    return f"key-{key.pk}" if key else f"ip-{client_key(client_address(request.META))}"


def _rate(group, request):
    return settings.API_RATE_KEY if getattr(request, "api_key", None) else settings.API_RATE_ANON


def check_rate(request):
    """Count this request against its client's limit; raises ``Problem`` (429) when over it."""
    usage = get_usage(request, group="api", key=_client, rate=_rate, increment=True)
    if not usage or not usage["should_limit"]:
        return
    seconds = max(1, int(usage["time_left"]))
    raise Problem(
        429,
        "Too many requests",
        f"This client may make {_rate(None, request)} requests; try again in {seconds} s.",
        code="rate-limited",
        headers={"Retry-After": str(seconds)},
    )


class KeyAuth(HttpBearer):
    """django-ninja security for operations that need a key of at least ``scope``.

    The key was already identified for the request (``api.main``); this documents the
    Bearer scheme in the OpenAPI document and refuses a key of too small a scope (403).
    """

    def __init__(self, scope):
        self.scope = scope
        super().__init__()

    def __call__(self, request):
        key = getattr(request, "api_key", None)
        if key is None:
            return None  # django-ninja answers 401
        if not key.allows(self.scope):
            raise Problem(403, "Key scope too small", f"This operation needs a key of scope “{self.scope}”.")
        return key

    def authenticate(self, request, token):  # pragma: no cover -- __call__ decides
        return None


preview_key = KeyAuth(ApiKey.Scope.PREVIEW)
write_key = KeyAuth(ApiKey.Scope.WRITE)
