"""What the API's tests share: a client that reads JSON, and a fresh throttle per test."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with no throttle history and no versions (the cache is per process)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(client, db):
    """GET an API address; the response's JSON is at .json()."""

    def get(path, **extra):
        return client.get(path, **extra)

    return get
