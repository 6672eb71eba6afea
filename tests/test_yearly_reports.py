"""The yearly reports the rules require: the 政府信息公开工作年度报告 (its policy counts derived
from the policies, the rest entered by staff, published like every record, in XLSX too) and the
政府网站工作年度报表's updates per column, derived from history."""

from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hightech_zone import publishing
from hightech_zone.disclosure import balance_problems, policy_counts, request_counts
from hightech_zone.models import DisclosureReport, PolicyDocument, PublicationStatus
from hightech_zone.website_report import column_updates, total_updates
from tests import factories
from tests.forms import admin_url, browser, post_blind, submit

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


def figures(year):
    """{label: (制发, 废止, 现行有效)} of the year."""
    return {c.label: (c.issued, c.repealed, c.in_force) for c in policy_counts(year)}


@pytest.fixture
def policies_across_years():
    """Policies issued, repealed and expiring around the end of 2040."""
    policy = factories.policy
    policy(title="测试2040年新办法", kind="measures", year=2040)
    policy(
        title="测试年末废止",
        year=2039,
        validity="repealed",
        effective_on=date(2039, 3, 1),
        expires_on=date(2040, 12, 31),
    )
    policy(title="测试次年元旦失效", year=2038, expires_on=date(2041, 1, 1))
    policy(title="测试2041年新通知", year=2041)
    policy(title="测试废止但无日期", year=2035, validity="repealed")
    policy(title="测试2040年草稿", year=2040, status=DRAFT)
    policy(title="测试征求意见稿", year=2040, validity="for_comment")
    policy(title="测试课题研究", year=2040, kind="research", validity="effective")
    policy(title="测试市政府规章", year=2040, doc_number="测试市人民政府令第1号")


