"""Pieces of public pages kept in the shared cache under the versions of the tables they read."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from hightech_zone.cache import table_versions


def fragment(name, *key, tables, render):
    """The HTML that ``render()`` gives for ``name`` and ``key``, kept until a write to one of
    ``tables`` makes it stale (hightech_zone.cache raises their versions on every write path).

    ``tables`` names every model whose rows the render reads, links included: a table left
    out would keep a changed figure on the page. Without the cache (unreachable, a bump owed)
    or with FRAGMENT_CACHE_SECONDS = 0, every call renders."""
    if not settings.FRAGMENT_CACHE_SECONDS:
        return render()
    versions = table_versions(tables)
    if versions is None:
        return render()
    digest = hashlib.sha256(repr((key, get_language(), versions)).encode()).hexdigest()
    cache_key = f"fragment:{name}:{digest}"
    html = cache.get(cache_key)
    if html is None:
        html = str(render())
        cache.set(cache_key, html, settings.FRAGMENT_CACHE_SECONDS)
    return mark_safe(html)
