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
Each table has a version of its own besides (``table_versions``): a piece of a page that reads
only some tables (portal.fragments) stays valid while the others change. A write that names no
table (a migration, a restore) raises the version of every table at once.

This module only invalidates; it holds no business rule.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "hightech_zone:data-version"
TABLE_KEY = "hightech_zone:table-version:"
EVERY_TABLE = TABLE_KEY + "*"

# True while this process holds a write whose bump did not reach the cache.
_owed = False

# What read_together read for the request being answered: {key: value or _ABSENT}.
_read = ContextVar("hightech_zone_cache_read", default=None)
_ABSENT = object()


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


def _bump(tables=()):
    """Raise the data version and those of ``tables`` (every table's when a bump is owed);
    False when the cache could not be reached (the bump is then owed)."""
    global _owed
    keys = [KEY, *(table_key(model) for model in tables)]
    if _owed or not tables:
        keys.append(EVERY_TABLE)
    raised = [_raise(key) for key in keys]  # each key, even after one fails
    done = all(raised)
    # Any bump that lands on every key makes every piece cached so far stale, so it settles an
    # owed one too.
    _owed = not done
    return done


def _raise(key):
    try:
        return cache.incr(key) is not None
    except ValueError:  # no version at all: a fresh one is newer than any stored page
        return cache.add(key, fresh_version(), timeout=None) or cache.get(key) is not None


def table_key(model):
    return TABLE_KEY + model._meta.concrete_model._meta.label_lower


def table_versions(models, *, also=()):
    """(versions, values): the versions that pieces reading ``models``' tables are stored
    under (every table's, then each of those tables'), and the values stored under the keys
    ``also``, in one round trip, or none inside ``read_together`` for what it read. The
    versions are None when the cache cannot be reached or a bump is owed: nothing may then be
    served or stored."""
    keys = [EVERY_TABLE, *sorted({table_key(model) for model in models})]
    read = _read.get()
    if read is not None and all(key in read for key in (*keys, *also)):
        found = {key: read[key] for key in also if read[key] is not _ABSENT}
        return tuple(read[key] for key in keys), found
    return _table_versions(keys, also)


@contextmanager
def read_together(models, *, also=()):
    """Within the block, ``table_versions`` answers for ``models`` and the keys ``also`` from
    the one round trip made here: a page reads every version and piece it will use at once.

    The versions are read before the page reads the database, as each call would read them:
    a piece computed in the block from data written meanwhile is stored under the older
    versions, so the next request computes it again."""
    keys = [EVERY_TABLE, *sorted({table_key(model) for model in models})]
    versions, found = _table_versions(keys, also)
    read = None
    if versions is not None:
        read = dict(zip(keys, versions, strict=True))
        read.update({key: found.get(key, _ABSENT) for key in also})
    token = _read.set(read)
    try:
        yield
    finally:
        _read.reset(token)


def _table_versions(keys, also):
    if _owed and not _bump():
        return None, {}
    found = cache.get_many([*keys, *also])
    if any(key not in found for key in keys):
        for key in keys:
            if key not in found:
                cache.add(key, fresh_version(), timeout=None)
        found.update(cache.get_many(keys))
        if any(key not in found for key in keys):
            return None, {}
    return tuple(found.pop(key) for key in keys), found


def bump_data_version(sender=None, **kwargs):
    """Make stale what a write to ``sender``'s table changes (every table's when None); an
    m2m change also changes the tables at both ends."""
    tables = {sender} if sender is not None else set()
    if "pk_set" in kwargs:  # m2m_changed: the sender is the link table
        tables |= {type(kwargs["instance"]), kwargs["model"]}
    tables = tuple(tables)
    _bump(tables)
    transaction.on_commit(lambda: _bump(tables))


def connect(models):
    for model in models:
        post_save.connect(bump_data_version, sender=model, dispatch_uid=f"bump-save-{model}")
        post_delete.connect(bump_data_version, sender=model, dispatch_uid=f"bump-del-{model}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                bump_data_version, sender=field.remote_field.through, dispatch_uid=f"bump-{field}"
            )
