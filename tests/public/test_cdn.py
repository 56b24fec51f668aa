"""Purging the CDN by surrogate key (public.cdn): what is sent to each kind of CDN, that
a failing CDN is retried with back-off and logged, and that nothing waits for it."""

import http.server
import ipaddress
import json
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from public import cdn
from public.caching import keys_invalidated
from tests.factories import ArticleFactory


class FakeCDN:
    """An HTTP server on a free port that records each request (method, headers, body)
    and answers with the next of ``statuses`` (then 200), or waits ``delay`` seconds."""

    def __init__(self, statuses=(), delay=0.0):
        self.requests = []
        self.times = []
        self.statuses = list(statuses)
        self.delay = delay
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fake.requests.append((self.command, self.path, self.headers, body))
                fake.times.append(time.monotonic())
                if fake.delay:
                    time.sleep(fake.delay)
                self.send_response(fake.statuses.pop(0) if fake.statuses else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_PURGE = do_POST = _answer  # noqa: N815 - http.server's naming

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_cdn(settings):
    servers = []

    def start(**kwargs):
        server = FakeCDN(**kwargs)
        servers.append(server)
        settings.CDN_PURGE_URL = [server.url]
        return server

    settings.CDN_PURGE_STYLE = "xkey"
    settings.CDN_PURGE_ATTEMPTS = 4
    settings.CDN_PURGE_RETRY_SECONDS = 0.1
    settings.CDN_PURGE_TIMEOUT = 2
    yield start
    assert cdn.purger.flush(timeout=10), "purges still queued after the test"
    for server in servers:
        server.close()


def test_keys_are_purged_with_one_xkey_request(fake_cdn):
    server = fake_cdn()
    keys_invalidated.send(sender=None, keys=frozenset({"article:12", "section:3", "home"}))
    assert cdn.purger.flush(timeout=5)
    [(method, _, headers, _)] = server.requests
    assert method == "PURGE"
    assert headers["xkey"] == "article:12 home section:3"


def test_every_configured_cdn_is_purged(fake_cdn, settings):
    first, second = fake_cdn(), fake_cdn()
    settings.CDN_PURGE_URL = [first.url, second.url]
    keys_invalidated.send(sender=None, keys=frozenset({"tag:5"}))
    assert cdn.purger.flush(timeout=5)
    assert [r[2]["xkey"] for r in first.requests + second.requests] == ["tag:5", "tag:5"]


def test_nothing_is_sent_without_a_configured_cdn(settings):
    settings.CDN_PURGE_URL = []
    keys_invalidated.send(sender=None, keys=frozenset({"home"}))
    assert cdn.purger._pending == 0
    assert cdn.purge_requests({"home"}) == []


def test_a_failed_purge_is_logged_and_retried_with_back_off(fake_cdn, caplog):
    server = fake_cdn(statuses=[503, 503])
    with caplog.at_level(logging.WARNING, logger="public.cdn"):
        keys_invalidated.send(sender=None, keys=frozenset({"home"}))
        assert cdn.purger.flush(timeout=10)
    assert len(server.requests) == 3  # two failures, then the purge that worked
    first_wait, second_wait = server.times[1] - server.times[0], server.times[2] - server.times[1]
    assert first_wait >= 0.1
    assert second_wait >= 0.2  # doubled
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert "home" in warnings[0].getMessage() and "503" in warnings[0].getMessage()


def test_a_cdn_that_stays_down_is_given_up_with_an_error(fake_cdn, settings, caplog):
    fake_cdn()
    # Nothing listens on the discard port of localhost: every try is refused.
    settings.CDN_PURGE_URL = ["http://127.0.0.1:9/"]
    with caplog.at_level(logging.WARNING, logger="public.cdn"):
        keys_invalidated.send(sender=None, keys=frozenset({"article:1"}))
        assert cdn.purger.flush(timeout=10)
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "giving up" in errors[0].getMessage()
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 3  # 4 attempts in all


def test_sending_the_keys_never_waits_for_the_cdn(fake_cdn):
    server = fake_cdn(delay=1.5)  # a CDN answering slowly
    started = time.monotonic()
    for n in range(5):
        keys_invalidated.send(sender=None, keys=frozenset({f"article:{n}"}))
    assert time.monotonic() - started < 0.2
    assert cdn.purger.flush(timeout=15)
    assert len(server.requests) == 5


def test_fastly_and_cloudflare_requests():
    [fastly] = cdn.purge_requests(
        {"home", "article:1"}, urls=["https://api.fastly.com/service/SVC/purge"], style="fastly", token="tok"
    )
    assert fastly.get_method() == "POST"
    assert fastly.get_header("Surrogate-key") == "article:1 home"
    assert fastly.get_header("Fastly-key") == "tok"
    keys = {f"article:{n}" for n in range(45)}
    url = "https://api.cloudflare.com/client/v4/zones/Z/purge_cache"
    first, second = cdn.purge_requests(keys, urls=[url], style="cloudflare", token="tok")
    assert first.get_header("Authorization") == "Bearer tok"
    tags = json.loads(first.data)["tags"] + json.loads(second.data)["tags"]
    assert len(json.loads(first.data)["tags"]) == 30  # Cloudflare's limit per call
    assert sorted(tags) == sorted(keys)
    with pytest.raises(ValueError, match="CDN_PURGE_STYLE"):
        cdn.purge_requests({"home"}, urls=["http://x/"], style="akamai")


def test_the_vcl_trusts_the_proxies_the_app_trusts(settings, capsys):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("2001:db8::/32")]
    settings.BEACON_RATE_LIMIT = 42
    call_command("varnish_vcl", "--backend", "10.1.2.3:8001", "--purger", "10.1.0.0/16")
    vcl = capsys.readouterr().out
    acl = vcl[vcl.index("acl trusted_proxies") :]
    assert acl[: acl.index("}")].split("{")[1].split() == ['"10.0.0.0"/8;', '"2001:db8::"/32;']
    assert '.host = "10.1.2.3";' in vcl and '.port = "8001";' in vcl
    assert '"10.1.0.0"/16;' in vcl
    assert "X-Newsroom-Reader, 42, 60s, 60s)" in vcl


