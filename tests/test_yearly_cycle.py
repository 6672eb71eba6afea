"""The yearly cycle: next year's report started from this year's, its figures 待填报 until the
year's values are entered, the consistency check listing them, and the year's checklist."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hightech_zone import year_progress
from hightech_zone.consistency import check_missing_figures, check_references
from hightech_zone.models import (
    IndicatorValue,
    PublicationStatus,
    ReportSection,
    WorkReport,
)
from hightech_zone.yearly import shift_years, start_next_report
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = 2090
ROLES = ("编辑", "审核发布", "只读")


def report_of(year=YEAR, *, target=False, **fields):
    """A published report of ``year`` with two sections: the first binds figures to the
    report's year and to the year before (and, with ``target``, names next year's target);
    the second links one of each other kind of record."""
    gdp = factories.indicator(code="t_gdp", name="测试地区生产总值", unit="亿元")
    factories.value(indicator=gdp, year=year, value=Decimal("72.6"), growth_pct=Decimal("15.8"))
    factories.value(indicator=gdp, year=year - 1, value=Decimal("62.7"))
    report = factories.report(
        year=year, title=f"测试高新区{year}年工作报告", closing="测试结束语[[t_gdp]]。", **fields
    )
    first = factories.section(
        report=report,
        order=1,
        heading="一、测试经济运行",
        body=(
            f"实现[[t_gdp]],同比增长[[t_gdp|growth]],上年为[[t_gdp@{year - 1}]]。\n"
            + (f"{year + 1}年预期目标[[t_gdp@{year + 1}|target]]," if target else "")
            + "平台[[platform:测试平台甲]]。"
        ),
    )
    first.indicators.add(gdp)
    second = factories.section(report=report, order=2, heading="二、测试项目", body="测试正文。")
    second.projects.add(factories.project(name="测试项目甲"))
    second.policies.add(factories.policy(title="测试政策甲"))
    second.platforms.add(factories.platform(name="测试平台甲"))
    return report


def links(section):
    return {
        name: sorted(getattr(section, name).values_list("pk", flat=True))
        for name in ("indicators", "projects", "policies", "platforms")
    }


def client_in(role):
    client = Client()
    client.force_login(factories.user(role=role))
    return client


# --- the service ------------------------------------------------------------------------


def test_explicit_years_move_on_and_bare_figures_stay_bound_to_the_report_year():
    text = "[[t_gdp]] [[t_gdp@2089]] [[ t_gdp@2091 | target ]] [[zone|area]] 2089年"
    assert (
        shift_years(text)
        == "[[t_gdp]] [[t_gdp@2090]] [[ t_gdp@2092 | target ]] [[zone|area]] 2089年"
    )


def test_next_report_is_a_draft_copy_with_the_year_moved_on(editor):
    report = report_of(target=True)
    draft = start_next_report(report=report, user=editor)
    assert (draft.year, draft.status) == (YEAR + 1, PublicationStatus.DRAFT)
    assert draft.title == f"测试高新区{YEAR + 1}年工作报告"
    assert draft.issuing_body == report.issuing_body and draft.closing == report.closing
    old, new = list(report.sections.order_by("order")), list(draft.sections.order_by("order"))
    assert [(s.order, s.heading) for s in new] == [(s.order, s.heading) for s in old]
    assert new[0].body == (
        f"实现[[t_gdp]],同比增长[[t_gdp|growth]],上年为[[t_gdp@{YEAR}]]。\n"
        f"{YEAR + 1}年预期目标[[t_gdp@{YEAR + 2}|target]],平台[[platform:测试平台甲]]。"
    )
    assert [links(s) for s in new] == [links(s) for s in old]
    assert report.sections.count() == 2 and WorkReport.objects.get(year=YEAR).title == report.title


def test_next_report_has_one_history_row_per_record_with_its_links(editor):
    report = report_of()
    draft = start_next_report(report=report, user=editor)
    assert [(h.history_type, h.history_user) for h in draft.history.all()] == [("+", editor)]
    for section in draft.sections.all():
        (row,) = section.history.all()
        assert (row.history_type, row.history_user) == ("+", editor)
        assert row.history_change_reason == f"由{YEAR}年报告开始"
        historical = {
            "indicators": sorted(r.indicator_id for r in row.indicators.all()),
            "projects": sorted(r.project_id for r in row.projects.all()),
            "policies": sorted(r.policydocument_id for r in row.policies.all()),
            "platforms": sorted(r.innovationplatform_id for r in row.platforms.all()),
        }
        assert historical == links(section)


def test_next_report_is_refused_when_that_year_exists(editor):
    report = report_of()
    factories.report(year=YEAR + 1, title="测试已有的报告")
    with pytest.raises(ValidationError, match=f"{YEAR + 1}年的工作报告已经存在"):
        start_next_report(report=report, user=editor)
    assert WorkReport.objects.get(year=YEAR + 1).title == "测试已有的报告"
    assert ReportSection.objects.filter(report__year=YEAR + 1).count() == 0


def test_no_report_is_started_past_the_last_year_a_record_may_hold(editor):
    last = factories.report(year=2100)
    with pytest.raises(ValidationError, match="年份必须在1949年至2100年之间"):
        start_next_report(report=last, user=editor)
    assert WorkReport.objects.count() == 1


def test_next_report_is_refused_to_a_viewer_and_to_whoever_may_not_add_sections(viewer, editor):
    report = report_of()
    with pytest.raises(PermissionDenied, match="您没有新增年度工作报告的权限"):
        start_next_report(report=report, user=viewer)
    editor.groups.get().permissions.remove(Permission.objects.get(codename="add_reportsection"))
    editor = type(editor).objects.get(pk=editor.pk)  # permissions are cached per instance
    with pytest.raises(PermissionDenied, match="您没有新增报告章节的权限"):
        start_next_report(report=report, user=editor)
    assert not WorkReport.objects.filter(year=YEAR + 1).exists()


# --- the admin action and button ---------------------------------------------------------


@pytest.mark.parametrize("role", ["编辑", "审核发布"])
def test_action_starts_the_next_report_for_one_selected_report(role):
    report = report_of()
    client = client_in(role)
    url = reverse("admin:hightech_zone_workreport_changelist")
    response = client.post(url, {"action": "start_next_year", "_selected_action": [report.pk]})
    draft = WorkReport.objects.get(year=YEAR + 1)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:hightech_zone_workreport_change", args=[draft.pk])
    page = client.get(response["Location"]).content.decode()
    assert f"已由{YEAR}年报告生成{YEAR + 1}年报告的草稿" in page


def test_action_wants_exactly_one_report():
    first, second = report_of(), factories.report(year=YEAR + 5)
    client = client_in("编辑")
    url = reverse("admin:hightech_zone_workreport_changelist")
    response = client.post(
        url, {"action": "start_next_year", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "请只选择一份报告来开始下一年度报告" in response.content.decode()
    assert WorkReport.objects.count() == 2


def test_action_is_not_offered_to_a_viewer_and_changes_nothing():
    report = report_of()
    client = client_in("只读")
    url = reverse("admin:hightech_zone_workreport_changelist")
    assert "start_next_year" not in client.get(url).content.decode()
    response = client.post(url, {"action": "start_next_year", "_selected_action": [report.pk]})
    assert response.status_code < 500
    assert not WorkReport.objects.filter(year=YEAR + 1).exists()


@pytest.mark.parametrize("role", ["编辑", "审核发布"])
def test_button_on_the_change_page_starts_the_next_report(role):
    report = report_of()
    client = client_in(role)
    change = client.get(reverse("admin:hightech_zone_workreport_change", args=[report.pk]))
    url = reverse("admin:hightech_zone_workreport_start_next", args=[report.pk])
    html = change.content.decode()
    assert (
        f'action="{url}"' in html and "csrfmiddlewaretoken" in html and "开始下一年度报告" in html
    )
    response = client.post(url)
    draft = WorkReport.objects.get(year=YEAR + 1)
    assert response["Location"] == reverse("admin:hightech_zone_workreport_change", args=[draft.pk])
    again = client.get(reverse("admin:hightech_zone_workreport_change", args=[report.pk]))
    assert url not in again.content.decode() and f"{YEAR + 1}年报告" in again.content.decode()


def test_button_needs_post_and_csrf():
    report = report_of()
    user = factories.user(role="编辑")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    url = reverse("admin:hightech_zone_workreport_start_next", args=[report.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403
    assert not WorkReport.objects.filter(year=YEAR + 1).exists()


def test_button_is_refused_to_a_viewer_and_anonymous():
    report = report_of()
    url = reverse("admin:hightech_zone_workreport_start_next", args=[report.pk])
    viewer = client_in("只读")
    change = viewer.get(reverse("admin:hightech_zone_workreport_change", args=[report.pk]))
    assert url not in change.content.decode()
    assert viewer.post(url).status_code == 403
    assert Client().post(url).status_code == 302  # to the login page
    assert not WorkReport.objects.filter(year=YEAR + 1).exists()


def test_button_when_next_year_exists_explains_and_changes_nothing():
    report = report_of()
    factories.report(year=YEAR + 1, title="测试已有的报告")
    client = client_in("编辑")
    url = reverse("admin:hightech_zone_workreport_start_next", args=[report.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert f"{YEAR + 1}年的工作报告已经存在" in response.content.decode()
    assert WorkReport.objects.get(year=YEAR + 1).title == "测试已有的报告"
    assert (
        client.post(reverse("admin:hightech_zone_workreport_start_next", args=[999999])).status_code
        == 404
    )


# --- 待填报 -------------------------------------------------------------------------------


def test_new_draft_preview_shows_pending_figures_and_the_public_page_a_dash(editor, publisher):
    report = report_of()
    draft = start_next_report(report=report, user=editor)
    client = Client()
    client.force_login(editor)
    preview = reverse("admin:hightech_zone_workreport_preview", args=[draft.pk])
    html = client.get(preview).content.decode()
    # [[t_gdp]] twice (text and closing) and [[t_gdp|growth]]; [[t_gdp@YEAR]] is shown.
    assert html.count('<mark class="figure-pending"') == 3
    assert "3 处数字待填报" in html and "引用无法显示" not in html
    assert "62.7" not in html and "72.6亿元" in html  # [[t_gdp@YEAR]] is last year's figure
    factories.value(
        indicator=IndicatorValue.objects.get(year=YEAR).indicator,
        year=YEAR + 1,
        value=80,
        growth_pct=Decimal("10.2"),
        target_value=None,
        status=PublicationStatus.DRAFT,
    )
    html = client.get(preview).content.decode()
    assert "figure-pending" not in html
    assert html.count('<mark class="figure-missing"') == 3  # drafts: not yet public
    assert "80亿元" in client.get(preview, {"drafts": "1"}).content.decode()
    draft.status = PublicationStatus.PUBLISHED
    draft.save()
    public = Client().get(draft.get_absolute_url()).content.decode()
    assert "待填报" not in public and public.count('<span class="figure-missing">—</span>') == 3


# --- the consistency check ----------------------------------------------------------------


def test_consistency_lists_missing_figures_until_values_exist(
    editor, django_assert_max_num_queries
):
    report = report_of()
    assert list(check_missing_figures()) == []
    start_next_report(report=report, user=editor)
    with django_assert_max_num_queries(8):
        missing = [f.message for f in check_missing_figures()]
    assert len(missing) == 3
    assert (
        f"{YEAR + 1}年报告“一、测试经济运行”:[[t_gdp]] —— 指标 t_gdp 尚无{YEAR + 1}年的数值"
        in missing
    )
    assert f"{YEAR + 1}年报告“结束语”:[[t_gdp]] —— 指标 t_gdp 尚无{YEAR + 1}年的数值" in missing
    assert [f for f in check_references() if f"{YEAR + 1}年报告" in f.message] == []
    out = StringIO()
    call_command("check_consistency", stdout=out)
    assert "报告中待填报的数字:3 项" in out.getvalue()
    gdp = IndicatorValue.objects.get(year=YEAR).indicator
    # A target alone is no value of the year: the figures stay 待填报.
    target = factories.value(indicator=gdp, year=YEAR + 1, value=None, target_value=90)
    assert len(list(check_missing_figures())) == 3
    IndicatorValue.objects.filter(pk=target.pk).update(
        value=80, growth_pct=10, status=PublicationStatus.DRAFT
    )
    assert list(check_missing_figures()) == []
    # Entered but not published: the reference check lists them, as for any draft value.
    assert len([f for f in check_references() if f"{YEAR + 1}年报告" in f.message]) == 3


def test_consistency_page_shows_missing_figures(editor):
    start_next_report(report=report_of(), user=editor)
    client = Client()
    client.force_login(editor)
    html = client.get(reverse("admin_consistency")).content.decode()
    assert "报告中待填报的数字(3)" in html and f"尚无{YEAR + 1}年的数值" in html


# --- the year's checklist ------------------------------------------------------------------


def checklist_data():
    """The year YEAR: three economy indicators (published, draft, none), one innovation
    indicator with a target met and one with a target not met, two projects of which one has
    its progress, and the year's report with one figure pending."""
    economy = [factories.indicator(category="economy", name=f"测试经济{i}") for i in range(3)]
    factories.value(indicator=economy[0], year=YEAR, value=1)
    factories.value(indicator=economy[1], year=YEAR, value=2, status=PublicationStatus.DRAFT)
    met, short = (factories.indicator(category="innovation") for _ in range(2))
    factories.value(indicator=met, year=YEAR, value=110, target_value=100)
    factories.value(indicator=short, year=YEAR, value=None, target_value=100)
    done, waiting = factories.project(name="测试已填项目"), factories.project(name="测试未填项目")
    factories.progress(project=done, year=YEAR)
    factories.progress(project=waiting, year=YEAR - 1)
    report = factories.report(year=YEAR, status=PublicationStatus.DRAFT)
    factories.section(report=report, body=f"[[{economy[0].code}]]与[[{economy[2].code}]]")
    return economy, waiting, report


