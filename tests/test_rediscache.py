"""newsroom.rediscache: Django's Redis backend, reusing one client per pool (runs where
the suite runs on Redis: REDIS_URL)."""

import pytest

from newsroom.rediscache import RedisCache


@pytest.fixture
def redis_cache():
    from django.core.cache import caches

    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        pytest.skip("the suite runs on the embedded cache (no REDIS_URL)")
    return backend


def test_every_operation_uses_the_same_client(redis_cache):
    client = redis_cache._cache.get_client()
    redis_cache.set("rediscache-test", 1, 10)
    assert redis_cache.get_many(["rediscache-test"]) == {"rediscache-test": 1}
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client  # one server: one pool


def test_values_round_trip_as_with_djangos_backend(redis_cache):
    redis_cache.set_many({"a-rediscache": {"x": [1, 2]}, "b-rediscache": 7}, 10)
    assert redis_cache.get_many(["a-rediscache", "b-rediscache", "c-rediscache"]) == {
        "a-rediscache": {"x": [1, 2]},
        "b-rediscache": 7,
    }
    assert redis_cache.incr("b-rediscache") == 8
