"""Fetching an agency feed over HTTP: conditional, time-boxed and size-capped.

feedparser can fetch by itself, but with no overall time limit and no size cap, and it
would follow a feed to any scheme; so the wire intake fetches here (the standard
library's urllib) and hands feedparser the bytes. The rules:

- only http and https, redirects included;
- If-None-Match / If-Modified-Since from the last full response; a 304 is "not modified";
- ``WIRE_FETCH_TIMEOUT`` seconds for the whole exchange, ``WIRE_MAX_BYTES`` for the body;
- anything else (a 4xx/5xx answer, no answer, a refused connection) is a FetchError
  whose message is what the operator and the feed's admin page show.
"""

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
CHUNK = 64 * 1024


class FetchError(Exception):
    """The feed could not be fetched; the message says why, for the operator."""


@dataclass(frozen=True)
class Fetched:
    """One answer: ``status`` 200 (``body`` holds the feed) or 304 (not modified, no body).

    ``etag`` and ``last_modified`` are the response's validators as sent ("" when
    absent); ``url`` is where the feed was found after redirects (relative links in
    the feed are resolved against it).
    """

    status: int
    url: str
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only: urllib would also follow one to ftp."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchError(f"redirected to {newurl[:200]!r}, which is not an http(s) address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_HttpOnlyRedirects)


def fetch(url, *, etag="", last_modified="", timeout=None, max_bytes=None):
    """GET ``url`` and return a Fetched (status 200 or 304); raise FetchError otherwise.

    ``etag`` / ``last_modified`` are the stored validators (sent when not empty);
    ``timeout`` (seconds, default ``WIRE_FETCH_TIMEOUT``) bounds the whole exchange,
    ``max_bytes`` (default ``WIRE_MAX_BYTES``) the body.
    """
    timeout = timeout or settings.WIRE_FETCH_TIMEOUT
    max_bytes = max_bytes or settings.WIRE_MAX_BYTES
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"{url[:200]!r} is not an http(s) address")
    headers = {"Accept": ACCEPT, "User-Agent": f"{settings.SITE_NAME} newsroom wire intake"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + timeout
    try:
        with _opener.open(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"the feed is {int(length)} bytes; at most {max_bytes} are read (WIRE_MAX_BYTES)")
            body = _read(response, deadline, timeout, max_bytes)
            return Fetched(
                status=response.status,
                url=response.url,
                body=body,
                content_type=response.headers.get("Content-Type", ""),
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(status=304, url=url)
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FetchError(f"no answer within {timeout} s") from None
        raise FetchError(f"cannot reach the feed: {exc.reason}") from None
    except TimeoutError:
        raise FetchError(f"no answer within {timeout} s") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:  # a reset, a malformed answer
        raise FetchError(f"the feed's server broke off: {exc}") from None


def _read(response, deadline, timeout, max_bytes):
    """The body in chunks, stopping at ``max_bytes`` or the deadline (a server that
    trickles bytes would otherwise hold the run for as long as it likes)."""
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(f"the feed did not arrive within {timeout} s")
        chunk = response.read1(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"the feed is over {max_bytes} bytes (WIRE_MAX_BYTES)")
        chunks.append(chunk)
