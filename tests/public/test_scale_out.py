"""Two app servers sharing one PostgreSQL and one Redis: what an editor publishes through
one is what readers get from the other, on the very next request (no stale cache).

Runs in CI's PostgreSQL + Redis pass; skipped on the embedded SQLite default.
"""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import global_settings, settings
from django.db import connection

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, role

ROOT = Path(__file__).resolve().parents[2]
needs_servers = pytest.mark.skipif(
    connection.vendor != "postgresql" or not settings.REDIS_URL,
    reason="scale-out test needs DATABASE_URL=postgres://… and REDIS_URL (CI's second pass sets both)",
)
pytestmark = [needs_servers, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _real_password_hasher(settings):
    """The servers run the production settings, which cannot read the fast MD5 hashes
    the rest of the suite uses (tests/conftest.py): the editor's password must be
    hashed as production hashes it to log in there."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def two_servers(tmp_path):
    env = dict(
        os.environ,
        DATABASE_URL=_database_url(),
        REDIS_URL=settings.REDIS_URL,
        PAGE_CACHE_SECONDS="300",
        ALLOWED_HOSTS="127.0.0.1",
        MEDIA_ROOT=str(tmp_path / "media"),
        DEBUG="0",
    )
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    procs, bases = [], []
    try:
        for _ in range(2):
            port = _free_port()
            procs.append(
                subprocess.Popen(
                    [
                        gunicorn,
                        "newsroom.wsgi:application",
                        "--workers",
                        "1",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--log-level",
                        "warning",
                    ],
                    cwd=ROOT,
                    env=env,
                    start_new_session=True,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        for base in bases:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2).read()
                    break
                except OSError:
                    # A real wait: gunicorn is another process booting Django; no clock to move.
                    time.sleep(0.2)
            else:
                raise AssertionError(f"{base} did not start")
        yield bases
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def _publish_through_admin(base, username, password, article_id):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/admin/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/admin/"}
    headers = {"Referer": base + "/admin/login/"}
    opener.open(urllib.request.Request(base + "/admin/login/", urllib.parse.urlencode(form).encode(), headers))
    changelist = base + "/admin/articles/article/"
    page = opener.open(changelist).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"action": "publish_selected", "_selected_action": str(article_id), "csrfmiddlewaretoken": token}
    opener.open(urllib.request.Request(changelist, urllib.parse.urlencode(form).encode(), {"Referer": changelist}))


def test_publishing_through_one_server_is_seen_through_the_other(two_servers, django_user_model):
    writer_server, reader_server = two_servers
    editor = django_user_model.objects.create_user("scale-editor", password="scale-pw-Only-4-tests", is_staff=True)
    editor.groups.add(role("Editor"))
    author = AuthorFactory(name="Scale Reporter")
    ArticleFactory(headline="Already live story", authors=[author])
    draft = ArticleFactory(
        headline="Freshly published scoop", status=Article.Status.DRAFT, published_at=None, authors=[author]
    )
    url = f"/news/politics/{draft.slug}"
    surfaces = ["/", "/news/politics", "/news", "/rss"]

    # Warm the shared cache through the reading server: the draft is nowhere.
    for path in surfaces:
        status, body = _get(reader_server + path)
        assert status == 200, path
        assert "Already live story" in body
        assert "Freshly published scoop" not in body, path
    assert _get(reader_server + url)[0] == 404

    _publish_through_admin(writer_server, "scale-editor", "scale-pw-Only-4-tests", draft.pk)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED

    # The next request to the other server shows it everywhere.
    status, body = _get(reader_server + url)
    assert status == 200
    assert "Freshly published scoop" in body
    for path in surfaces:
        status, body = _get(reader_server + path)
        assert "Freshly published scoop" in body, path
