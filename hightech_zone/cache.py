"""A data version that every write raises, so that cached pages never outlive the data.

Pages are cached under keys that include the version; a write makes every cached page stale
at once, in every process that shares the cache (Redis when REDIS_URL is set). The version is
raised immediately and again after the transaction commits: a page rendered by another
request while the write was still uncommitted would otherwise be cached under the new number.

Redis may be unreachable (config.redis_cache then answers like a miss). A write made
meanwhile cannot raise the version, so this process owes the bump and pays it on its first
cache access that succeeds again; pages cached before the outage are then never served. A
missing version (first use, evicted under allkeys-lru, Redis restarted) starts from the clock
in microseconds, never from 1, so it cannot equal the version an older page was stored with.
This module only invalidates; it holds no business rule.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "hightech_zone:data-version"

# True while this process holds a write whose bump did not reach the cache.
_owed = False


def fresh_version():
    return time.time_ns() // 1000


def data_version():
    """The current data version, or None when the cache cannot be reached."""
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, fresh_version(), timeout=None)
        version = cache.get(KEY)
    return _settle(version)


def get_versioned(key):
    """(current data version, value stored under key) in one round trip to the cache.

    The version is None when the cache cannot be reached: nothing may then be served or stored.
    """
    found = cache.get_many([KEY, key])
    version = found.get(KEY)
    if version is None:
        return data_version(), None
    if _owed:
        return _settle(version), None
    return version, found.get(key)


def _settle(version):
    """Pay an owed bump once the cache answers again; the version to use from now on."""
    if version is None or not _owed:
        return version
    return cache.get(KEY) if _bump() else version


def _bump():
    """Raise the version; False when the cache could not be reached (the bump is owed)."""
    global _owed
    try:
        done = cache.incr(KEY) is not None
    except ValueError:  # no version at all: a fresh one is newer than any stored page
        done = cache.add(KEY, fresh_version(), timeout=None) or cache.get(KEY) is not None
    # Any bump that lands makes every page cached so far stale, so it settles an owed one too.
    _owed = not done
    return done


def bump_data_version(**kwargs):
    _bump()
    transaction.on_commit(_bump)


def connect(models):
    for model in models:
        post_save.connect(bump_data_version, sender=model, dispatch_uid=f"bump-save-{model}")
        post_delete.connect(bump_data_version, sender=model, dispatch_uid=f"bump-del-{model}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                bump_data_version, sender=field.remote_field.through, dispatch_uid=f"bump-{field}"
            )
