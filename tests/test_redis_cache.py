"""config.redis_cache on its own: a real Redis (127.0.0.1:6379, db 14), a closed port,
a Redis that errs, and the private parts of Django's Redis backend it builds on."""

import logging
import socket
import threading
import time

import pytest
import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

from config import redis_cache
from config.redis_cache import RedisCache, ReusingRedisCacheClient

REDIS = "redis://127.0.0.1:6379/14"


def closed_port_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{s.getsockname()[1]}/0"


@pytest.fixture
def up(request):
    """Our backend on the shared Redis, under a key prefix of its own, emptied afterwards."""
    prefix = f"test-redis-cache-{request.node.name}"
    backend = RedisCache(REDIS, {"KEY_PREFIX": prefix})
    backend.health = redis_cache.Health(backend.health.name, 5.0)  # no state from other tests
    yield backend
    raw = redis.Redis.from_url(REDIS)
    keys = raw.keys(f"{prefix}:*")
    if keys:
        raw.delete(*keys)


@pytest.fixture
def refused():
    """Our backend on a closed port, with the breaker off, so that every call tries Redis."""
    return RedisCache(closed_port_url(), {"OPTIONS": {"breaker_seconds": 0}})


# --- With Redis up, it is Django's Redis cache -----------------------------------------------


def test_every_cache_call_round_trips_through_redis(up):
    assert up.add("a", 1) is True
    assert up.add("a", 2) is False
    assert up.get("a") == 1
    up.set("b", {"页": "内容"})
    assert up.get_many(["a", "b", "missing"]) == {"a": 1, "b": {"页": "内容"}}
    assert up.incr("a", 5) == 6
    assert up.has_key("a") and not up.has_key("missing")
    assert up.touch("a", 60) is True
    assert up.set_many({"c": 3, "d": 4}) == []
    assert up.delete("c") is True and up.get("c") is None
    up.delete_many(["b", "d"])
    assert up.get_many(["b", "d"]) == {}


def test_values_are_stored_under_the_key_prefix_in_the_given_database(up):
    up.set("page", "内容")
    raw = redis.Redis.from_url(REDIS)
    assert raw.exists(up.make_key("page")) == 1
    assert up.make_key("page").startswith(f"{up.key_prefix}:")


def test_incr_of_a_missing_key_still_raises_value_error(up):
    with pytest.raises(ValueError):
        up.incr("missing")


def test_one_redis_client_serves_every_call_of_a_cache_object(up):
    client = up._cache
    assert type(client) is ReusingRedisCacheClient
    first = client.get_client("k")
    up.set("k", 1)
    assert client.get_client("k", write=True) is first  # one server: one pool, one client
    assert first.connection_pool is client._get_connection_pool(False)


def test_a_redis_answering_again_closes_the_breaker_and_says_so(up, caplog):
    up.health.failed(redis.ConnectionError("测试:断开"), unreachable=True)
    up.health.skip_until = 0.0  # the breaker's time is over
    with caplog.at_level(logging.WARNING, logger="hightech_zone.cache"):
        up.set("k", 1)
        up.get("k")
    assert not up.health.failing
    answered = [r.getMessage() for r in caplog.records if "answers again" in r.getMessage()]
    assert answered == [f"Redis cache {up.health.name} answers again"]


# --- With Redis away, every call answers what a miss answers ------------------------------------


def test_every_cache_call_answers_like_a_miss_when_redis_is_refused(refused):
    assert refused.get("k") is None
    assert refused.get("k", "默认") == "默认"
    assert refused.get_many(["k", "v"]) == {}
    assert refused.add("k", 1) is False
    assert refused.set("k", 1) is False
    assert refused.touch("k") is False
    assert refused.delete("k") is False
    assert refused.has_key("k") is False
    assert refused.incr("k") is None  # never a number, so a caller can tell
    assert refused.set_many({"k": 1, "v": 2}) == ["k", "v"]  # Django's "keys not stored"
    assert refused.delete_many(["k"]) is None
    assert refused.clear() is False


