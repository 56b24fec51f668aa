"""Two imports of the same file at once, in two real processes, while readers' beacons
write read counts: each import reports what it really did, nothing fails, nothing
answers 500 ("database is locked").

Runs on an SQLite file database (WAL, IMMEDIATE transactions, a busy timeout: the
settings of the embedded default) and, when the suite runs on PostgreSQL, on a fresh
PostgreSQL database beside the test database.
"""

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 450  # over two chunks of 200 (ingest.loader.CHUNK_SIZE)
SUMMARY = re.compile(r"(\d+) created, (\d+) updated, (\d+) unchanged, (\d+) failed")

# Posts beacons for every published article, from many client addresses, until told to
# stop; flushes each read at once so every beacon writes. Prints "statuses reads-counted".
BEACONS = """
import sys, time
from pathlib import Path
from django.test import Client, override_settings
from articles.models import Article, DailyReadCount
from public import readcount
stop = Path(sys.argv[1])
statuses, counted, n = {}, 0, 0
client = Client(raise_request_exception=False)
with override_settings(BEACON_FLUSH_SECONDS=0, BEACON_RATE_LIMIT=10**9):
    while not stop.exists():
        for pk in list(Article.objects.published().values_list("pk", flat=True)[:40]):
            n += 1
            response = client.post(
                f"/beacon/view/{pk}", {"t": readcount.make_token(pk)},
                REMOTE_ADDR=f"198.51.{n // 250 % 250}.{n % 250}", HTTP_USER_AGENT="Mozilla/5.0",
            )
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        time.sleep(0.01)
    left = sum(readcount.buffer.counts.values())
    stored = sum(DailyReadCount.objects.values_list("reads", flat=True))
print(statuses, stored, left)
"""


def line(n):
    return json.dumps(
        {
            "url": f"/news/politics/concurrent-{n}",
            "headline": f"Concurrent story {n}",
            "body_html": f"<p>Story {n}.</p>",
            "published_at": "2024-01-02T10:00:00+02:00",
            # Shared and new names: both runs create the same authors and tags at once.
            "authors": [f"Writer {n % 7}"],
            "tags": [f"Topic {n % 11}", f"Only {n}"],
        }
    )


def manage(env, *args, **kwargs):
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def finished(process, timeout=600):
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def two_imports_at_once(env, tmp_path, *, beacons=False):
    env = {**env, "CACHE_KEY_PREFIX": f"concurrency-{uuid.uuid4().hex[:8]}", "PYTHONUNBUFFERED": "1"}
    code, out, err = finished(manage(env, "migrate", "--noinput", "-v0"))
    assert code == 0, err
    data = tmp_path / "same.jsonl"
    data.write_text("\n".join(line(n) for n in range(ARTICLES)) + "\n")
    # A first published article, so the beacons have something to read from the start.
    first = tmp_path / "first.jsonl"
    first.write_text(line(-1) + "\n")
    code, out, err = finished(manage(env, "import_articles", str(first)))
    assert code == 0, err
    stop = tmp_path / "stop"
    reader = manage(env, "shell", "-c", BEACONS.replace("sys.argv[1]", repr(str(stop)))) if beacons else None
    runs = [manage(env, "import_articles", str(data)) for _ in range(2)]
    results = [finished(run) for run in runs]
    stop.touch()
    beacon_result = finished(reader) if reader else None
    return results, beacon_result


def assert_both_correct(results):
    created = 0
    for code, out, err in results:
        assert code == 0, f"exit {code}\n{out}\n{err}"
        assert "Traceback" not in err and "failed:" not in err, err
        numbers = SUMMARY.search(out)
        assert numbers, out
        c, u, same, failed = map(int, numbers.groups())
        assert failed == 0, err
        assert u == 0 and c + same == ARTICLES, out  # each story created here or found unchanged
        created += c
    assert created == ARTICLES, [r[1] for r in results]  # and created by exactly one of the two


def test_two_imports_and_beacons_at_once_on_sqlite(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    results, (code, out, err) = two_imports_at_once(env, tmp_path, beacons=True)
    assert_both_correct(results)
    assert code == 0, err
    statuses, stored, left = out.strip().splitlines()[-1].rsplit(" ", 2)
    assert statuses.startswith("{204: ") and statuses.count(":") == 1, out  # 204 only: no 500
    assert int(left) == 0, out  # every flush reached the database: none was refused as locked
    assert int(stored) > 0, out


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql", reason="PostgreSQL")
def test_two_imports_at_once_on_postgresql(tmp_path):
    url = os.environ["DATABASE_URL"]
    config = dj_database_url.parse(url)
    name = f"{config['NAME']}_concurrency_{uuid.uuid4().hex[:6]}"
    admin = {
        "host": config["HOST"],
        "port": config["PORT"],
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {**os.environ, "DATABASE_URL": url.rsplit("/", 1)[0] + "/" + name}
        results, _ = two_imports_at_once(env, tmp_path)
        assert_both_correct(results)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
