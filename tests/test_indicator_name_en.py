"""An indicator's English name: kept on the record, edited in the admin, imported and exported
with the other columns, published by the open-data API, shown on the English site, and given
by the standard catalogue."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hightech_zone.models import Indicator
from tests.factories import IndicatorFactory, ValueFactory
from tests.test_import_admin import confirm, export, preview

pytestmark = pytest.mark.django_db

INDICATORS = "/admin/hightech_zone/indicator/"


def test_the_api_gives_the_english_name_in_json_and_in_its_files(client):
    IndicatorFactory(code="t_gdp", name="测试地区生产总值", name_en="Test gross domestic product")
    IndicatorFactory(code="t_none")
    rows = {r["code"]: r for r in client.get("/api/v1/indicators/").json()["results"]}
    assert rows["t_gdp"]["name_en"] == "Test gross domestic product"
    assert rows["t_none"]["name_en"] == ""
    assert client.get("/api/v1/indicators/t_gdp/").json()["name_en"] == rows["t_gdp"]["name_en"]
    response = client.get("/api/v1/indicators/?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *lines = csv.reader(io.StringIO(text))
    named = {line[0]: dict(zip(header, line, strict=True)) for line in lines}
    assert named["t_gdp"]["英文名称"] == "Test gross domestic product"


def test_the_admin_edits_exports_and_imports_the_english_name(staff_client, publisher):
    indicator = IndicatorFactory(code="t_gdp", name="测试地区生产总值")
    assert "name_en" in staff_client.get(f"{INDICATORS}{indicator.pk}/change/").content.decode()
    exported = export(staff_client, INDICATORS, fmt="1").content.decode("utf-8-sig")
    assert "英文名称" in exported.splitlines()[0]
    staff_client.force_login(publisher)
    text = "指标代码,指标名称,英文名称\r\nt_gdp,测试地区生产总值,Test GDP\r\n"
    page = preview(staff_client, SimpleUploadedFile("指标.csv", text.encode()), url=INDICATORS)
    assert "将新增 0 条,更新 1 条" in page.content.decode()
    assert confirm(staff_client, page, url=INDICATORS).status_code == 302
    assert Indicator.objects.get(code="t_gdp").name_en == "Test GDP"


def test_the_english_site_shows_the_english_name_and_the_chinese_site_the_chinese(client):
    named = IndicatorFactory(code="t_gdp", name="测试地区生产总值", name_en="Test gross product")
    unnamed = IndicatorFactory(code="t_none", name="测试未译指标")
    for indicator in (named, unnamed):
        ValueFactory(indicator=indicator, year=2090, growth_pct=5)
    english = client.get("/en/indicators/t_gdp/").content.decode()
    assert "<title>Test gross product" in english and "测试地区生产总值" not in english
    assert "测试地区生产总值" in client.get("/indicators/t_gdp/").content.decode()
    listed = client.get("/en/indicators/").content.decode()
    assert "Test gross product" in listed and "测试地区生产总值" not in listed
    assert "测试未译指标" in listed, "without an English name, the Chinese one"


def test_the_catalogue_gives_a_blank_english_name_and_keeps_a_given_one(db):
    from hightech_zone.catalogue import load_catalogue

    blank = IndicatorFactory(code="gdp", name="地区生产总值", name_en="")
    given = IndicatorFactory(code="exports", name="外贸出口", name_en="Our exports")
    load_catalogue()
    blank.refresh_from_db()
    given.refresh_from_db()
    assert blank.name_en == "Gross domestic product"
    assert given.name_en == "Our exports"
    created = Indicator.objects.get(code="rd_intensity")
    assert created.name_en == "R&D intensity"
