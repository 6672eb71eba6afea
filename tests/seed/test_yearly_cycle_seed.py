"""The yearly cycle on the shipped 锦州 data: 2017's report starts 2018's, whose figures are
待填报 until 2018's values are imported and published; 2017's page never changes."""

import re

import pytest
import tablib
from django.test import Client
from django.urls import reverse

from hightech_zone.consistency import check_missing_figures
from hightech_zone.importing.resources import IndicatorValueResource
from hightech_zone.importing.services import import_workbook
from hightech_zone.models import IndicatorValue, PublicationStatus, WorkReport
from hightech_zone.references import parse
from tests.conftest import user_in_role

pytestmark = pytest.mark.django_db

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
OTHER_REPORTS_RE = re.compile(r'\n*<nav class="other-reports".*?</nav>', re.S)


def public_page(path):
    response = Client().get(path)
    assert response.status_code == 200
    return CSRF_RE.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())


def indicator_references(report):
    texts = [s.body for s in report.sections.all()] + [report.closing]
    return [
        part
        for text in texts
        for part in parse(text, default_year=report.year)
        if getattr(part, "kind", "") == "indicator"
    ]


def values_of_2018():
    """2017's values as the statistics office would send 2018's: every number one more
    (the parts of the industry ratio kept, so that they still add up to 100), as drafts."""
    dataset = IndicatorValueResource().export(queryset=IndicatorValue.objects.filter(year=2017))
    rows = []
    for row in dataset.dict:
        row = dict(row)
        row["年度"] = 2018
        row["发布状态"] = "草稿"
        if row["数值"] is not None and not row["指标"].startswith("industry_structure_"):
            row["数值"] += 1
        rows.append([row[h] for h in dataset.headers])
    return tablib.Dataset(*rows, headers=dataset.headers, title="指标数值")


def test_2017_starts_2018_whose_figures_wait_for_2018s_values_then_show_them():
    before = public_page("/reports/2017/")
    editor, publisher = user_in_role("编辑"), user_in_role("审核发布")
    editor_client, publisher_client = Client(), Client()
    editor_client.force_login(editor)
    publisher_client.force_login(publisher)
    report_2017 = WorkReport.objects.get(year=2017)

    # 开始下一年度报告, from the button on 2017's page.
    start = reverse("admin:hightech_zone_workreport_start_next", args=[report_2017.pk])
    assert editor_client.post(start).status_code == 302
    report = WorkReport.objects.get(year=2018)
    assert report.title == "锦州高新技术产业开发区2018年工作报告"
    assert report.status == PublicationStatus.DRAFT
    references = indicator_references(report)
    assert references and all(r.year == 2018 for r in references)

    # Every figure drawn from an indicator is 待填报; the zone's, platforms' and designations'
    # figures are shown, and nothing else is flagged.
    preview = reverse("admin:hightech_zone_workreport_preview", args=[report.pk])
    for query in ({}, {"drafts": "1"}):
        html = editor_client.get(preview, query).content.decode()
        assert html.count('<mark class="figure-pending"') == len(references)
        assert "figure-missing" not in html and "引用无法显示" not in html
    missing = list(check_missing_figures())
    assert len(missing) == len(references)
    assert all(f.message.startswith("2018年报告") for f in missing)

    # 2018's values through the import, as an editor: drafts.
    results, problems = import_workbook(
        sheets={"指标数值": values_of_2018()}, user=editor, file_name="2018.xlsx", dry_run=False
    )
    assert problems == [] and not any(result.has_errors() for _t, result in results)
    assert IndicatorValue.objects.filter(year=2018, status=PublicationStatus.DRAFT).count() == 57
    assert list(check_missing_figures()) == []
    # Nothing of it is public yet: 2017's page is as it was, byte for byte.
    assert public_page("/reports/2017/") == before

    # A publisher publishes the values and the report.
    for model, pks in (
        ("indicatorvalue", IndicatorValue.objects.filter(year=2018).values_list("pk", flat=True)),
        ("workreport", [report.pk]),
    ):
        response = publisher_client.post(
            reverse(f"admin:hightech_zone_{model}_changelist"),
            {"action": "publish_selected", "_selected_action": list(pks)},
        )
        assert response.status_code == 302
    assert not IndicatorValue.objects.filter(year=2018).exclude(status="published").exists()

    page = public_page("/reports/2018/")
    assert "figure-missing" not in page and "待填报" not in page
    assert "全区地区生产总值实现" in page and "73.6亿元" in page  # 2017: 72.6亿元
    assert "三次产业比调整为" in page and "1.6:41.8:56.6" in page
    # 2017's page now lists 2018's report among the others; its report is as it was.
    after = public_page("/reports/2017/")
    assert '<a href="/reports/2018/">' in after
    assert OTHER_REPORTS_RE.sub("", after) == OTHER_REPORTS_RE.sub("", before)