# CI installs Varnish (.ci/run): there a missing varnishd is a failure, never a skip.
@pytest.mark.skipif(
    shutil.which("varnishd") is None and not os.environ.get("CI"), reason="varnishd is not installed (CI installs it)"
)
def test_the_vcl_compiles():
    # varnishd reads the file as the unprivileged user it drops to: not under pytest's 0700 tmp_path.
    folder = Path(tempfile.mkdtemp(prefix="newsroom-vcl-"))
    try:
        folder.chmod(0o755)
        vcl = folder / "site.vcl"
        vcl.write_text(cdn.varnish_vcl())
        vcl.chmod(0o644)
        result = subprocess.run(["varnishd", "-C", "-f", str(vcl), "-n", str(folder / "state")], capture_output=True)
        assert result.returncode == 0, result.stderr.decode()[-2000:]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.django_db
def test_a_publish_purges_its_keys_without_waiting_for_a_slow_cdn(fake_cdn, settings):
    settings.CDN_PURGE_TIMEOUT = 5
    server = fake_cdn(delay=1.5)
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    draft.tags.add("Syria")
    assert cdn.purger.flush(timeout=30)
    server.requests.clear()
    started = time.monotonic()
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now()
    draft.save()
    assert time.monotonic() - started < 1.0  # the CDN takes 1.5 s to answer
    assert cdn.purger.flush(timeout=30)
    purged = {key for request in server.requests for key in request[2]["xkey"].split()}
    assert {f"article:{draft.pk}", f"section:{draft.section_id}", "home", "feeds"} <= purged


@pytest.mark.django_db
def test_a_save_succeeds_while_the_cdn_is_down(fake_cdn, settings, caplog):
    fake_cdn()
    settings.CDN_PURGE_URL = ["http://127.0.0.1:9/"]
    article = ArticleFactory()
    with caplog.at_level(logging.WARNING, logger="public.cdn"):
        article.headline = "Saved while the CDN is down"
        article.save()
        assert cdn.purger.flush(timeout=15)
    article.refresh_from_db()
    assert article.headline == "Saved while the CDN is down"
    assert any("giving up" in r.getMessage() for r in caplog.records)
