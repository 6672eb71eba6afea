"""A zone other than the first starts from nothing and publishes its first years, as staff would."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from hightech_zone.models import Indicator, IndicatorValue, PublicationStatus, ZoneProfile
from tests import factories
from tests.test_import_admin import confirm, csv_file, preview

pytestmark = pytest.mark.django_db

INDICATORS = "/admin/hightech_zone/indicator/"
VALUES = "/admin/hightech_zone/indicatorvalue/"
NAME = "测试滨江高新技术产业开发区"


def publish_all(client, url, model):
    ids = list(model.objects.values_list("pk", flat=True))
    response = client.post(url, {"action": "publish_selected", "_selected_action": ids})
    assert response.status_code == 302


def imported(client, url, text, *, fmt="0"):
    page = preview(client, csv_file(text, encoding="utf-8"), url=url, fmt=fmt)
    assert page.status_code == 200 and "confirm_form" in page.context, page.content.decode()
    done = confirm(client, page, url=url)
    assert done.status_code == 302


def test_a_new_zone_goes_from_nothing_to_published_actuals_and_targets(client):
    out = io.StringIO()
    call_command("bootstrap", "--zone", "empty", stdout=out)
    assert not ZoneProfile.objects.exists() and not IndicatorValue.objects.exists()
    catalogue = Indicator.objects.count()
    assert catalogue >= 30 and not Indicator.objects.published().exists()

    call_command(
        "start_zone",
        "--no-input",
        "--name",
        NAME,
        "--short-name",
        "测试滨江高新区",
        "--level",
        "国家级",
        "--founded-year",
        "2031",
        "--area",
        "88.5",
        "--management-body",
        "测试滨江高新区管委会",
        stdout=io.StringIO(),
    )
    profile = ZoneProfile.objects.get()
    assert (profile.name, profile.area_km2, profile.management_body) == (
        NAME,
        Decimal("88.5"),
        "测试滨江高新区管委会",
    )

    editor = factories.UserFactory(role="编辑")
    client.force_login(editor)
    # Names only: the catalogue knows their codes, units and definitions.
    imported(client, INDICATORS, "指标名称,首页重点指标\n地区生产总值,是\n全社会固定资产投资,是\n")
    assert Indicator.objects.count() == catalogue
    gdp = Indicator.objects.get(name="地区生产总值")
    investment = Indicator.objects.get(aliases__contains="全社会固定资产投资")
    assert gdp.is_headline and investment.is_headline and gdp.unit == "亿元"

    imported(
        client,
        VALUES,
        "指标,年度,数值,同比增长(%),增长口径,排名(第几位),排名范围,排名变化(位),排名变化对比年份\n"
        "地区生产总值,2040,1083.6,15.8,按可比口径,16,全国高新区,4,2035\n"
        "全社会固定资产投资,2040,310,-2.5,按现价,,,,\n",
    )
    # The bureau's layout: next year's targets in a column of their own, names as staff know them.
    imported(
        client, VALUES, "指标,单位,2041年目标\n地区生产总值,亿元,1200\n固投,亿元,330\n", fmt="1"
    )
    actual = IndicatorValue.objects.get(indicator=gdp, year=2040)
    assert actual.value == Decimal("1083.6") and actual.status == PublicationStatus.DRAFT
    assert IndicatorValue.objects.get(indicator=gdp, year=2041).target_value == 1200

    client.force_login(factories.UserFactory(role="审核发布"))
    publish_all(client, INDICATORS, Indicator)
    publish_all(client, VALUES, IndicatorValue)
    client.logout()

    page = client.get(gdp.get_absolute_url()).content.decode()
    for shown in ("1083.6", "15.8%(按可比口径)", "全国高新区由2035年的第20位上升到第16位", "1200"):
        assert shown in page
    assert "锦州" not in page and NAME in page

    home = client.get("/").content.decode()
    assert "1083.6" in home and NAME in home and "锦州" not in home

    download = client.get("/indicators/", {"year": 2040, "_export": "csv"})
    rows = {
        row["指标"]: row
        for row in csv.DictReader(io.StringIO(download.content.decode("utf-8-sig")))
    }
    assert rows["地区生产总值"]["增长口径"] == "按可比口径"
    assert rows["地区生产总值"]["排名变化对比年份"] == "2035"
    assert rows["地区生产总值"]["数值"] == "1083.6"
    targets = client.get("/indicators/", {"year": 2041, "_export": "csv"})
    rows = {
        row["指标"]: row for row in csv.DictReader(io.StringIO(targets.content.decode("utf-8-sig")))
    }
    assert rows["地区生产总值"]["预期目标"] == "1200"
    assert rows[investment.name]["预期目标"] == "330"
