#!/usr/bin/env python3
"""Which shared cache for the embedded default (no REDIS_URL): database or files?

Replays the read pattern of a public request against Django's DatabaseCache (a table in
the site's SQLite database, WAL mode, as the embedded default runs) and FileBasedCache
(one file per key), in one process:

- page hit: one ``get`` of a stored page (~60 KB), then one ``get_many`` of its ~25
  dependency versions and the ticker block;
- page miss: the same two reads, one ``get_many`` of four chrome fragments, a store
  (``set``) of the page;
- and the write an import does meanwhile: an open write transaction on the site's
  database (how long a page miss waits for it decides the DB cache's worst case).

    python bench/cache_backends.py [--n 2000] [--entries 3000]

Prints median and p95 microseconds per request pattern for each backend.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(work):
    os.environ["DATABASE_URL"] = f"sqlite:///{work}/db.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "db": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "bench_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        "diskcache": {
            "BACKEND": "diskcache.DjangoCache",
            "LOCATION": f"{work}/diskcache",
            "SHARDS": 8,
            "OPTIONS": {"size_limit": 2**30},
        },
        "file": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": f"{work}/files",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
    }
    from django.core.cache import caches
    from django.core.management import call_command

    caches._settings = caches.settings = caches.configure_settings(None)
    call_command("createcachetable", "bench_cache", verbosity=0)


def measure(cache, n, entries):
    page = b"<p>" + os.urandom(30000).hex().encode()  # ~60 KB
    deps = [f"dep:article:{i}" for i in range(25)]
    cache.set_many({k: time.time_ns() for k in deps}, None)
    cache.set("block:ticker", (1, 2, "<section>ticker</section>" * 20), None)
    for i in range(entries):  # a realistically full cache
        cache.set(f"page:{i}", (page, "text/html", 0.0, 300), None)
    chrome = [f"frag:{k}" for k in ("sections", "regions", "most-read", "next")]
    cache.set_many({k: list(range(200)) for k in chrome}, None)
    hit, miss = [], []
    for i in range(n):
        t = time.perf_counter()
        cache.get(f"page:{i % entries}")
        cache.get_many(deps + ["block:ticker"])
        hit.append((time.perf_counter() - t) * 1e6)
        t = time.perf_counter()
        cache.get(f"absent:{i}")
        cache.get_many(deps[:6] + ["block:ticker"])
        cache.get_many(chrome)
        cache.get_many(deps)
        cache.set(f"page:new:{i}", (page, "text/html", 0.0, 300), 300)
        miss.append((time.perf_counter() - t) * 1e6)
    return hit, miss


def blocked_miss(cache, connection_factory):
    """How long a page miss's store waits while another connection holds the database's
    write lock for 1 s (an import chunk): the DB cache writes into that same database."""
    from django.db import connections

    started = threading.Event()

    def writer():
        conn = connections.create_connection("default")
        conn.ensure_connection()
        with conn.cursor() as cursor:
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("CREATE TABLE IF NOT EXISTS bench_lock (x int)")
            started.set()
            time.sleep(1)
            cursor.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    started.wait()
    t = time.perf_counter()
    cache.set("page:during-import", b"x" * 1000, 300)
    waited = (time.perf_counter() - t) * 1000
    thread.join()
    return waited


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        configure(work)
        from django.core.cache import caches
        from django.core.management import call_command

        call_command("migrate", verbosity=0, run_syncdb=False)
        for name in ("diskcache", "file", "db"):
            hit, miss = measure(caches[name], args.n, args.entries)
            waited = blocked_miss(caches[name], None)
            print(
                f"{name:5} page hit  median {statistics.median(hit):7.0f} µs  p95 {sorted(hit)[int(len(hit) * 0.95)]:7.0f} µs"
                f" | page miss (cache part) median {statistics.median(miss):7.0f} µs  p95 {sorted(miss)[int(len(miss) * 0.95)]:7.0f} µs"
                f" | store during a 1 s import transaction waited {waited:6.0f} ms"
            )


if __name__ == "__main__":
    main()
