"""The embedded default's shared disk cache (``newsroom.sharedcache``): its batched
``get_many`` finds what ``get`` finds key by key (issue 13: a page's read-ahead of 45
keys made 45 SELECTs)."""

import os
import time

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.skipif(bool(os.environ.get("REDIS_URL")), reason="the embedded default's disk cache")


@pytest.fixture(autouse=True)
def _empty():
    cache.clear()
    yield
    cache.clear()


def test_the_disk_cache_reads_many_keys_as_it_reads_each():
    """Large values kept in files of their own, deleted and never-set keys included."""
    values = {f"many:{i}": ("card", i, "x" * (i * 10)) for i in range(40)}
    cache.set_many(values, 60)
    cache.set("many:big", "y" * 200_000, 60)  # kept in a file of its own
    cache.set("many:gone", 1, 60)
    cache.delete("many:gone")
    keys = [*values, "many:big", "many:gone", "many:never"]
    found = cache.get_many(keys)
    assert found == {k: cache.get(k) for k in keys if cache.get(k) is not None}
    assert set(found) == {*values, "many:big"}
    assert len(found["many:big"]) == 200_000


def test_the_disk_cache_leaves_out_expired_keys_read_together(time_machine):
    time_machine.move_to(time.time(), tick=False)
    cache.set("soon:a", "a", 5)
    cache.set("soon:b", "b", 600)
    assert cache.get_many(["soon:a", "soon:b"]) == {"soon:a": "a", "soon:b": "b"}
    time_machine.move_to(time.time() + 10, tick=False)
    assert cache.get_many(["soon:a", "soon:b"]) == {"soon:b": "b"}
    assert cache.get("soon:a") is None
