"""The embedded default's cache: one cache on the machine's disk that every process
(gunicorn workers, ``manage.py`` commands, the shell) shares.

diskcache's Django backend: SQLite files of its own (never the site's database, whose
write lock an import holds for seconds), sharded so writers rarely wait on each other.
``bench/cache_backends.py`` measured it against Django's DatabaseCache and
FileBasedCache for our read pattern (see ``docs/architecture.md``, "Caching").
"""

from diskcache import DjangoCache


class SharedDiskCache(DjangoCache):
    """``diskcache.DjangoCache`` whose connections live as long as their thread.

    Django closes every cache at the end of each request (``request_finished``); for
    diskcache that closes the SQLite connection of each shard, which the next request
    then reopens and configures again (a fraction of a millisecond per shard). The files
    stay consistent without it: SQLite commits every write.
    """

    def close(self, **kwargs):
        pass
