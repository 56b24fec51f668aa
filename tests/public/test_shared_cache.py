"""One cache for every process on the machine (issue 13, part 1): a gunicorn with two
workers and the test process (an editor, or ``manage.py import_articles`` run as its own
process) share the site's database and cache, as the embedded default runs in production.

With a per-process cache, half the readers kept an unpublished page for a cache lifetime,
a renamed story's old address kept its old page, and an import never reached the server.
Runs on the embedded default (SQLite + the shared disk cache) and on PostgreSQL + Redis.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from articles.models import Article
from tests.factories import ArticleFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
# Enough requests that both workers answer some (each takes connections as it is free).
ROUNDS = 12


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(tmp_path):
    """The servers' (and commands') environment: this test's database and cache."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        database_url = f"sqlite:///{db['NAME']}"
    else:
        database_url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        PAGE_CACHE_SECONDS="300",
        ALLOWED_HOSTS="127.0.0.1",
        MEDIA_ROOT=str(tmp_path / "media"),
        DEBUG="0",
    )
    cache = settings.CACHES["default"]
    if settings.REDIS_URL:
        env.update(REDIS_URL=settings.REDIS_URL, CACHE_KEY_PREFIX=cache.get("KEY_PREFIX", ""))
    else:
        env.pop("REDIS_URL", None)
        env["CACHE_DIR"] = cache["LOCATION"]
    return env


@pytest.fixture
def server(tmp_path):
    """One gunicorn with two workers; yields (base URL, environment)."""
    env = _environment(tmp_path)
    port = _free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "newsroom.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    proc = subprocess.Popen([*command, "--log-level", "warning"], cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                # A real wait: gunicorn is another process booting Django; no clock to move.
                time.sleep(0.2)
        else:
            raise AssertionError("gunicorn did not start")
        yield base, env
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _get(url):
    """(status, body, pid of the worker that answered) without following redirects."""
    try:
        with _opener.open(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _everyone_sees(url, rounds=ROUNDS):
    return [_get(url) for _ in range(rounds)]


def test_an_unpublished_story_is_gone_for_every_worker(server):
    base, _ = server
    article = ArticleFactory(headline="Soon withdrawn")
    url = base + article.get_absolute_url()
    assert {status for status, _ in _everyone_sees(url)} == {200}  # cached by both workers
    assert all("Soon withdrawn" in body for _, body in _everyone_sees(base + "/"))

    article.status = Article.Status.UNPUBLISHED
    article.save()

    assert {status for status, _ in _everyone_sees(url)} == {404}
    assert not any("Soon withdrawn" in body for _, body in _everyone_sees(base + "/"))


def test_a_renamed_story_old_address_stops_serving_the_old_page(server):
    base, _ = server
    article = ArticleFactory(headline="Old headline")
    old = base + article.get_absolute_url()
    assert {status for status, _ in _everyone_sees(old)} == {200}

    article.headline, article.slug = "New headline", "new-headline"
    article.save()

    answers = _everyone_sees(old)
    assert {status for status, _ in answers} == {301}
    assert all("New headline" in body for _, body in _everyone_sees(base + article.get_absolute_url()))


def test_an_import_run_as_a_command_reaches_the_running_server(server, tmp_path):
    base, env = server
    ArticleFactory(headline="Already on the site")
    assert all("Already on the site" in body for _, body in _everyone_sees(base + "/"))
    assert all("Imported overnight" not in body for _, body in _everyone_sees(base + "/news/politics"))
    record = {
        "url": "/news/politics/imported-overnight",
        "headline": "Imported overnight",
        "body_html": "<p>Text.</p>",
        "published_at": "2024-05-01T08:00:00+03:00",
        "authors": ["Desk"],
    }
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n")

    subprocess.run(
        [sys.executable, "manage.py", "import_articles", str(path)], cwd=ROOT, env=env, check=True, capture_output=True
    )

    assert all("Imported overnight" in body for _, body in _everyone_sees(base + "/news/politics"))
    assert all("Imported overnight" in body for _, body in _everyone_sees(base + "/"))
