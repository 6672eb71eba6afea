"""A project's latest stage and year follow its progress rows on every write path (0017's
triggers), and the public list filtered by stage follows them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from hightech_zone.importing.resources import ProjectProgressResource
from hightech_zone.models import Project, ProjectProgress
from tests import factories
from tests.forms import admin_url, browser, form_data, post_blind, public_text, reload, submit

pytestmark = pytest.mark.django_db


def latest(project):
    project = reload(project)
    return project.latest_stage, project.latest_year


def listed_at(stage):
    """The table the public project list shows filtered by ``stage`` ("" for none)."""
    text = public_text(f"/projects/?stage={stage}")
    return text[text.index("<table") : text.index("</table>")] if "<table" in text else ""


def test_the_latest_stage_follows_each_change_to_the_progress_rows():
    project = factories.project()
    assert latest(project) == ("", None)
    row = factories.progress(project=project, year=2090, stage="signed")
    assert latest(project) == ("signed", 2090)
    factories.progress(project=project, year=2089, stage="started")  # an earlier year
    assert latest(project) == ("signed", 2090)
    newer = factories.progress(project=project, year=2092, stage="in_operation")
    assert latest(project) == ("in_operation", 2092)
    newer.stage = "full_production"
    newer.save()
    assert latest(project) == ("full_production", 2092)
    row.year = 2093
    row.save()
    assert latest(project) == ("signed", 2093)
    row.delete()
    assert latest(project) == ("full_production", 2092)
    project.progress.all().delete()
    assert latest(project) == ("", None)


def test_progress_moved_to_another_project_changes_both():
    first, second = factories.project(), factories.project()
    row = factories.progress(project=first, year=2090, stage="in_operation")
    factories.progress(project=first, year=2089, stage="started")
    row.project = second
    row.save()
    assert latest(first) == ("started", 2089)
    assert latest(second) == ("in_operation", 2090)


def test_bulk_writes_queryset_updates_and_raw_sql_keep_it():
    projects = [factories.project() for _ in range(3)]
    ProjectProgress.objects.bulk_create(
        ProjectProgress(project=p, year=2090 + i, stage="signed") for i, p in enumerate(projects)
    )
    assert [latest(p) for p in projects] == [("signed", 2090), ("signed", 2091), ("signed", 2092)]
    ProjectProgress.objects.filter(project__in=projects[:2]).update(stage="under_construction")
    assert [latest(p)[0] for p in projects] == ["under_construction"] * 2 + ["signed"]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hightech_zone_projectprogress SET stage = %s WHERE project_id = %s",
            ["trial_operation", projects[2].pk],
        )
    assert latest(projects[2]) == ("trial_operation", 2092)
    ProjectProgress.objects.filter(project=projects[0]).delete()
    assert latest(projects[0]) == ("", None)


def test_a_save_of_a_project_read_before_its_progress_changed_keeps_the_new_stage():
    project = factories.project()
    stale = reload(project)  # an admin form opened now
    factories.progress(project=project, year=2090, stage="in_operation")
    stale.name = "测试改了名的项目"
    stale.save()
    assert latest(project) == ("in_operation", 2090)
    assert reload(project).name == "测试改了名的项目"


def test_what_a_write_puts_in_the_columns_is_replaced_by_what_the_progress_says():
    project = Project.objects.create(name="测试自称运营", latest_stage="in_operation")
    assert latest(project) == ("", None)
    factories.progress(project=project, year=2090, stage="signed")
    Project.objects.filter(pk=project.pk).update(latest_stage="full_production", latest_year=2100)
    assert latest(project) == ("signed", 2090)


def test_the_derived_columns_are_not_in_a_projects_history():
    project = factories.project()
    before = project.history.count()
    factories.progress(project=project, year=2090, stage="signed")
    assert project.history.count() == before
    fields = {field.name for field in Project.history.model._meta.get_fields()}
    assert not {"latest_stage", "latest_year"} & fields


def test_a_publisher_changing_progress_in_the_projects_inline_moves_it_in_the_public_list(
    publisher,
):
    project = factories.project(name="测试内联改阶段")
    factories.progress(project=project, year=2090, stage="under_construction")
    assert "测试内联改阶段" in listed_at("under_construction")
    response = submit(
        browser(publisher),
        admin_url(project, "change", project.pk),
        {"progress-0-stage": "full_production"},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert latest(project) == ("full_production", 2090)
    assert "测试内联改阶段" in listed_at("full_production")
    assert "测试内联改阶段" not in listed_at("under_construction")


def test_a_progress_import_moves_the_project_in_the_public_list(tmp_path):
    project = factories.project(name="测试导入改阶段")
    factories.progress(project=project, year=2090, stage="signed")
    assert "测试导入改阶段" in listed_at("signed")
    dataset = ProjectProgressResource().export()
    dataset.append([dataset[0][0], "2091", "投入运营", "导入的新进展"])
    path = tmp_path / "progress.csv"
    path.write_text(dataset.csv, encoding="utf-8")
    call_command(
        "import",
        "hightech_zone.resources.ProjectProgressResource",
        str(path),
        "--noinput",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert latest(project) == ("in_operation", 2091)
    assert "测试导入改阶段" in listed_at("in_operation")
    assert "测试导入改阶段" not in listed_at("signed")


def test_restoring_an_older_version_of_progress_brings_its_stage_back(publisher):
    project = factories.project()
    row = factories.progress(project=project, year=2090, stage="signed")
    first = row.history.earliest("history_date")
    row.stage = "in_operation"
    row.save()
    assert latest(project) == ("in_operation", 2090)
    url = admin_url(row, "simple_history", row.pk, first.history_id)
    assert submit(browser(publisher), url).status_code == 302
    assert latest(project) == ("signed", 2090)


def test_the_projects_admin_page_shows_its_latest_stage_read_only(editor):
    project = factories.project(name="测试看阶段的项目", status="draft")
    factories.progress(project=project, year=2090, stage="trial_operation")
    page = browser(editor).get(admin_url(project, "change", project.pk)).content.decode()
    assert "最新建设阶段" in page and "试运营" in page and "最新年度" in page
    assert 'name="latest_stage"' not in page and 'name="latest_year"' not in page


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_a_viewer_or_editor_posting_the_inline_moves_no_published_project(role, request, publisher):
    project = factories.project(name="测试角色改阶段")
    factories.progress(project=project, year=2090, stage="under_construction")
    url = admin_url(project, "change", project.pk)
    data = form_data(browser(publisher), url) | {"progress-0-stage": ["full_production"]}
    response = post_blind(browser(request.getfixturevalue(role)), url, data)
    assert response.status_code in (200, 403)  # refused: the form again, or forbidden
    assert latest(project) == ("under_construction", 2090)
    assert "测试角色改阶段" in listed_at("under_construction")
    assert "测试角色改阶段" not in listed_at("full_production")
