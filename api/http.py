"""The API's HTTP conventions, each once: problem details, cursors, pages with ``next``
links, conditional GET and the caching headers.

- Errors are RFC 9457 problem details (``application/problem+json``): ``type``,
  ``title``, ``status``, ``detail``, and ``errors`` for invalid input.
- Lists are cursor-paginated (keyset, never offsets): a cursor names the last item
  seen by its sort values, so items inserted meanwhile neither repeat nor vanish from
  the pages still to come. ``next`` is an absolute URL, also sent as ``Link: rel="next"``.
- Every GET answers with a strong ``ETag`` of its body and honours ``If-None-Match``
  (304), with ``Cache-Control``: public for what readers may see, ``private, no-store``
  for previews of drafts and every write.
"""

import base64
import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import urlencode

from api.present import absolute
from public import caching

PROBLEM_TYPE = "application/problem+json"
DEFAULT_LIMIT, MAX_LIMIT = 20, 100
# Longest an API response may be kept by a browser or CDN; cut short, as pages are, by
# the next scheduled publication or ticker change (public.caching.cache_timeout).
API_MAX_AGE = 60
# The OpenAPI document and docs page change only with a deploy (seconds).
API_DESCRIPTION_MAX_AGE = 3600


class Problem(Exception):
    """An error answered as problem details. ``code`` names the problem type
    (``urn:newsroom:problem:<code>``); ``about:blank`` when it is just the status."""

    def __init__(self, status, title, detail="", code=None, headers=None, **extra):
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.code = status, title, detail, code
        self.headers, self.extra = headers or {}, extra

    def response(self, request=None):
        return problem_response(
            self.status,
            self.title,
            self.detail,
            code=self.code,
            headers=self.headers,
            instance=request.path if request else None,
            **self.extra,
        )


