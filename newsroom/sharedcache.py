"""The embedded default's cache: one cache on the machine's disk that every process
(gunicorn workers, ``manage.py`` commands, the shell) shares.

diskcache's Django backend: SQLite files of its own (never the site's database, whose
write lock an import holds for seconds), sharded so writers rarely wait on each other.
``bench/cache_backends.py`` measured it against Django's DatabaseCache and
FileBasedCache for our read pattern (see ``docs/architecture.md``, "Caching").
"""

import sqlite3
import time
from collections import defaultdict

from diskcache import DjangoCache, Timeout
from diskcache.core import EVICTION_POLICY


class SharedDiskCache(DjangoCache):
    """``diskcache.DjangoCache`` whose connections live as long as their thread, and
    whose ``get_many`` reads each shard once.

    Django closes every cache at the end of each request (``request_finished``); for
    diskcache that closes the SQLite connection of each shard, which the next request
    then reopens and configures again (a fraction of a millisecond per shard). The files
    stay consistent without it: SQLite commits every write.

    Django's ``get_many`` (diskcache has none of its own) reads key by key: a page's
    read-ahead of 45 keys made 45 SELECTs, 0.42 ms. Here one SELECT per shard holding
    any of them (8 shards), with diskcache's own row format and ``Disk.fetch``.
    """

    def close(self, **kwargs):
        pass

    def get_many(self, keys, version=None):
        """``{key: value}`` for those of ``keys`` (strings) present and not expired, as
        ``get`` finds them one by one. A shard that counts statistics or updates rows on
        a read (an eviction policy other than the default's), a timeout or a locked
        file: that shard's keys are read one by one as ``get`` reads them."""
        made = {self.make_key(key, version=version): key for key in keys}  # as diskcache's get
        fanout = self._cache
        by_shard = defaultdict(list)
        for db_key in made:
            by_shard[fanout._hash(db_key) % fanout._count].append(db_key)
        found = {}
        for index, db_keys in by_shard.items():
            shard = fanout._shards[index]
            rows = None
            if not shard.statistics and EVICTION_POLICY[shard.eviction_policy]["get"] is None:
                rows = _read_shard(shard, db_keys)
            if rows is None:  # the slow path: diskcache's own, key by key
                for db_key in db_keys:
                    value = fanout.get(db_key, _ABSENT, retry=True)
                    if value is not _ABSENT:
                        found[made[db_key]] = value
                continue
            found.update((made[db_key], value) for db_key, value in rows.items())
        return found


_ABSENT = object()


def _read_shard(shard, db_keys):
    """``{db key: value}`` of ``db_keys`` (strings, stored raw) in ``shard`` (a
    ``diskcache.Cache``), in one SELECT as ``Cache.get``'s fast path reads one; None
    when the shard cannot be read now (the caller falls back to ``get``)."""
    wanted = {}
    for db_key in db_keys:
        stored_key, raw = shard._disk.put(db_key)
        if not raw:
            return None  # a key diskcache pickles: not one Django makes
        wanted[stored_key] = db_key
    marks = ", ".join("?" * len(wanted))
    select = (
        f"SELECT key, mode, filename, value FROM Cache WHERE key IN ({marks}) AND raw = 1"  # noqa: S608 -- "?" only
        " AND (expire_time IS NULL OR expire_time > ?)"
    )
    try:
        rows = shard._sql(select, (*wanted, time.time())).fetchall()
    except (Timeout, sqlite3.OperationalError):
        return None
    values = {}
    for stored_key, mode, filename, db_value in rows:
        try:
            values[wanted[stored_key]] = shard._disk.fetch(mode, filename, db_value, False)
        except OSError:
            continue  # deleted between the SELECT and reading its file: missing
    return values
