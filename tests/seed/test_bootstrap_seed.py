"""The shipped fixtures load through the start command, and loading them again adds nothing."""

import pytest
from django.core.management import call_command

from hightech_zone import seed
from tests.seed import NOT_IN_THE_SOURCE
from tests.test_bootstrap import bootstrap, counts, empty_database

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_first_run_loads_every_shipped_fixture_into_an_empty_database():
    seeded = counts()
    empty_database()
    assert set(counts().values()) == {0}

    output = bootstrap()

    assert counts() == seeded
    assert {name for name, n in seeded.items() if not n} == NOT_IN_THE_SOURCE
    assert "已载入示例数据:zone_2017_report.json" in output


def test_loading_the_fixtures_twice_duplicates_nothing():
    before = counts()
    call_command("loaddata", *map(str, seed.seed_fixture_paths()), verbosity=0)
    assert counts() == before
