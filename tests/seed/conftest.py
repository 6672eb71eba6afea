"""Every test here reads the shipped 锦州 fixtures."""

import pytest


@pytest.fixture(autouse=True)
def _shipped_fixtures(seed):
    """Loaded inside each test's transaction, so that no other test ever sees them."""
