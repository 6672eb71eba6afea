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
from hightech_zone.models import IndicatorValue, PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def digest():
    from hightech_zone.models import zone_data_models

    data = [serializers.serialize("json", m.objects.order_by("pk")) for m in zone_data_models()]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def messages(check):
    return [f.message for f in run_checks() if f.check == check]


def gdp(value="72.6", growth_pct="15.8"):
    """测试地区生产总值 for 2091, stated with its growth on the year before."""
    indicator = factories.indicator(code="t_gdp", name="测试地区生产总值")
    factories.value(indicator=indicator, year=2091, value=value, growth_pct=growth_pct)
    return indicator


def structure(*parts, year=2090):
    """A ratio (测试三次产业比) made of one component indicator per part."""
    ratio = factories.indicator(kind="ratio", name="测试三次产业比", unit="%")
    components = [factories.indicator(parent=ratio, unit="%") for _ in parts]
    for component, part in zip(components, parts, strict=True):
        factories.value(indicator=component, year=year, value=part)
    return components


def incubators(stated, *, reason=""):
    """A count of national incubators, stated for 2090, that the platform list should match."""
    counter = factories.indicator(
        name="测试国家级创业服务中心",
        unit="个",
        counts_platform_kind="incubator",
        counts_platform_level="national",
    )
    return factories.value(
        indicator=counter, year=2090, value=stated, acknowledged_discrepancy=reason
    )


def reporting(body, year=2091):
    """A published report of ``year`` whose one section reads ``body``."""
    report = factories.report(year=year)
    factories.section(report=report, body=body)
    return report


def test_figures_that_agree_give_no_finding():
    indicator = gdp()
    factories.value(indicator=indicator, year=2090, value="62.7")
    structure("10.5", "40", "49.5")
    incubators(1)
    factories.platform(kind="incubator", level="national")
    reporting("实现[[t_gdp]],增长[[t_gdp|growth]]。")
    assert run_checks() == []


def test_a_platform_count_that_the_list_does_not_bear_out_is_reported():
    incubators(1)
    factories.platform(kind="incubator", level="provincial")  # another level does not count
    assert messages("platform_count") == [
        "测试国家级创业服务中心 2090年:填报1个,创新平台名录中有国家级“创业服务中心/孵化器”0个。"
    ]


def test_listing_the_platform_settles_its_count():
    incubators(1)
    assert messages("platform_count")
    factories.platform(name="测试创业服务中心", kind="incubator", level="national")
    assert messages("platform_count") == []


def test_growth_that_disagrees_with_last_year_is_reported():
    indicator = gdp()
    IndicatorValue.objects.create(indicator=indicator, year=2090, value=50)
    found = messages("growth")
    assert found == ["测试地区生产总值 2091年:同比增长填报为15.8%,按2090年数值50计算为45.2%。"]


def test_growth_that_agrees_within_a_point_is_not_reported():
    indicator = gdp()
    IndicatorValue.objects.create(indicator=indicator, year=2090, value="62.7")  # +15.79%
    assert messages("growth") == []


def test_ratio_that_does_not_add_up_is_reported():
    structure("6.6", "43.4", "50")
    assert messages("ratio") == []
    structure_broken()
    assert messages("ratio") == ["测试三次产业比 2090年:各组成部分之和为93.4,应为100。"]


def structure_broken():
    """Lower the ratio's 50 part to 43.4, so that the parts add up to 93.4."""
    parts = IndicatorValue.objects.filter(indicator__parent__name="测试三次产业比", value=50)
    assert parts.update(value="43.4") == 1


def test_dangling_and_draft_references_are_reported():
    retail = factories.value(indicator=factories.indicator(code="t_retail_sales"), year=2091)
    reporting("社会消费品零售额[[t_retail_sales]]。\n另有[[no_such_indicator]]。")
    found = messages("reference")
    assert len(found) == 1 and "[[no_such_indicator]]" in found[0]
    IndicatorValue.objects.filter(pk=retail.pk).update(status=PublicationStatus.DRAFT)
    found = messages("reference")
    assert any("[[no_such_indicator]]" in m for m in found)
    assert any("t_retail_sales" in m and "没有已发布的数值" in m for m in found)


def test_checks_change_nothing():
    structure("6.6", "43.4", "50")
    structure_broken()
    incubators(1)
    reporting("另有[[no_such_indicator]]。")
    before = digest()
    assert run_checks()
    call_command("check_consistency", stdout=StringIO())
    assert digest() == before


def test_command_prints_findings_and_fails_only_when_strict():
    structure("6.6", "43.4", "50")
    structure_broken()
    out = StringIO()
    call_command("check_consistency", stdout=out)
    assert "构成比之和不为100:1 项" in out.getvalue()
    assert "平台数量与平台名录不符:0 项" in out.getvalue()
    with pytest.raises(CommandError, match="发现 1 项问题"):
        call_command("check_consistency", "--strict", stdout=StringIO())


def test_admin_page_lists_problems_and_acknowledged_findings_for_staff_only(staff_client):
    structure("6.6", "43.4", "50")
    structure_broken()
    incubators(1, reason="报告只给出数量,没有列出名称。")
    url = reverse("admin_consistency")
    assert Client().get(url).status_code == 302
    html = staff_client.get(url).content.decode()
    assert "数据一致性检查" in html
    assert "测试三次产业比 2090年" in html
    assert "共发现 1 项问题" in html
    assert "已确认、按原文保留(不计为问题)(1)" in html
    assert "测试国家级创业服务中心 2090年" in html and "没有列出名称" in html


def test_admin_index_links_to_the_check(staff_client):
    assert reverse("admin_consistency") in staff_client.get(reverse("admin:index")).content.decode()


def test_admin_preview_flags_references_to_nothing(staff_client):
    gdp()
    report = reporting("实现[[t_gdp]]。")
    url = reverse("admin:hightech_zone_workreport_preview", args=[report.pk])
    assert "所有引用均已解析" in staff_client.get(url).content.decode()
    section = report.sections.get()
    section.body += "\n引用[[missing_code]]与[[t_gdp|colour]]。"
    section.save()
    html = staff_client.get(url).content.decode()
    assert "发现 2 处引用无法显示" in html
    assert '<mark class="figure-missing"' in html and "[[missing_code]]" in html
    assert "72.6亿元" in html
    change = staff_client.get(reverse("admin:hightech_zone_workreport_change", args=[report.pk]))
    assert url in change.content.decode()


def test_admin_preview_can_include_draft_values(staff_client):
    indicator = gdp()
    report = reporting("实现[[t_gdp]]。\n同比增长[[t_gdp|growth]]。\n即[[t_gdp]]。")
    IndicatorValue.objects.filter(indicator=indicator).update(status=PublicationStatus.DRAFT)
    url = reverse("admin:hightech_zone_workreport_preview", args=[report.pk])
    assert "发现 3 处引用无法显示" in staff_client.get(url).content.decode()
    html = staff_client.get(url, {"drafts": "1"}).content.decode()
    assert "所有引用均已解析" in html and "72.6亿元" in html