@pytest.mark.parametrize("role", ROLES)
def test_year_checklist_counts_what_is_entered_and_what_is_left(
    role, django_assert_max_num_queries
):
    economy, waiting, report = checklist_data()
    client = client_in(role)
    url = reverse("admin_year", args=[YEAR])
    client.get(url)  # the session and the user, once
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    progress = response.context["progress"]
    rows = {
        c.label: (c.indicators, c.entered, c.draft, c.published, len(c.missing))
        for c in progress.categories
    }
    assert rows == {"经济运行": (3, 2, 1, 1, 1), "创新创业": (2, 1, 0, 1, 1)}
    assert (progress.targets, progress.targets_met, progress.targets_open) == (2, 1, 1)
    assert progress.projects_without_progress == [waiting]
    assert (progress.report, progress.report_pending) == (report, 1)
    html = response.content.decode()
    assert f"{YEAR}年度填报进度" in html and "1 处数字待填报" in html
    assert reverse("admin:hightech_zone_project_change", args=[waiting.pk]) in html
    assert reverse("admin:hightech_zone_indicator_change", args=[economy[2].pk]) in html


def test_year_checklist_is_linked_and_guarded():
    report = factories.report(year=YEAR)
    client = client_in("只读")
    assert reverse("admin_year") in client.get(reverse("admin:index")).content.decode()
    assert client.get(reverse("admin_year"))["Location"] == reverse("admin_year", args=[YEAR])
    change = client.get(reverse("admin:hightech_zone_workreport_change", args=[report.pk]))
    assert reverse("admin_year", args=[YEAR]) in change.content.decode()
    assert Client().get(reverse("admin_year", args=[YEAR])).status_code == 302
    assert client.get("/admin/year/9999/").status_code == 404
    nobody = factories.user()  # staff without any permission
    other = Client()
    other.force_login(nobody)
    assert other.get(reverse("admin_year", args=[YEAR])).status_code == 403


