"""Whether the database holds the made-up demo zone, asked again only after a write to the
indicators, for the banner every public and admin page shows while it does."""

from django.core.cache import cache
from django.db import DatabaseError
from django.utils.functional import SimpleLazyObject

from .cache import table_versions
from .demo import has_demo_data
from .models import Indicator

KEY = "hightech_zone:demo-data"
TABLES = (Indicator,)  # what has_demo_data reads


def shows_demo_data():
    """True while demo data is present. The answer is kept in the shared cache with the
    versions of the tables it read, so a write to them asks again; uncached (the cache
    unreachable) every call asks."""
    versions, found = table_versions(TABLES, also=[KEY])
    entry = found.get(KEY)
    if entry is not None and entry[0] == versions:
        return entry[1]
    present = has_demo_data()
    if versions is not None:
        cache.set(KEY, (versions, present), timeout=None)
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
