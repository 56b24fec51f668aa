"""Django's Redis cache backend, with one Redis client per connection pool.

``django.core.cache.backends.redis.RedisCacheClient.get_client`` builds a new
``redis.Redis`` for every operation (Django 5.2). Building one fills its table of some
170 response callbacks: 0.2-0.3 ms, more than the round trip to a local Redis, paid on
every cache read of a page (issue 13: a warm article read 11 keys that way). A
``redis.Redis`` holds no connection of its own (it borrows one from the pool for each
command) and is safe to share between threads, so one per pool is kept and reused.
Everything else is Django's backend unchanged.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    """``RedisCacheClient`` whose ``get_client`` returns the same ``redis.Redis`` for a
    pool every time."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """``BACKEND`` for Redis (``REDIS_URL``): Django's, reusing its clients."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