def test_year_checklist_without_a_report_offers_to_start_it_from_last_years():
    last = factories.report(year=YEAR - 1)
    html = client_in("编辑").get(reverse("admin_year", args=[YEAR])).content.decode()
    assert "本年度还没有工作报告" in html
    assert reverse("admin:hightech_zone_workreport_change", args=[last.pk]) in html
    assert f"从{YEAR - 1}年报告开始下一年度报告" in html


def test_year_checklist_queries_do_not_grow_with_the_data(django_assert_num_queries):
    checklist_data()
    client = client_in("只读")
    url = reverse("admin_year", args=[YEAR])
    client.get(url)
    with CaptureQueriesContext(connection) as counted:
        client.get(url)
    first = len(counted)
    for i in range(5):
        factories.value(indicator=factories.indicator(category="reform"), year=YEAR, value=i)
        factories.project(name=f"测试更多项目{i}")
    section = WorkReport.objects.get(year=YEAR).sections.get()
    section.body += "".join(f"[[t_more_{i}]]" for i in range(5))
    section.save()
    client.get(url)  # what is read once per data version (the demo notice), again
    with CaptureQueriesContext(connection) as again:
        client.get(url)
    assert len(again) == first, "\n".join(q["sql"][:150] for q in again)


def test_year_checklist_counts_every_project_without_progress_but_lists_only_the_first(
    monkeypatch,
):
    monkeypatch.setattr(year_progress, "PROJECTS_LISTED", 2)
    for name in ("测试甲项目", "测试乙项目", "测试丙项目"):
        factories.project(name=name)
    response = client_in("只读").get(reverse("admin_year", args=[YEAR]))
    progress = response.context["progress"]
    assert progress.projects_without_progress_count == 3
    assert len(progress.projects_without_progress) == 2
    html = response.content.decode()
    assert "尚未填写本年度进展的项目(3)" in html and "按名称列出前 2 个,共 3 个。" in html
