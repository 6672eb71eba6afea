"""The consistency check reports disagreements between figures and never changes data."""

import hashlib
import json
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from hightech_zone.consistency import run_checks
from hightech_zone.models import (
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PublicationStatus,
    ReportSection,
    WorkReport,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("seed"),  # not yet on factories (issue 12)
]


def digest():
    from hightech_zone.models import zone_data_models

    data = [serializers.serialize("json", m.objects.order_by("pk")) for m in zone_data_models()]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def messages(check):
    return [f.message for f in run_checks() if f.check == check]


def test_seed_data_has_no_growth_ratio_or_reference_problems():
    assert messages("growth") == []
    assert messages("ratio") == []
    assert messages("reference") == []


def test_seed_platform_counts_disagree_but_are_acknowledged():
    # The seed counts platforms by type and level but names none of them.
    found = [f for f in run_checks() if f.check == "platform_count"]
    assert len(found) == 5 and all("没有列出名称" in f.acknowledged for f in found)
    assert "国家级创业服务中心 2017年:填报1个,创新平台名录中有国家级“创业服务中心/孵化器”0个。" in [
        f.message for f in found
    ]


def test_listing_the_platform_settles_its_count():
    InnovationPlatform.objects.create(name="某创业服务中心", kind="incubator", level="national")
    assert not any("国家级创业服务中心" in m for m in messages("platform_count"))


def test_growth_that_disagrees_with_last_year_is_reported():
    gdp = Indicator.objects.get(code="gdp")
    IndicatorValue.objects.create(indicator=gdp, year=2016, value=50)
    found = messages("growth")
    assert found == ["地区生产总值 2017年:同比增长填报为15.8%,按2016年数值50计算为45.2%。"]


def test_growth_that_agrees_within_a_point_is_not_reported():
    gdp = Indicator.objects.get(code="gdp")
    IndicatorValue.objects.create(indicator=gdp, year=2016, value="62.7")  # 72.6/62.7 = +15.79%
    assert messages("growth") == []


def test_ratio_that_does_not_add_up_is_reported():
    IndicatorValue.objects.filter(indicator__code="industry_structure_tertiary").update(value=50)
    assert messages("ratio") == ["三次产业比 2017年:各组成部分之和为93.4,应为100。"]


def test_dangling_and_draft_references_are_reported():
    section = ReportSection.objects.get(report__year=2017, order=2)
    section.body += "\n另有[[no_such_indicator]]。"
    section.save()
    IndicatorValue.objects.filter(indicator__code="retail_sales").update(
        status=PublicationStatus.DRAFT
    )
    found = messages("reference")
    assert any("[[no_such_indicator]]" in m for m in found)
    assert any("retail_sales" in m and "没有已发布的数值" in m for m in found)


def test_checks_change_nothing():
    IndicatorValue.objects.filter(indicator__code="industry_structure_tertiary").update(value=50)
    before = digest()
    run_checks()
    call_command("check_consistency", stdout=StringIO())
    assert digest() == before


def test_command_prints_findings_and_fails_only_when_strict():
    IndicatorValue.objects.filter(indicator__code="industry_structure_tertiary").update(value=50)
    out = StringIO()
    call_command("check_consistency", stdout=out)
    assert "构成比之和不为100:1 项" in out.getvalue()
    assert "平台数量与平台名录不符:0 项" in out.getvalue()
    with pytest.raises(CommandError, match="发现 1 项问题"):
        call_command("check_consistency", "--strict", stdout=StringIO())


def test_admin_page_lists_problems_and_acknowledged_findings_for_staff_only(staff_client):
    IndicatorValue.objects.filter(indicator__code="industry_structure_tertiary").update(value=50)
    url = reverse("admin_consistency")
    assert Client().get(url).status_code == 302
    html = staff_client.get(url).content.decode()
    assert "数据一致性检查" in html
    assert "三次产业比 2017年" in html
    assert "共发现 1 项问题" in html
    assert "已确认、按原文保留(不计为问题)(6)" in html
    assert "国家级创业服务中心 2017年" in html and "没有列出名称" in html


def test_admin_index_links_to_the_check(staff_client):
    assert reverse("admin_consistency") in staff_client.get(reverse("admin:index")).content.decode()


def test_admin_preview_flags_references_to_nothing(staff_client):
    report = WorkReport.objects.get(year=2017)
    section = report.sections.get(order=3)
    section.body += "\n引用[[missing_code]]与[[gdp|colour]]。"
    section.save()
    url = reverse("admin:hightech_zone_workreport_preview", args=[report.pk])
    html = staff_client.get(url).content.decode()
    assert "发现 2 处引用无法显示" in html
    assert '<mark class="figure-missing"' in html and "[[missing_code]]" in html
    assert "72.6亿元" in html
    change = staff_client.get(reverse("admin:hightech_zone_workreport_change", args=[report.pk]))
    assert url in change.content.decode()


def test_admin_preview_can_include_draft_values(staff_client):
    IndicatorValue.objects.filter(indicator__code="gdp").update(status=PublicationStatus.DRAFT)
    report = WorkReport.objects.get(year=2017)
    url = reverse("admin:hightech_zone_workreport_preview", args=[report.pk])
    assert "发现 3 处引用无法显示" in staff_client.get(url).content.decode()
    html = staff_client.get(url, {"drafts": "1"}).content.decode()
    assert "所有引用均已解析" in html and "72.6亿元" in html
