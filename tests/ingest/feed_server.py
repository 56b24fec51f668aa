"""A real HTTP server on a free local port, serving agency feeds to the wire intake.

It honours If-None-Match (ETag) and If-Modified-Since (Last-Modified) as an agency's
server does, and can be told to fail: any status, garbage, a slow answer. Every
request's path and headers are kept for the tests to read.
"""

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FEEDS = Path(__file__).resolve().parent / "feeds"


@dataclass
class Route:
    """What the server answers at one path. ``etag`` / ``last_modified`` "" send none."""

    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    etag: str = ""
    last_modified: str = ""
    delay: float = 0.0


@dataclass
class FeedServer:
    base: str = ""
    routes: dict = field(default_factory=dict)
    requests: list = field(default_factory=list)  # (path, {header: value})

    def url(self, path):
        return self.base + path

    def serve(self, path, body=None, *, file=None, **route):
        """Serve ``body`` (bytes or str) or the feed file ``file`` at ``path``; returns its URL."""
        if file is not None:
            body = (FEEDS / file).read_bytes()
        if isinstance(body, str):
            body = body.encode()
        self.routes[path] = Route(body=body or b"", **route)
        return self.url(path)

    def requests_to(self, path):
        return [headers for p, headers in self.requests if p == path]


def _handler(server_state):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            server_state.requests.append((self.path, dict(self.headers.items())))
            route = server_state.routes.get(self.path)
            if route is None:
                return self._answer(404, b"not found", "text/plain")
            if route.delay:
                time.sleep(route.delay)
            if route.status != 200:
                return self._answer(route.status, route.body or b"broken", "text/html")
            if self._not_modified(route):
                self.send_response(304)
                self._validators(route)
                self.end_headers()
                return None
            return self._answer(200, route.body, route.content_type, route)

        def _not_modified(self, route):
            # RFC 9110, 13.2.2: If-None-Match decides when present; else If-Modified-Since.
            if_none_match = self.headers.get("If-None-Match")
            if if_none_match is not None:
                return bool(route.etag) and route.etag in [t.strip() for t in if_none_match.split(",")]
            since = self.headers.get("If-Modified-Since")
            if since and route.last_modified:
                return parsedate_to_datetime(route.last_modified) <= parsedate_to_datetime(since)
            return False

        def _validators(self, route):
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)

        def _answer(self, status, body, content_type, route=None):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if route:
                self._validators(route)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # quiet test output
            pass

    return Handler


@contextmanager
def running_feed_server():
    """A FeedServer listening on 127.0.0.1 at a free port while the block runs."""
    state = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True  # a handler asleep in a "slow" route does not hold the test's end
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


def http_date(when):
    """``when`` (aware) as an HTTP-date, for Last-Modified."""
    return format_datetime(when, usegmt=True)