def problem_response(status, title, detail="", *, code=None, headers=None, instance=None, **extra):
    """A ``JsonResponse`` of problem details (RFC 9457), never cached."""
    body = {"type": f"urn:newsroom:problem:{code}" if code else "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    body.update(extra)
    response = JsonResponse(body, status=status, content_type=PROBLEM_TYPE, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    patch_cache_control(response, no_store=True)
    return response


# --- cursors -------------------------------------------------------------------------


def encode_cursor(values):
    """An opaque cursor for the sort values of the last item of a page."""
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor, kinds):
    """The sort values in ``cursor``, each converted by the matching callable of
    ``kinds`` (e.g. ``(datetime.fromisoformat, int)``). Raises ``Problem`` (400) for a
    cursor this API did not make."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(kinds):
            raise ValueError(cursor)
        return [None if v is None else kind(v) for kind, v in zip(kinds, values, strict=True)]
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise Problem(400, "Invalid cursor", "Use the `next` link of a previous page.", code="invalid-cursor") from exc


def aware(text):
    """A cursor's timestamp back into an aware datetime (it was written from one)."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(text)
    return value


def keyset_after(fields, values):
    """The ``Q`` of the rows after ``values`` in the order of ``fields`` (``"-name"`` is
    descending): for ``("-published_at", "-pk")`` and (t, 7), published before t, or at t
    with a lower id. The last field must be unique (the primary key)."""
    condition = Q()
    for i, field in enumerate(fields):
        name = field.lstrip("-")
        step = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": values[i]})
        for previous, value in zip(fields[:i], values[:i], strict=True):
            step &= Q(**{previous.lstrip("-"): value})
        condition |= step
    return condition


@dataclass
class Page:
    """One page of a list: its items (model objects) and the cursor of the next, if any."""

    items: list
    next_cursor: str | None


def keyset_page(queryset, fields, cursor, limit, kinds, key=None):
    """The page of ``queryset`` ordered by ``fields`` after ``cursor`` (from a previous
    page; None for the first). ``kinds`` convert the cursor's values back; ``key(item)``
    gives an item's sort values (default: its attributes named by ``fields``).

    Fetches ``limit + 1`` rows to know whether a next page exists: no COUNT query.
    """
    if cursor:
        queryset = queryset.filter(keyset_after(fields, decode_cursor(cursor, kinds)))
    rows = list(queryset.order_by(*fields)[: limit + 1])
    items, more = rows[:limit], len(rows) > limit
    key = key or (lambda item: [getattr(item, f.lstrip("-")) for f in fields])
    return Page(items, encode_cursor(key(items[-1])) if more and items else None)


def next_url(request, cursor):
    """The absolute URL of the next page: this request's query with ``cursor`` replaced."""
    if not cursor:
        return None
    query = [(k, v) for k, values in request.GET.lists() for v in values if k != "cursor"]
    return absolute(f"{request.path}?{urlencode([*query, ('cursor', cursor)])}")


def add_link(response, url, rel):
    """Append a ``Link`` header entry (RFC 8288)."""
    entry = f'<{url}>; rel="{rel}"'
    response["Link"] = f"{response['Link']}, {entry}" if response.has_header("Link") else entry


# --- conditional GET and caching -----------------------------------------------------


UNCACHED_OPERATIONS = {"live_updates"}


class _NotStored(Exception):  # noqa: N818 -- control flow inside cached_get only
    def __init__(self, response):
        self.response = response


def cached_get(request, view):
    """The answer of ``view()`` for this GET, kept in the server cache as public pages are
    (``public.caching``: keyed on the content generation, so any committed change shows
    at once; cut short by the next scheduled publication). Only successful public
    answers are kept: errors and previews (``request.api_private``) are made each time,
    and a preview, never stored, can never be served from here past its key check."""
    # Live updates do not bump the content generation (articles.signals): their poll is
    # answered fresh each time, and its ETag still saves the body.
    match = getattr(request, "resolver_match", None)
    if settings.PAGE_CACHE_SECONDS <= 0 or (match and match.url_name in UNCACHED_OPERATIONS):
        return view()

    def render():
        response = view()
        if response.status_code != 200 or getattr(request, "api_private", False):
            raise _NotStored(response)
        return response.content, response["Content-Type"], response.get("Link")

    try:
        content, content_type, link = caching.cached("api", (request.get_full_path(),), render)
    except _NotStored as answer:
        return answer.response
    response = HttpResponse(content, content_type=content_type)
    if link:
        response["Link"] = link
    return response


def etag_of(content):
    """A strong ETag of a response body."""
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def finish_get(request, response, private=False):
    """Caching headers of a GET answer, and 304 when the client's copy is current.

    ``private``: a preview of unpublished content, which no cache may keep.
    """
    if response.status_code != 200 or getattr(response, "streaming", False):
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True)
        return response
    response["ETag"] = etag_of(response.content)
    if private:
        patch_cache_control(response, private=True, no_store=True, max_age=0)
    else:
        max_age = min(API_MAX_AGE, caching.cache_timeout(), settings.PAGE_CACHE_SECONDS)
        caching.make_public(response, max_age)
    # Keyed clients get what anonymous ones get; only the rate limit differs.
    return get_conditional_response(request, etag=response["ETag"], response=response)


def no_store(response):
    """Headers of an answer no cache may keep (every write)."""
    patch_cache_control(response, no_store=True)
    return response


# --- addresses outside any operation ------------------------------------------------


@functools.cache
def api_root():
    """The API's root path (``/api/v1/``), from the URLconf."""
    return reverse("api-1:api-root")


class ProblemDetailsMiddleware:
    """Every error under the API's root is problem details, also where no operation
    answers: an unknown address (Django's 404 page) and a method the address does not
    take (Ninja's plain-text 405). Operations already answer problem details; this
    rewrites only an error that is not JSON, keeping its status and ``Allow`` /
    ``Retry-After`` headers. Pages outside the API keep their own error pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or not request.path_info.startswith(api_root()):
            return response
        if response.get("Content-Type", "").split(";")[0] in (PROBLEM_TYPE, "application/json"):
            return response
        headers = {name: response[name] for name in ("Allow", "Retry-After") if response.has_header(name)}
        return problem_response(
            response.status_code,
            HTTPStatus(response.status_code).phrase,
            headers=headers,
            instance=request.path,
        )


def cached_description(view):
    """Wraps the OpenAPI document and docs page views (Ninja's ``docs_decorator``): they
    change only with a deploy, so they carry a strong ``ETag``, honour
    ``If-None-Match`` with a 304, and may be kept for ``API_DESCRIPTION_MAX_AGE``
    seconds by browsers and CDNs."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET"])
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        response["ETag"] = etag_of(response.content)
        caching.make_public(response, API_DESCRIPTION_MAX_AGE)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return wrapper
