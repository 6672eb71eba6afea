"""A database outage told apart from a bug: what the site's and the API's error answers ask."""

from django.db import InterfaceError, OperationalError

# A PostgreSQL restart takes seconds; clients and proxies may try again after this long.
RETRY_AFTER_SECONDS = 10


def database_unavailable(error):
    """Whether error, or an error it was raised from, says the database cannot be used now."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False
