"""Whether the database holds the made-up demo zone, asked once per data version, for the
banner every public and admin page shows while it does."""

from django.core.cache import cache
from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

from .cache import get_versioned
from .demo import has_demo_data

KEY = "hightech_zone:demo-data"


def shows_demo_data():
    """True while demo data is present. One query per data version: the answer is kept in the
    shared cache with the version it was read at, so any write asks again; uncached (the cache
    unreachable) every call asks."""
    version, entry = get_versioned(KEY)
    if entry is not None and entry[0] == version:
        return entry[1]
    present = has_demo_data()
    if version is not None:
        cache.set(KEY, (version, present), timeout=None)
    return present


def _shows_demo_data_safely():
    # Error pages use this too: a database that cannot answer must not fail them.
    try:
        return shows_demo_data()
    except DatabaseError:
        return False


def demo_data(request):
    """Template context processor: ``demo_data``, read only when a template asks for it."""
    return {"demo_data": SimpleLazyObject(_shows_demo_data_safely)}
