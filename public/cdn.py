"""Purging the CDN in front of the site by surrogate key, after each change commits.

Every public page names what it shows in its ``Surrogate-Key``/``xkey`` and
``Cache-Tag`` headers (``article:12 section:3 tag:5 home feeds``…). When a change
commits, ``public.caching.keys_invalidated`` is sent with the keys it touched;
``purge_keys`` (its receiver) hands them to a background thread that asks each CDN
in ``CDN_PURGE_URL`` to drop every page carrying one of them. No URL configured:
nothing is sent.

A purge never blocks or fails a save: the request that saved only puts the keys on
a queue. A purge that fails (a refused connection, a timeout, a non-2xx answer) is
logged and tried again after ``CDN_PURGE_RETRY_SECONDS``, doubling each time, at
most ``CDN_PURGE_ATTEMPTS`` times in all; then it is logged as an error and
dropped (the page still expires by its ``Cache-Control`` lifetime).

``CDN_PURGE_STYLE`` says how each URL is asked (docs/deploy.md has the set-ups):

- ``xkey`` (Varnish with vmod xkey, deploy/varnish/newsroom.vcl): ``PURGE <url>``
  with ``xkey: k1 k2…``.
- ``fastly``: ``POST https://api.fastly.com/service/<id>/purge`` with
  ``Surrogate-Key: k1 k2…`` and ``Fastly-Key: <CDN_PURGE_TOKEN>`` (at most 256 keys).
- ``cloudflare``: ``POST https://api.cloudflare.com/client/v4/zones/<zone>/purge_cache``
  with ``{"tags": [...]}`` and ``Authorization: Bearer <CDN_PURGE_TOKEN>`` (at most 30).
"""

import atexit
import heapq
import ipaddress
import itertools
import json
import logging
import os
import queue
import re
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

STYLES = ("xkey", "fastly", "cloudflare")
# Keys per request each CDN accepts (Fastly: 256 per batch purge; Cloudflare: 30 tags
# per call on every plan); xkey's header is kept well under Varnish's 8 KB line limit.
BATCH = {"xkey": 100, "fastly": 256, "cloudflare": 30}


def purge_requests(keys, *, urls=None, style=None, token=None):
    """The HTTP requests (``urllib.request.Request``) that purge ``keys`` (an iterable
    of str) at every configured CDN: one per URL and batch, keys sorted. Settings
    ``CDN_PURGE_URL`` (list), ``CDN_PURGE_STYLE`` and ``CDN_PURGE_TOKEN`` unless given.
    Raises ValueError for an unknown style."""
    urls = settings.CDN_PURGE_URL if urls is None else urls
    style = settings.CDN_PURGE_STYLE if style is None else style
    token = settings.CDN_PURGE_TOKEN if token is None else token
    if style not in STYLES:
        raise ValueError(f"CDN_PURGE_STYLE must be one of {', '.join(STYLES)}, not {style!r}")
    keys = sorted(set(keys))
    requests = []
    for url in urls:
        for start in range(0, len(keys), BATCH[style]):
            batch = keys[start : start + BATCH[style]]
            if style == "xkey":
                request = urllib.request.Request(url, method="PURGE", headers={"xkey": " ".join(batch)})
            elif style == "fastly":
                headers = {"Surrogate-Key": " ".join(batch), "Fastly-Key": token, "Accept": "application/json"}
                request = urllib.request.Request(url, method="POST", headers=headers)
            else:
                body = json.dumps({"tags": batch}).encode()
                headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
                request = urllib.request.Request(url, data=body, method="POST", headers=headers)
            requests.append(request)
    return requests


