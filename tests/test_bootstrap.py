"""`make run` set-up: migrate, seed an empty database once, create the first admin once.

The seed loaded here is a small zone of the tests' own, written to a fixture folder of its own;
tests/seed/test_bootstrap_seed.py loads the shipped 锦州 fixtures the same way.
"""

import re
import subprocess
from io import StringIO
from itertools import chain
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core import serializers
from django.core.management import call_command
from django.test import RequestFactory

from hightech_zone import seed
from hightech_zone.models import (
    Designation,
    DisclosureReport,
    DisclosureRequestRow,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
    ReportSection,
    WorkReport,
    ZoneProfile,
    zone_data_models,
)
from tests import factories

pytestmark = pytest.mark.django_db


def counts():
    return {model.__name__: model.objects.count() for model in zone_data_models()}


def bootstrap(**options):
    out = StringIO()
    call_command("bootstrap", stdout=out, **options)
    return out.getvalue()


def empty_database():
    for model in [
        DisclosureRequestRow,
        DisclosureReport,
        ReportSection,
        WorkReport,
        ProjectProgress,
        Project,
        IndicatorValue,
    ]:
        model.objects.all().delete()
    Indicator.objects.filter(parent__isnull=False).delete()
    for model in [Indicator, InnovationPlatform, PolicyDocument, Designation, ZoneProfile]:
        model.objects.all().delete()


@pytest.fixture
def seed_folder(tmp_path, settings):
    """The fixture folder set to one of our own, holding a zone of every record type written
    as the shipped fixtures are (natural keys, no ids); the database starts empty.
    Yields the number of records of each type the fixture holds."""
    factories.whole_zone()
    seeded = counts()
    records = chain(*(model.objects.all() for model in zone_data_models()))
    (tmp_path / "测试园区.json").write_text(
        serializers.serialize(
            "json", records, use_natural_foreign_keys=True, use_natural_primary_keys=True
        ),
        encoding="utf-8",
    )
    empty_database()
    settings.FIXTURE_DIRS = [tmp_path]
    return seeded


def test_first_run_seeds_an_empty_database_and_prints_a_one_time_password(seed_folder):
    assert set(counts().values()) == {0}

    output = bootstrap(port="8123")

    assert counts() == seed_folder and all(seed_folder.values())
    assert "已载入示例数据:测试园区.json" in output
    password = re.search(r"密码:(\S+)", output).group(1)
    assert len(password) >= 12
    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username="admin", password=password).is_superuser
    assert "http://127.0.0.1:8123/" in output
    assert f"http://127.0.0.1:8123/{settings.ADMIN_URL}" in output


def test_first_admin_password_is_random_each_time():
    first = seed.ensure_admin(username="admin")
    User.objects.filter(username="admin").delete()
    second = seed.ensure_admin(username="admin")
    assert first and second and first != second


def test_second_run_duplicates_nothing_keeps_edits_and_shows_no_password(seed_folder):
    bootstrap()
    before = counts()
    assert before == seed_folder
    edited = IndicatorValue.objects.order_by("pk").first()
    IndicatorValue.objects.filter(pk=edited.pk).update(value="99.9")

    output = bootstrap()

    assert counts() == before
    assert str(IndicatorValue.objects.get(pk=edited.pk).value) == "99.9000"
    assert "未重新载入示例数据" in output
    assert "密码" not in output
    assert "管理员账号已存在" in output


def test_fixtures_are_found_in_the_fixture_folder_not_named_in_code(tmp_path):
    assert [p.name for p in seed.seed_fixture_paths(fixture_dirs=[tmp_path])] == []
    (tmp_path / "b.json").write_text("[]")
    (tmp_path / "a.json").write_text("[]")
    assert [p.name for p in seed.seed_fixture_paths(fixture_dirs=[tmp_path])] == [
        "a.json",
        "b.json",
    ]


def test_make_run_honours_port_and_runs_the_set_up_first():
    root = Path(settings.BASE_DIR)
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8765"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    bootstrap_at = dry_run.index("manage.py bootstrap --port 8765")
    serve_at = dry_run.index("manage.py runserver 127.0.0.1:8765")
    assert bootstrap_at < serve_at
