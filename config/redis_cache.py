"""Django's Redis cache backend, made optional at run time and keeping one client per pool.

Redis only holds cached pages, so losing it must cost speed, never a page or a save. Every
cache call here answers what a miss answers when Redis is refused, hangs or errs (get →
default, get_many → {}, add/set/delete/touch → False, incr → None, which a caller can tell
from a number), after short socket timeouts instead of redis-py's 5 s. After a connection
failure the process skips Redis for ``breaker_seconds`` (a circuit breaker), so a Redis that
hangs costs one request a timeout every few seconds instead of every request; then one call
tries again. Each process warns at most once a minute on the ``hightech_zone.cache`` logger.

Django's own client also builds a new redis.Redis object for every cache call; with redis-py 8
that costs about 0.2 ms, as much as the round trip itself, on every cached page. redis.Redis
objects are thread-safe and share their pool, so one per pool is enough.

django-redis's IGNORE_EXCEPTIONS returns the same defaults, but it logs every failure, has no
breaker (so a hanging Redis costs each request its timeouts: see docs/benchmarks.md) and would
be one more dependency for what is about forty lines here.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("hightech_zone.cache")

# A Redis on the private network answers in well under a millisecond; these bound what a
# hanging one can cost a request (redis-py's defaults are 5 s each).
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
BREAKER_SECONDS = 5.0
WARN_EVERY_SECONDS = 60.0


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class Health:
    """What one process knows about one Redis: Django builds a cache object per thread, and
    they all share this, so one thread's failure opens the breaker for all of them."""

    def __init__(self, name, breaker_seconds):
        self.name = name
        self.breaker_seconds = breaker_seconds
        self.skip_until = 0.0  # monotonic time before which Redis is not asked
        self.failing = False
        self.warned_at = None
        self.lock = threading.Lock()

    def skipping(self):
        return self.skip_until and time.monotonic() < self.skip_until

    def failed(self, error, *, unreachable):
        now = time.monotonic()
        with self.lock:
            self.failing = True
            if unreachable:
                self.skip_until = now + self.breaker_seconds
            if self.warned_at is not None and now - self.warned_at < WARN_EVERY_SECONDS:
                return
            self.warned_at = now
        logger.warning(
            "Redis cache %s failed (%s: %s); pages are served uncached, Redis is tried again "
            "every %g s (this warning repeats at most once a minute)",
            self.name,
            type(error).__name__,
            error,
            self.breaker_seconds,
        )

    def succeeded(self):
        if self.failing:
            with self.lock:
                self.failing, self.skip_until = False, 0.0
            logger.warning("Redis cache %s answers again", self.name)


_health = {}
_health_lock = threading.Lock()


def health_of(name, breaker_seconds):
    with _health_lock:
        return _health.setdefault((name, breaker_seconds), Health(name, breaker_seconds))


def location_name(server):
    """host:port/db of a Redis URL, without its password, for the log."""
    address = server.split("://", 1)[-1].rsplit("@", 1)[-1]
    return address.split("?", 1)[0]


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        breaker_seconds = float(options.pop("breaker_seconds", BREAKER_SECONDS))
        super().__init__(server, {**params, "OPTIONS": {**DEFAULT_OPTIONS, **options}})
        self._class = ReusingRedisCacheClient
        name = ",".join(location_name(s) for s in self._servers)
        self.health = health_of(name, breaker_seconds)

    def _guarded(self, failed, call, *args, **kwargs):
        if self.health.skipping():
            return failed
        try:
            result = call(*args, **kwargs)
        except (RedisConnectionError, RedisTimeoutError) as error:
            self.health.failed(error, unreachable=True)
            return failed
        except RedisError as error:  # e.g. OOM when maxmemory is reached under noeviction
            self.health.failed(error, unreachable=False)
            return failed
        self.health.succeeded()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        """The new value; None when Redis could not be reached. ValueError if key is missing."""
        return self._guarded(None, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guarded(None, super().delete_many, keys, version)

    def clear(self):
        return self._guarded(False, super().clear)
