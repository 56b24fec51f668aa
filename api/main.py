"""The API object (django-ninja): version 1 under ``/api/v1/``, its OpenAPI 3.1 document
(``openapi.json``) and docs page (``docs``, Swagger UI served from our static files).

Every operation runs inside ``conventions``: the caller's key is identified and the
rate limit counted before anything else, and the answer gets the caching headers and
conditional-GET handling of ``api.http``. Every error is problem details.
"""

import functools

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from api import read, write  # noqa: F401 -- write adds its operations to read.router
from api.http import PROBLEM_TYPE, Problem, cached_description, cached_get, finish_get, no_store, problem_response
from api.keys import check_rate, identify

DESCRIPTION = """
The newsroom's content API, for the Android and iOS apps and for partners.

**What it shows.** Exactly what readers may see on the site: published articles
(never drafts or scheduled ones), live breaking items, tags and authors in use.
Previews of unpublished articles need a key of scope `preview`.

**Conventions.** Lists are cursor-paginated: follow `next` (also in the `Link`
header); a cursor stays valid while articles are added. Times are UTC, ISO 8601 with
an offset; every URL is absolute, images come with every rendition and its size.
Every GET carries an `ETag` (send it back as `If-None-Match` for a 304) and
`Cache-Control`. Errors are RFC 9457 problem details (`application/problem+json`).
Fields are stable within v1: new fields may appear, none is renamed or removed.

**Sync.** `GET /articles?updated_since=<time>` lists articles in order of change
(`changed_at`) and always gives `next`: store it, poll it later, and every change
arrives exactly once. Articles taken down disappear from the list; the
`unpublished` webhook announces them.

**Keys and limits.** Anonymous clients are rate-limited per address; partners get a
key (created in the admin) and a higher limit per key. Send it as
`Authorization: Bearer <key>`, never in a URL (refused). Over the limit: 429 with
`Retry-After`.

**Writing** (newsroom tools, a key of scope `write`): drafts, edits, live updates and notices
follow the admin's workflow for the key's user (a writer's key cannot publish), and an
edit must carry the article's `ETag` as `If-Match`.
"""


class ContentAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document says what every operation may answer: problem
    details (as ``application/problem+json``) for errors, 304 for conditional GETs."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for path_item in schema["paths"].values():
            for method, operation in path_item.items():
                responses = operation.setdefault("responses", {})
                for status, answer in responses.items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        answer["content"] = {PROBLEM_TYPE: content["application/json"]}
                if method == "get":
                    responses["304"] = {"description": "Not Modified: the `If-None-Match` ETag is still current."}
                    operation.setdefault("parameters", []).append(
                        {
                            "name": "If-None-Match",
                            "in": "header",
                            "required": False,
                            "description": "The `ETag` of a copy the client holds.",
                            "schema": {"type": "string"},
                        }
                    )
        return schema


api = ContentAPI(
    title="Newsroom content API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs_decorator=cached_description,
)


def refuse_nul(request):
    """A NUL character in the query or the body is a 400: PostgreSQL refuses it in any
    text, so it would otherwise fail deep inside a query as a 500."""
    if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get("QUERY_STRING", ""):
        raise Problem(400, "NUL character", "Text may not contain NUL characters.", code="nul-character")
    if request.method in ("POST", "PUT", "PATCH") and (b"\\u0000" in request.body or b"\x00" in request.body):
        raise Problem(400, "NUL character", "Text may not contain NUL characters.", code="nul-character")


def conventions(run):
    """Wraps each operation: key, rate limit, then the caching headers of the answer."""

    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        try:
            refuse_nul(request)
            request.api_key = identify(request)
            check_rate(request)
        except Problem as problem:
            return problem.response(request)
        if request.method != "GET":
            return no_store(run(request, *args, **kwargs))
        response = cached_get(request, lambda: run(request, *args, **kwargs))
        return finish_get(request, response, private=getattr(request, "api_private", False))

    return wrapper


@api.exception_handler(Problem)
def _problem(request, exc):
    return exc.response(request)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem_response(404, "Not Found", instance=request.path)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    if any(tuple(error.get("loc", ())) == ("header", "If-Match") for error in exc.errors):
        # RFC 6585: the edit-conflict rule needs the version the client saw.
        return problem_response(
            428,
            "If-Match required",
            'Send the article\'s ETag, `"v<version>"`, as If-Match.',
            code="no-if-match",
            instance=request.path,
        )
    errors = [
        {"parameter": ".".join(str(part) for part in error.get("loc", ())), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    return problem_response(
        400,
        "Invalid request",
        "Some parameters are invalid.",
        code="invalid-request",
        instance=request.path,
        errors=errors,
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return problem_response(
        401,
        "API key required",
        "Send a key as `Authorization: Bearer <key>`.",
        code="key-required",
        headers={"WWW-Authenticate": 'Bearer realm="api"'},
        instance=request.path,
    )


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return problem_response(exc.status_code, str(exc), instance=request.path)


api.add_router("/", read.router)
api.add_router("/preview", read.preview)
api.add_decorator(conventions, mode="view")
