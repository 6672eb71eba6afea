"""A data version that every write raises, so that cached pages never outlive the data.

Pages are cached under keys that include the version; a write makes every cached page stale
at once, in every process that shares the cache (Redis when REDIS_URL is set). The version is
raised immediately and again after the transaction commits: a page rendered by another
request while the write was still uncommitted would otherwise be cached under the new number.
This module only invalidates; it holds no business rule.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "hightech_zone:data-version"


def data_version():
    version = cache.get(KEY)
    if version is None:
        cache.add(KEY, 1, timeout=None)
        version = cache.get(KEY, 1)
    return version


def get_versioned(key):
    """(current data version, value stored under key) in one round trip to the cache."""
    found = cache.get_many([KEY, key])
    version = found.get(KEY)
    if version is None:
        version = data_version()
    return version, found.get(key)


def _incr():
    try:
        cache.incr(KEY)
    except ValueError:  # the key expired or the cache was flushed
        cache.set(KEY, 1, timeout=None)


def bump_data_version(**kwargs):
    _incr()
    transaction.on_commit(_incr)


def connect(models):
    for model in models:
        post_save.connect(bump_data_version, sender=model, dispatch_uid=f"bump-save-{model}")
        post_delete.connect(bump_data_version, sender=model, dispatch_uid=f"bump-del-{model}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                bump_data_version, sender=field.remote_field.through, dispatch_uid=f"bump-{field}"
            )