def test_a_refused_redis_opens_the_breaker_and_calls_skip_it_until_it_closes():
    backend = RedisCache(closed_port_url(), {"OPTIONS": {"breaker_seconds": 60}})
    assert backend.get("k", 0) == 0
    assert backend.health.skipping()
    tried = []

    def asked(*args, **kwargs):
        tried.append(1)
        raise redis.ConnectionError("测试:仍然拒绝")

    backend._cache.get_client = asked
    assert [backend.get("k", 0), backend.set("k", 1), backend.incr("k")] == [0, False, None]
    assert tried == []
    backend.health.skip_until = time.monotonic() - 1  # the breaker's time is over
    assert backend.get("k", 0) == 0  # one call tries Redis again
    assert tried == [1] and backend.health.skipping()


def test_the_breaker_is_shared_by_every_cache_object_of_the_same_redis():
    # Django builds one cache object per thread; one thread's timeout spares the others.
    url = closed_port_url()
    options = {"OPTIONS": {"breaker_seconds": 60}}
    RedisCache(url, options).get("k")
    others = []
    thread = threading.Thread(target=lambda: others.append(RedisCache(url, options).health))
    thread.start()
    thread.join()
    assert others[0].skipping()


def test_a_redis_error_answers_like_a_miss_without_opening_the_breaker(up):
    class Full:
        def __getattr__(self, name):
            def refuse(*args, **kwargs):
                raise redis.ResponseError("OOM command not allowed when used memory > 'maxmemory'")

            return refuse

    up._cache.get_client = lambda *a, **k: Full()
    assert up.set("k", 1) is False
    assert up.get("k", "默认") == "默认"
    assert up.health.failing and not up.health.skipping()


def test_a_refused_redis_is_warned_about_once_a_minute_without_its_password(caplog):
    port = closed_port_url().rsplit(":", 1)[1]
    backend = RedisCache(f"redis://:秘密@127.0.0.1:{port}/0", {"OPTIONS": {"breaker_seconds": 0}})
    with caplog.at_level(logging.WARNING, logger="hightech_zone.cache"):
        for _ in range(3):
            backend.get("k")
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"Redis cache 127.0.0.1:{port}/0 failed (ConnectionError")
    assert "秘密" not in warnings[0]


# --- Settings and the parts of Django it builds on ---------------------------------------------


def test_short_socket_timeouts_apply_unless_the_settings_give_others():
    default = RedisCache(REDIS, {})._cache._get_connection_pool(False).connection_kwargs
    assert (default["socket_connect_timeout"], default["socket_timeout"]) == (0.25, 0.5)
    given = RedisCache(REDIS, {"OPTIONS": {"socket_timeout": 2}})
    kwargs = given._cache._get_connection_pool(False).connection_kwargs
    assert (kwargs["socket_connect_timeout"], kwargs["socket_timeout"]) == (0.25, 2)
    assert "breaker_seconds" not in kwargs


def test_location_name_keeps_host_port_and_database_only():
    assert redis_cache.location_name("redis://user:pw@cache.internal:6379/2?x=1") == (
        "cache.internal:6379/2"
    )
    assert redis_cache.location_name("redis://127.0.0.1:6379") == "127.0.0.1:6379"


def test_django_still_has_the_private_parts_we_build_on():
    # redis_cache.py sets RedisCache._class and calls RedisCacheClient._get_connection_pool
    # and ._client; a Django upgrade that renames them must fail here, not in production.
    client = RedisCacheClient([REDIS])
    assert client._client is redis.Redis
    assert client._get_connection_pool(False) is client._get_connection_pool(True)
    backend = DjangoRedisCache(REDIS, {})
    assert backend._class is RedisCacheClient
    backend._class = ReusingRedisCacheClient
    assert type(backend._cache) is ReusingRedisCacheClient
