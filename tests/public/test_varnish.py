"""Varnish in front of a live gunicorn, configured by deploy/varnish/newsroom.vcl
(``public.cdn.varnish_vcl``): a publish reaches every page that shows it through
Varnish within a second (purged by surrogate key), while unrelated pages stay cached;
a beacon flood from one reader is turned away by Varnish (429) while other readers'
beacons and pages pass.

Needs ``varnishd`` with varnish-modules (xkey, vsthrottle): CI installs them
(.ci/run) and sets CI=1, where a missing varnishd fails instead of skipping.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import global_settings, settings
from django.db import connection

from articles.models import Article, DailyReadCount
from public.cdn import varnish_vcl
from tests.factories import ArticleFactory, AuthorFactory, BreakingItemFactory, role, section
from tests.public.test_scale_out import _publish_through_admin

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.skipif(
        shutil.which("varnishd") is None and not os.environ.get("CI"),
        reason="varnishd is not installed here (apt-get install varnish varnish-modules); CI installs it",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
AGENT = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0"


@pytest.fixture(autouse=True)
def _real_password_hasher(settings):
    """The server runs outside this process and cannot read the suite's fast MD5 hashes."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _wait_for(url, what):
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            # A real wait: another process is starting; there is no clock to move.
            time.sleep(0.2)
    raise AssertionError(f"{what} did not answer {url}")


def _stop(proc):
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture
def stack(tmp_path):
    """Start gunicorn and Varnish in front of it: ``start(trusted=[...], beacon_limit=n,
    tarpit=seconds)`` returns Varnish's base URL. ``trusted`` is TRUSTED_PROXIES for both,
    as a deployment sets it (Varnish's own address, 127.0.0.1, plus any proxy in front of
    Varnish), unless ``front_trusted`` gives Varnish's own list; ``tarpit`` is how long a
    refused beacon waits."""
    procs = []
    # varnishd reads its files as the unprivileged user it drops to: a world-readable folder.
    folder = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
    folder.chmod(0o755)

    def start(trusted=("127.0.0.1/32",), front_trusted=None, beacon_limit=60, tarpit=1.0, **app_env):
        backend, front = _free_port(), _free_port()
        env = dict(
            os.environ,
            DATABASE_URL=_database_url(),
            PAGE_CACHE_SECONDS="300",
            ALLOWED_HOSTS="127.0.0.1",
            MEDIA_ROOT=str(tmp_path / "media"),
            DEBUG="0",
            TRUSTED_PROXIES=",".join(trusted),
            CDN_PURGE_URL=f"http://127.0.0.1:{front}/",
            CDN_PURGE_STYLE="xkey",
            **app_env,
        )
        if settings.REDIS_URL:
            env["REDIS_URL"] = settings.REDIS_URL
        else:  # the embedded default: the disk cache of this test run, shared as workers share it
            env["CACHE_DIR"] = str(settings.CACHES["default"]["LOCATION"])
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        # One worker: without Redis its cache is its own, and all of the app's.
        cmd = [gunicorn, "newsroom.wsgi:application", "--workers", "1", "--bind", f"127.0.0.1:{backend}"]
        procs.append(subprocess.Popen([*cmd, "--log-level", "warning"], cwd=ROOT, env=env, start_new_session=True))
        vcl = folder / "site.vcl"
        in_front = trusted if front_trusted is None else front_trusted
        vcl.write_text(varnish_vcl(("127.0.0.1", backend), trusted=in_front, beacon_limit=beacon_limit, tarpit=tarpit))
        vcl.chmod(0o644)
        varnishd = ["varnishd", "-F", "-n", str(folder / "state"), "-a", f"127.0.0.1:{front}", "-f", str(vcl)]
        varnishd += ["-s", "malloc,32m", "-T", "127.0.0.1:0"]
        procs.append(subprocess.Popen(varnishd, cwd=folder, start_new_session=True, stdout=subprocess.DEVNULL))
        _wait_for(f"http://127.0.0.1:{backend}/healthz", "gunicorn")
        _wait_for(f"http://127.0.0.1:{front}/healthz", "varnishd")
        return f"http://127.0.0.1:{front}"

    try:
        yield start
    finally:
        for proc in procs:
            _stop(proc)
        shutil.rmtree(folder, ignore_errors=True)


