"""`make run` set-up: migrate, seed an empty database once, create the first admin once."""

import re
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import RequestFactory

from hightech_zone import seed
from hightech_zone.models import (
    Designation,
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

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("seed"),  # not yet on factories (issue 12)
]


def counts():
    return {model.__name__: model.objects.count() for model in zone_data_models()}


def bootstrap(**options):
    out = StringIO()
    call_command("bootstrap", stdout=out, **options)
    return out.getvalue()


def empty_database():
    for model in [ReportSection, WorkReport, ProjectProgress, Project, IndicatorValue]:
        model.objects.all().delete()
    Indicator.objects.filter(parent__isnull=False).delete()
    for model in [Indicator, InnovationPlatform, PolicyDocument, Designation, ZoneProfile]:
        model.objects.all().delete()


def test_first_run_seeds_an_empty_database_and_prints_a_one_time_password():
    seeded = counts()
    empty_database()
    assert set(counts().values()) == {0}

    output = bootstrap(port="8123")

    assert counts() == seeded
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


def test_second_run_duplicates_nothing_keeps_edits_and_shows_no_password():
    bootstrap()
    before = counts()
    IndicatorValue.objects.filter(indicator__code="gdp").update(value="99.9")

    output = bootstrap()

    assert counts() == before
    assert str(IndicatorValue.objects.get(indicator__code="gdp").value) == "99.9000"
    assert "密码" not in output
    assert "管理员账号已存在" in output


def test_loading_the_fixtures_twice_duplicates_nothing():
    before = counts()
    call_command("loaddata", *map(str, seed.seed_fixture_paths()), verbosity=0)
    assert counts() == before


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