class Purger:
    """Sends purge requests from one background thread, retrying failures with back-off.

    ``submit(requests)`` returns at once. The thread starts on first use in each
    process (gunicorn forks workers after import: a thread of the parent does not
    exist in the child). ``flush(timeout)`` waits until nothing is queued or waiting
    for a retry (tests; the end of a management command, through ``atexit``).
    """

    def __init__(self):
        self._queue = queue.Queue()
        self._lock = threading.Lock()
        self._thread = None
        self._pid = None
        self._pending = 0  # submitted requests not yet sent or given up
        self._idle = threading.Condition(self._lock)
        self._order = itertools.count()  # ties in the retry heap never compare requests

    def submit(self, requests, *, attempts, delay, timeout):
        """Queue ``requests`` to be sent at most ``attempts`` times each, the first
        retry ``delay`` seconds after a failure (doubled each time), each try giving up
        after ``timeout`` seconds."""
        if not requests:
            return
        with self._lock:
            self._pending += len(requests)
            if self._thread is None or self._pid != os.getpid() or not self._thread.is_alive():
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="cdn-purger", daemon=True)
                self._thread.start()
        for request in requests:
            self._queue.put((request, 1, attempts, delay, timeout))

    def flush(self, timeout=10.0):
        """Wait up to ``timeout`` seconds for every queued purge; True when none is left."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def _run(self):
        retries = []  # heap of (due, order, job)
        while True:
            wait = max(0.0, retries[0][0] - time.monotonic()) if retries else None
            if wait == 0.0:
                job = heapq.heappop(retries)[2]  # a retry that is due goes before new work
            else:
                try:
                    job = self._queue.get(timeout=wait)
                except queue.Empty:
                    continue
            retry_at = self._send(*job)
            if retry_at is not None:
                request, attempt, attempts, delay, timeout = job
                heapq.heappush(retries, (retry_at, next(self._order), (request, attempt + 1, attempts, delay, timeout)))
            else:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

    def _send(self, request, attempt, attempts, delay, timeout):
        """One try; the monotonic time of the next one, or None when done (sent or given up)."""
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - our setting's URL
                response.read()
            return None
        except (OSError, ValueError) as error:  # URLError/HTTPError/timeouts are OSErrors
            what = f"{request.get_method()} {request.full_url} ({_keys_of(request)})"
            if attempt >= attempts:
                log.error("CDN purge failed %d times, giving up: %s: %s", attempt, what, error)
                return None
            wait = delay * 2 ** (attempt - 1)
            log.warning(
                "CDN purge failed (try %d of %d), retrying in %.1f s: %s: %s", attempt, attempts, wait, what, error
            )
            return time.monotonic() + wait


def _keys_of(request):
    keys = request.get_header("Xkey") or request.get_header("Surrogate-key")
    if keys is None and request.data:
        keys = " ".join(json.loads(request.data)["tags"])
    return keys


purger = Purger()


def purge_keys(sender=None, keys=(), **kwargs):
    """Receiver of ``public.caching.keys_invalidated`` (sent after the change committed):
    queue the purge of ``keys`` (a frozenset of str such as ``article:12``) at every
    CDN in ``CDN_PURGE_URL``, and return at once. Nothing when no URL is configured."""
    if not settings.CDN_PURGE_URL or not keys:
        return
    purger.submit(
        purge_requests(keys),
        attempts=settings.CDN_PURGE_ATTEMPTS,
        delay=settings.CDN_PURGE_RETRY_SECONDS,
        timeout=settings.CDN_PURGE_TIMEOUT,
    )


@atexit.register
def _flush_at_exit():
    # A management command (an import) exits right after its last commit: give its
    # purges a few seconds to leave rather than dropping them with the process.
    if purger._pending:
        purger.flush(timeout=settings.CDN_PURGE_TIMEOUT)


VCL_PATH = Path(settings.BASE_DIR) / "deploy" / "varnish" / "newsroom.vcl"


def _acl_entries(networks):
    """VCL acl lines for ``networks`` (str or ``ipaddress`` networks; a bare address is one host)."""
    entries = (ipaddress.ip_network(network, strict=False) for network in networks)
    return "".join(f'    "{net.network_address}"/{net.prefixlen};\n' for net in entries)


def varnish_vcl(backend=("127.0.0.1", 8000), purgers=("127.0.0.1", "::1"), trusted=None, beacon_limit=None, tarpit=1.0):
    """deploy/varnish/newsroom.vcl with this site's values, as a str.

    ``backend`` is (host, port) of gunicorn; ``purgers`` the networks (str) allowed to
    purge (the app servers); ``trusted`` the proxies in front of Varnish whose
    ``X-Forwarded-For`` is believed (default: ``TRUSTED_PROXIES``, the app's own rule);
    ``beacon_limit`` view beacons per client a minute before Varnish answers 429
    (default: ``BEACON_RATE_LIMIT``, the app's own limit); ``tarpit`` the seconds a
    refused beacon waits before its 429 (bench/beacon_flood measured why). Each fills
    the committed file's ``# BEGIN <name>`` … ``# END <name>`` block.
    """
    trusted = settings.TRUSTED_PROXIES if trusted is None else trusted
    beacon_limit = settings.BEACON_RATE_LIMIT if beacon_limit is None else int(beacon_limit)
    host, port = backend
    blocks = {
        "backend": (
            "backend default {\n"
            f'    .host = "{host}";\n    .port = "{int(port)}";\n'
            "    .connect_timeout = 2s;\n    .first_byte_timeout = 30s;\n}\n"
        ),
        "purgers": "acl purgers {\n" + _acl_entries(purgers) + "}\n",
        "trusted_proxies": "acl trusted_proxies {\n" + _acl_entries(trusted) + "}\n",
        "beacon_limit": (
            '        if (vsthrottle.is_denied("beacon:" + req.http.X-Newsroom-Reader, '
            f"{beacon_limit}, 60s, 60s)) {{\n"
            '            if (!vsthrottle.is_denied("beacon-tarpit", 100, 1s)) {\n'
            f"                vtc.sleep({round(tarpit * 1000)}ms);\n"
            "            }\n"
            '            return (synth(429, "Too Many Requests"));\n'
            "        }\n"
        ),
    }
    text = VCL_PATH.read_text()
    for name, body in blocks.items():
        pattern = re.compile(rf"(^\s*# BEGIN {name}\n).*?(^\s*# END {name}$)", re.M | re.S)
        text, found = pattern.subn(lambda m, body=body: m.group(1) + body + m.group(2), text)
        if found != 1:
            raise ValueError(f"{VCL_PATH} has no single '# BEGIN {name}' block")
    return text
