"""The browser tests' live server, over a zone built with factories as full as a real one."""

import pytest

from tests.browser.chromium import browser, page  # noqa: F401  (fixtures for every test here)
from tests.browser.full_zone import build_full_zone


@pytest.fixture
def full_zone(transactional_db):
    """Every kind of record, as many and as long as a real zone's (tests/browser/full_zone.py);
    the records tests name: ``full_zone.report``, ``full_zone.gdp``, ``full_zone.policies``…"""
    return build_full_zone()


@pytest.fixture
def site(live_server, full_zone):
    """The live server's address over ``full_zone``, built again after each test's flush."""
    return live_server.url


def pytest_collection_modifyitems(items):
    """Everything here needs a browser, so ``-m "not browser"`` runs the rest without one."""
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)