def test_policy_counts_follow_issue_repeal_and_in_force_dates_at_the_year_s_end(
    policies_across_years, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        in_2040 = figures(2040)
    # Issued in 2040: the new measures; repealed on 31 December; in force on that day: the
    # measures and the one that lapses on 1 January (never the draft, the draft for comment,
    # the study, or the one repealed at an unknown date).
    assert in_2040 == {"规章": (1, 0, 1), "行政规范性文件": (1, 1, 2)}
    assert figures(2039) == {"规章": (0, 0, 0), "行政规范性文件": (1, 0, 2)}
    assert figures(2041) == {"规章": (0, 0, 1), "行政规范性文件": (1, 1, 2)}


def test_a_policy_withdrawn_from_the_site_is_not_counted():
    policy = factories.policy(title="测试撤回文件", year=2040)
    assert figures(2040)["行政规范性文件"] == (1, 0, 1)
    PolicyDocument.objects.filter(pk=policy.pk).update(status=PublicationStatus.WITHDRAWN)
    assert figures(2040)["行政规范性文件"] == (0, 0, 0)


# --- What staff enter -----------------------------------------------------------------------


def test_negative_counts_are_refused_by_the_form_and_the_database():
    report = factories.disclosure(year=2050)
    report.licensing_decisions = -1
    with pytest.raises(ValidationError):
        report.full_clean()
    row = factories.request_row(report=report, natural_person=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(row).objects.filter(pk=row.pk).update(natural_person=-3)


def test_an_appeal_total_that_is_not_the_sum_is_refused_in_chinese():
    report = factories.disclosure(year=2051)
    report.review_upheld, report.review_pending, report.review_total = 2, 1, 4
    with pytest.raises(ValidationError) as refused:
        report.full_clean()
    assert "行政复议的总计必须等于结果维持、结果纠正、其他结果与尚未审结之和。" in str(
        refused.value
    )
    report.review_total = 3
    report.full_clean()


def test_requests_must_balance_in_every_column():
    report = factories.disclosure(year=2052)
    factories.request_row(report=report, row="new", natural_person=5, commercial=1)
    factories.request_row(report=report, row="carried_over", natural_person=1)
    factories.request_row(report=report, row="disclosed", natural_person=4, commercial=1)
    factories.request_row(report=report, row="carry_forward", natural_person=1)
    counts = request_counts(report.request_rows.all())
    assert balance_problems(counts) == [
        "“自然人”一列:本年新收与上年结转的申请共6件,办理结果总计与结转下年度共5件,两者必须相等。"
    ]
    factories.request_row(report=report, row="repeated", natural_person=1)
    assert balance_problems(request_counts(report.request_rows.all())) == []


def rows_url(report=None):
    return (
        admin_url(DisclosureReport, "add")
        if report is None
        else admin_url(report, "change", report.pk)
    )


def test_the_admin_refuses_an_unbalanced_table_and_saves_nothing(publisher):
    changes = {
        "year": "2053",
        "title": "测试2053年报",
        "issuing_body": "测试管委会",
        "request_rows-0-natural_person": "3",  # 本年新收
        "request_rows-2-natural_person": "2",  # 予以公开
    }
    response = submit(browser(publisher), rows_url(), changes)
    assert response.status_code == 200
    assert "两者必须相等" in response.content.decode()
    assert not DisclosureReport.objects.exists()
    changes["request_rows-23-natural_person"] = "1"  # 结转下年度继续办理
    response = submit(browser(publisher), rows_url(), changes)
    assert response.status_code == 302
    report = DisclosureReport.objects.get(year=2053)
    # Every row is kept, the ones left blank as zeros: the table opens whole, in order.
    entered = dict(report.request_rows.values_list("row", "natural_person"))
    assert len(entered) == 24 and sum(entered.values()) == 6
    assert (entered["new"], entered["disclosed"], entered["carry_forward"]) == (3, 2, 1)
    page = browser(publisher).get(rows_url(report)).content.decode()
    assert (
        page.index("一、本年新收")
        < page.index("（三）不予公开 1.属于国家秘密")
        < page.index("四、结转下年度")
    )


def test_the_admin_refuses_a_negative_figure_in_chinese(publisher):
    changes = {"year": "2054", "title": "测试", "issuing_body": "测试", "penalty_decisions": "-1"}
    response = submit(browser(publisher), rows_url(), changes)
    assert response.status_code == 200
    assert "确保该值大于或等于0" in response.content.decode()
    assert not DisclosureReport.objects.exists()


def test_the_change_page_shows_the_policy_counts_it_derives(staff_client):
    factories.policy(title="测试2055办法", year=2055)
    report = factories.disclosure(year=2055)
    page = staff_client.get(rows_url(report)).content.decode()
    assert "行政规范性文件:本年制发 1 件,本年废止 0 件,现行有效 1 件" in page


# --- Who publishes, and what the portal shows ----------------------------------------------


def test_an_editor_edits_a_draft_but_cannot_publish_it(editor):
    report = factories.disclosure(year=2056, status=DRAFT)
    response = submit(browser(editor), rows_url(report), {"overview": "测试总体情况。"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.overview == "测试总体情况。" and report.status == DRAFT
    with pytest.raises(Exception, match="只有审核发布人员"):
        publishing.publish(record=report, user=editor)
    report.refresh_from_db()
    assert report.status == DRAFT


def test_a_publisher_publishes_and_the_portal_shows_it(publisher):
    report = factories.disclosure(year=2057, status=DRAFT)
    detail = reverse("portal:disclosure_detail", args=[2057])
    assert Client().get(detail).status_code == 404
    assert Client().get(reverse("portal:disclosure_xlsx", args=[2057])).status_code == 404
    assert "2057" not in Client().get(reverse("portal:disclosure_list")).content.decode()
    response = submit(browser(publisher), rows_url(report), {"status": PUBLISHED})
    assert response.status_code == 302
    assert Client().get(detail).status_code == 200
    assert "2057" in Client().get(reverse("portal:disclosure_list")).content.decode()


def test_the_portal_page_renders_the_official_tables(client, django_assert_max_num_queries):
    factories.zone()
    factories.policy(title="测试2058办法", year=2058)
    report = factories.disclosure(
        year=2058, licensing_decisions=7, review_corrected=2, review_total=2
    )
    factories.request_row(report=report, row="new", natural_person=4, legal_service=1)
    factories.request_row(report=report, row="secret", natural_person=4, legal_service=1)
    with django_assert_max_num_queries(8):
        page = client.get(report.get_absolute_url()).content.decode()
    assert page.count("<caption>") == 6
    assert '<th scope="row" class="level-2">1.属于国家秘密</th>' in page
    # (七)总计 and the 总计 column are derived: 4 by natural persons, 1 by a law firm.
    total_row = page.split("（七）总计</th>")[1].split("</tr>")[0]
    assert total_row.count('<td class="num">') == 7
    assert total_row.endswith('<td class="num">5</td>')
    assert '<th scope="row">行政许可</th><td class="num">7</td>' in page
    assert '<th scope="row">行政规范性文件</th><td class="num">1</td>' in page


def test_the_english_page_translates_the_table_labels(client):
    factories.zone()
    report = factories.disclosure(year=2059)
    page = client.get(f"/en/disclosure/{report.year}/").content.decode()
    assert page.count("<caption>") == 6
    for chinese in ("本年新收", "不予公开", "行政规范性文件", "行政复议", "总体情况"):
        assert chinese not in page


# --- XLSX ------------------------------------------------------------------------------------


def sheet_rows(content):
    book = load_workbook(BytesIO(content))
    return [[c for c in row if c is not None] for row in book.active.iter_rows(values_only=True)]


def test_the_xlsx_holds_the_figures_in_the_official_layout(staff_client):
    factories.policy(title="测试2060办法", year=2060)
    report = factories.disclosure(
        year=2060, fees_wan="1.5", suit_direct_pending=3, suit_direct_total=3, overview="=1+1"
    )
    factories.request_row(report=report, row="new", commercial=2)
    factories.request_row(report=report, row="partly", commercial=2)
    response = staff_client.get(
        reverse("admin:hightech_zone_disclosurereport_xlsx", args=[report.pk])
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = sheet_rows(response.content)
    assert ["'=1+1"] in rows  # staff text never runs as a formula
    assert ["行政规范性文件", 1, 0, 1] in rows
    assert ["行政事业性收费", 1.5] in rows
    assert [0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0] in rows  # 复议, 直接起诉, 复议后起诉
    assert ["一、本年新收政府信息公开申请数量", 0, 2, 0, 0, 0, 0, 2] in rows
    assert ["    （七）总计", 0, 2, 0, 0, 0, 0, 2] in rows
    public = Client().get(reverse("portal:disclosure_xlsx", args=[2060]))
    assert sheet_rows(public.content) == rows


# --- The 政府网站工作年度报表 ---------------------------------------------------------------


def test_website_updates_count_saves_of_published_records_in_the_year(
    publisher, django_assert_max_num_queries
):
    year = timezone.localdate().year
    draft = factories.policy(title="测试待发布文件", status=DRAFT)  # a draft is not an update
    publishing.publish(record=draft, user=publisher)  # 1
    draft.summary = "测试摘要"
    draft.save()  # 2
    factories.project()  # 1 in its column
    old = factories.platform()
    last_year = timezone.make_aware(datetime(year - 1, 6, 1))
    old.history.update(history_date=last_year)  # saved last year: not this year's update
    with django_assert_max_num_queries(7):
        columns = {c.label: (c.updates, c.records) for c in column_updates(year)}
    assert columns["政策文件"] == (2, 1)
    assert columns["投资项目"] == (1, 1)
    assert columns["创新平台"] == (0, 0)
    assert total_updates(column_updates(year)) == 3
    assert {c.label: c.updates for c in column_updates(year - 1)}["创新平台"] == 1
    assert timedelta(0) <= timezone.now() - draft.updated_at


def test_the_website_report_page_and_its_xlsx(staff_client):
    year = timezone.localdate().year
    factories.zone()
    factories.policy(title="测试文件")
    page = staff_client.get(reverse("admin_website_report"), {"year": year})
    assert page.status_code == 200
    assert '<th scope="row">政策文件</th><td>1</td>' in page.content.decode()
    download = staff_client.get(reverse("admin_website_report"), {"year": year, "download": 1})
    rows = sheet_rows(download.content)
    assert ["总数", 1, 1] in rows and ["政策文件", 1, 1] in rows
    assert staff_client.get(reverse("admin_website_report"), {"year": "3000"}).status_code == 400
    assert staff_client.get(reverse("admin_website_report"), {"year": "abc"}).status_code == 200


def test_the_website_report_needs_a_staff_role(client, viewer):
    url = reverse("admin_website_report")
    assert client.get(url).status_code == 302
    viewing = Client()
    viewing.force_login(viewer)
    assert viewing.get(url).status_code == 200


# --- Every role posts the form ---------------------------------------------------------------


def test_a_viewer_can_neither_add_nor_change_a_report_and_nothing_is_written(publisher, viewer):
    report = factories.disclosure(year=2061, status=DRAFT, overview="测试原文。")
    form = {"year": "2062", "title": "测试", "issuing_body": "测试", "status": PUBLISHED}
    assert post_blind(browser(viewer), rows_url(), form).status_code == 403
    assert not DisclosureReport.objects.filter(year=2062).exists()
    changed = post_blind(browser(viewer), rows_url(report), {**form, "year": "2061"})
    assert changed.status_code == 403
    report.refresh_from_db()
    assert (report.overview, report.status) == ("测试原文。", DRAFT)
    assert Client().get(reverse("portal:disclosure_detail", args=[2061])).status_code == 404


def test_an_editor_cannot_publish_through_the_form_and_the_portal_shows_nothing(editor):
    report = factories.disclosure(year=2063, status=DRAFT)
    form = {"year": "2063", "title": report.title, "issuing_body": "测试", "status": PUBLISHED}
    post_blind(browser(editor), rows_url(report), form)
    report.refresh_from_db()
    assert report.status == DRAFT
    assert Client().get(reverse("portal:disclosure_detail", args=[2063])).status_code == 404
    assert "2063" not in Client().get(reverse("portal:disclosure_list")).content.decode()
