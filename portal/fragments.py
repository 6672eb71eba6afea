"""Pieces of public pages kept in the shared cache under the versions of the tables they read."""

import hashlib
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from hightech_zone import cache as versions_cache
from hightech_zone.cache import table_versions


def fragment(name, *key, tables, render):
    """The HTML that ``render()`` gives for ``name`` and ``key``, kept until a write to one of
    ``tables`` makes it stale (hightech_zone.cache raises their versions on every write path).

    ``tables`` names every model whose rows the render reads, links included: a table left
    out would keep a changed figure on the page. Without the cache (unreachable, a bump owed)
    or with FRAGMENT_CACHE_SECONDS = 0, every call renders."""
    return fragments(name, [key], tables=tables, render=lambda _key: render())[key]


def fragments(name, keys, *, tables, render):
    """{key: HTML} for each of ``keys``, as ``fragment`` keeps them: the kept ones in one round
    trip, the others rendered by ``render(key)`` and kept in another."""
    found = kept_many(name, keys, tables=tables, compute=lambda key: str(render(key)))
    return {key: mark_safe(html) for key, html in found.items()}


def kept(name, *key, tables, compute):
    """What ``compute()`` returns (anything the cache can pickle, None included), kept as
    ``fragment`` keeps HTML: a page's records that every request would otherwise query."""
    return kept_many(name, [key], tables=tables, compute=lambda _key: compute())[key]


def kept_many(name, keys, *, tables, compute):
    """{key: value} for each of ``keys``: one round trip reads the tables' versions with every
    kept value, each stored with the versions it was computed under and used only while they
    are current; the others are computed and kept in a second."""
    if not settings.FRAGMENT_CACHE_SECONDS or not keys:
        return {key: compute(key) for key in keys}
    language = get_language()
    names = {key: _cache_key(name, key, language) for key in keys}
    versions, found = table_versions(tables, also=list(names.values()))
    if versions is None:
        return {key: compute(key) for key in keys}
    values, computed = {}, {}
    for key, cache_key in names.items():
        entry = found.get(cache_key)
        if entry is not None and entry[0] == versions:
            values[key] = entry[1]
        else:
            values[key] = compute(key)
            computed[cache_key] = (versions, values[key])
    if computed:
        cache.set_many(computed, settings.FRAGMENT_CACHE_SECONDS)
    return values


@contextmanager
def read_together(pieces, *, tables=(), also=()):
    """Within the block, the pieces ``pieces`` ({name: (key, tables)}, as given to
    ``kept_many``) come with their tables' versions, the versions of ``tables`` and the keys
    ``also`` from one round trip, so that a page of several kept pieces reads them all at
    once."""
    if not settings.FRAGMENT_CACHE_SECONDS:
        yield
        return
    language = get_language()
    keys = [_cache_key(name, key, language) for name, (key, _tables) in pieces.items()]
    read = {table for _key, piece_tables in pieces.values() for table in piece_tables}
    with versions_cache.read_together({*read, *tables}, also=[*keys, *also]):
        yield


def _cache_key(name, key, language):
    digest = hashlib.sha256(repr((key, language)).encode()).hexdigest()
    return f"fragment:{name}:{digest}"