def request(base, path, *, method="GET", source="127.0.0.1", headers=None, body=None):
    """(status, headers, body text) of one request to ``base`` from the local address ``source``
    (any 127.x.y.z: each is another reader to Varnish)."""
    port = int(base.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    try:
        conn.request(method, path, body=body, headers={"User-Agent": AGENT, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def test_a_publish_reaches_its_pages_through_varnish_within_a_second(stack, django_user_model):
    base = stack()
    editor = django_user_model.objects.create_user("cdn-editor", password="cdn-pw-Only-4-tests", is_staff=True)
    editor.groups.add(role("Editor"))
    author = AuthorFactory(name="Edge Reporter")
    politics, opinion = section("news/politics"), section("articles/opinion")
    ArticleFactory(headline="Already live politics story", section=politics, authors=[author]).tags.add("Syria")
    unrelated = ArticleFactory(headline="An unrelated opinion piece", section=opinion, authors=[AuthorFactory()])
    draft = ArticleFactory(
        headline="Freshly published scoop",
        section=politics,
        status=Article.Status.DRAFT,
        published_at=None,
        authors=[author],
    )
    draft.tags.add("Syria")
    surfaces = ["/", politics.get_absolute_url(), "/tag/syria", "/rss", "/atom"]

    # Varnish holds every page, none of which shows the draft.
    for path in [*surfaces, unrelated.get_absolute_url()]:
        for _ in range(2):
            status, headers, body = request(base, path)
        assert status == 200, path
        assert headers["X-Cache"] == "HIT", path
        assert "Freshly published scoop" not in body, path

    _publish_through_admin(base, "cdn-editor", "cdn-pw-Only-4-tests", draft.pk)
    published = time.monotonic()
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED

    waiting = set(surfaces)
    while waiting and time.monotonic() - published < 1.0:
        for path in sorted(waiting):
            if "Freshly published scoop" in request(base, path)[2]:
                waiting.discard(path)
    assert not waiting, f"still stale through Varnish a second after the publish: {sorted(waiting)}"
    status, headers, body = request(base, draft.get_absolute_url())
    assert status == 200 and "Freshly published scoop" in body
    # The unrelated article was not purged: Varnish still answers it from its cache.
    status, headers, body = request(base, unrelated.get_absolute_url())
    assert headers["X-Cache"] == "HIT"
    assert int(headers["Age"]) >= 0 and "An unrelated opinion piece" in body


def test_a_ticker_change_reaches_cached_pages_through_varnish_without_purging_them(stack, settings):
    base = stack()
    settings.CDN_PURGE_URL = [base + "/"]  # this process makes the change, and purges
    BreakingItemFactory(text="Talks open in Geneva")
    article = ArticleFactory(headline="A story in the cache")
    pages = ["/", article.get_absolute_url()]
    for path in pages:
        for _ in range(2):
            status, headers, body = request(base, path)
        assert headers["X-Cache"] == "HIT" and "Talks open in Geneva" in body, path

    BreakingItemFactory(text="Ceasefire announced")
    changed = time.monotonic()
    waiting = set(pages)
    while waiting and time.monotonic() - changed < 1.0:
        for path in sorted(waiting):
            status, headers, body = request(base, path)
            if "Ceasefire announced" in body:
                # Varnish assembled the kept page with the new ticker (ESI): no page was purged.
                assert headers["X-Cache"] == "HIT", path
                waiting.discard(path)
    assert not waiting, f"the old ticker a second after the change: {sorted(waiting)}"


def _beacon(base, article_id, token, *, source, forwarded=None):
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    return request(base, f"/beacon/view/{article_id}", method="POST", source=source, headers=headers, body=f"t={token}")


def test_a_beacon_flood_is_turned_away_by_varnish_while_others_pass(stack):
    # 127.0.0.4 is a trusted proxy (a load balancer) in front of Varnish.
    base = stack(trusted=("127.0.0.1/32", "127.0.0.4/32"), beacon_limit=10, tarpit=0.2)
    article = ArticleFactory(headline="A story worth reading")
    status, _, page = request(base, article.get_absolute_url(), source="127.0.0.5")
    assert status == 200
    token = re.search(r'data-beacon-token="([^"]+)"', page).group(1)

    # One reader floods, changing its X-Forwarded-For each time (believed from nobody).
    answers, waits = [], []
    for n in range(30):
        started = time.monotonic()
        answers.append(_beacon(base, article.pk, token, source="127.0.0.2", forwarded=f"198.51.100.{n}"))
        waits.append(time.monotonic() - started)
    statuses = [status for status, _, _ in answers]
    assert statuses[:10] == [204] * 10
    assert statuses[10:] == [429] * 20
    # Each refusal is held a moment (the tarpit): a flood's connections crawl.
    assert min(waits[10:]) >= 0.2
    assert answers[-1][1]["Retry-After"] == "60"
    # Varnish answered those itself: gunicorn never saw them.
    assert all(h["Server"] != "gunicorn" and "X-Varnish" in h for s, h, _ in answers if s == 429)
    assert all(h["Server"] == "gunicorn" for s, h, _ in answers if s == 204)

    # Another reader's beacon, and the flooder's own page views, still pass.
    assert _beacon(base, article.pk, token, source="127.0.0.3")[0] == 204
    assert request(base, article.get_absolute_url(), source="127.0.0.2")[0] == 200
    assert request(base, "/", source="127.0.0.2")[0] == 200

    # Behind the trusted proxy, readers are told apart by what it forwarded.
    flood = [_beacon(base, article.pk, token, source="127.0.0.4", forwarded="203.0.113.7")[0] for _ in range(15)]
    assert flood[:10] == [204] * 10 and flood[10:] == [429] * 5
    assert _beacon(base, article.pk, token, source="127.0.0.4", forwarded="203.0.113.8")[0] == 204
    # ...and what a client wrote before the proxy's entry is ignored.
    spoofed = _beacon(base, article.pk, token, source="127.0.0.4", forwarded="10.9.9.9, 203.0.113.7")
    assert spoofed[0] == 429


def test_the_app_counts_the_reader_varnish_found(stack):
    # Varnish connects to gunicorn from 127.0.0.1, which the app trusts: a reader who
    # also connects from 127.0.0.1 must not have its made-up X-Forwarded-For believed
    # behind Varnish (each made-up address would count as one more read).
    # Nothing in front of Varnish; every counted read is written at once.
    base = stack(front_trusted=(), BEACON_FLUSH_SECONDS="0")
    article = ArticleFactory(headline="A story worth reading")
    token = re.search(r'data-beacon-token="([^"]+)"', request(base, article.get_absolute_url())[2]).group(1)
    for n in range(10):
        assert _beacon(base, article.pk, token, source="127.0.0.1", forwarded=f"198.51.100.{n}")[0] == 204
    assert sum(DailyReadCount.objects.filter(article=article).values_list("reads", flat=True)) == 1
