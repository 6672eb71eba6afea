"""One number format and one date style per language, on pages, in the admin and in exports."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
import tablib
from django.utils import timezone
from django.utils.html import strip_tags
from openpyxl import load_workbook

from hightech_zone.importing.formats import write_workbook
from hightech_zone.numbers import chart_number, figure, format_number, format_quantity, plain
from tests import factories
from tests.test_import_admin import export

pytestmark = pytest.mark.django_db

TRAILING_ZERO = re.compile(r"\d\.\d*0(?!\d)")


def page_text(response):
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("72.6000", "72.6"),
        ("15.80", "15.8"),
        ("3.7700", "3.77"),
        ("20.0000", "20"),
        ("2E+1", "20"),
        ("0.0001", "0.0001"),
        ("1E-7", "0.0000001"),
        ("-3.50", "-3.5"),
        ("17505.0000", "17505"),
    ],
)
def test_a_figure_keeps_its_decimals_without_padding_or_exponent(stored, shown):
    assert format_number(Decimal(stored), "zh-hans") == shown
    assert plain(Decimal(stored)) == shown
    assert str(figure(Decimal(stored))) == shown or format(figure(Decimal(stored)), "f") == shown


def test_english_groups_thousands_and_chinese_writes_figures_as_the_report_does():
    assert format_number(Decimal("17505.0000"), "en") == "17,505"
    assert format_number(Decimal("1234.5600"), "en") == "1,234.56"
    assert format_number(Decimal("17505.0000"), "zh-hans") == "17505"


def test_figures_for_charts_and_spreadsheets_are_numbers():
    assert figure(Decimal("20.0000")) == 20 and isinstance(figure(Decimal("20.0000")), int)
    assert figure(Decimal("72.6000")) == Decimal("72.6")
    assert chart_number(Decimal("72.6000")) == 72.6 and chart_number(Decimal("21.00")) == 21
    assert isinstance(chart_number(Decimal("21.00")), int) and chart_number(None) is None
    assert figure("330余") == "330余"  # text stays text


@pytest.mark.parametrize(
    ("value", "qualifier", "unit", "chinese", "english"),
    [
        ("20.00", "", "万人", "20万人", "200,000 people"),
        ("72.6000", "", "亿元", "72.6亿元", "7.26 billion yuan"),
        ("5", "约", "亿元", "约5亿元", "about 500 million yuan"),
        ("1229", "", "万元", "1229万元", "12.29 million yuan"),
        ("3.7700", "", "万平方米", "3.77万平方米", "37,700 m²"),
        ("330", "余", "件", "330余件", "more than 330"),
        ("20", "多", "个工作日", "20多个工作日", "more than 20 working days"),
        ("100", "以上", "家", "100家以上", "over 100"),
        ("220", "", "平方公里", "220平方公里", "220 km²"),
        ("15.80", "", "%", "15.8%", "15.8%"),
    ],
)
def test_quantities_read_naturally_in_each_language(value, qualifier, unit, chinese, english):
    assert format_quantity(Decimal(value), qualifier, unit, "zh-hans") == chinese
    assert format_quantity(Decimal(value), qualifier, unit, "en") == english


def test_detail_pages_show_figures_without_trailing_zeros(client):
    platform = factories.platform(
        total_investment=Decimal("3.7700"), floor_area=Decimal("7.5000"), signed_projects=8
    )
    project = factories.project(total_investment=Decimal("12.5000"), platform=platform)
    platform_text = page_text(client.get(platform.get_absolute_url()))
    assert "3.77亿元" in platform_text and "7.5万平方米" in platform_text
    project_text = page_text(client.get(project.get_absolute_url()))
    assert "12.5亿元" in project_text
    for text in (platform_text, project_text):
        assert not TRAILING_ZERO.search(text), TRAILING_ZERO.findall(text)


def test_list_pages_show_figures_without_trailing_zeros(client):
    factories.platform(total_investment=Decimal("3.7700"), floor_area=Decimal("7.5000"))
    factories.project(total_investment=Decimal("12.5000"))
    value = factories.value(value=Decimal("72.6000"), growth_pct=Decimal("15.80"), year=2091)
    pages = {
        "/platforms/": ["3.77", "7.5"],
        "/projects/": ["12.5"],
        "/indicators/?year=2091": ["72.6", "15.8"],
        value.indicator.get_absolute_url(): ["72.6亿元", "15.8%"],
    }
    for url, figures in pages.items():
        text = page_text(client.get(url))
        for shown in figures:
            assert shown in text, (url, shown)
        assert not TRAILING_ZERO.search(text), (url, TRAILING_ZERO.findall(text))


def test_chart_data_holds_clean_numbers(client):
    value = factories.value(value=Decimal("72.6000"), growth_pct=Decimal("21.00"), year=2092)
    factories.value(
        indicator=value.indicator, value=Decimal("80.5000"), growth_pct=Decimal("10.80"), year=2093
    )
    html = client.get(value.indicator.get_absolute_url()).content.decode()
    data = re.search(r'id="indicator-chart-data"[^>]*>(.*?)</script>', html).group(1)
    assert '"data": [72.6, 80.5]' in data and '"data": [21, 10.8]' in data
    assert '"labels": ["72.6", "80.5"]' in data


def test_the_english_home_page_writes_units_in_english(client):
    factories.zone(population_wan=Decimal("20.00"), area_km2=Decimal("220"))
    headline = factories.indicator(is_headline=True, unit="亿元")
    factories.value(indicator=headline, value=Decimal("72.6000"))
    text = page_text(client.get("/en/"))
    assert "200,000 people" in text and "220 km²" in text
    assert "×10,000" not in text and "7.26 billion yuan" in text
    chinese = page_text(client.get("/"))
    assert "20万人" in chinese and "72.6亿元" in chinese


def test_each_language_writes_dates_in_one_style(client):
    factories.zone(founded_year=2031, founded_month=11)
    factories.report(issued_on=datetime.date(2093, 4, 17), year=2093)
    for url, style, other in [
        ("/reports/", "2093年4月17日", "April 17, 2093"),
        ("/en/reports/", "April 17, 2093", "2093年4月17日"),
    ]:
        text = page_text(client.get(url))
        assert style in text and other not in text
        assert not re.search(r"\d{4}-\d\d-\d\d", text), url  # no ISO dates for readers
    assert "November 2031" in page_text(client.get("/en/"))
    assert "2031年11月" in page_text(client.get("/"))


@pytest.mark.parametrize("kind", ["report", "indicator", "project", "policy", "platform"])
def test_every_detail_page_shows_when_the_record_was_published(client, kind):
    published_at = timezone.make_aware(datetime.datetime(2094, 3, 5, 10, 0))
    record = getattr(factories, kind)(published_at=published_at)
    if kind == "report":
        record.year = 2094
        record.save()
    text = page_text(client.get(record.get_absolute_url()))
    assert "本站发布日期 2094年3月5日" in text
    english = page_text(client.get("/en" + record.get_absolute_url()))
    assert "March 5, 2094" in english


def csv_rows(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response):
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_portal_csv_writes_plain_numbers_without_trailing_zeros(client):
    factories.platform(name="测试数字平台", total_investment="3.7700", floor_area="7.5000")
    factories.value(value=Decimal("72.6000"), growth_pct=Decimal("15.80"), year=2095)
    header, *rows = csv_rows(client.get("/platforms/", {"_export": "csv"}))
    platform = next(r for r in rows if r[0] == "测试数字平台")
    assert platform[header.index("总投资(亿元)")] == "3.77"
    assert platform[header.index("建筑面积(万平方米)")] == "7.5"
    header, row = csv_rows(client.get("/indicators/", {"year": 2095, "_export": "csv"}))
    assert (row[header.index("数值")], row[header.index("同比增长(%)")]) == ("72.6", "15.8")
    body = client.get("/indicators/", {"year": 2095, "_export": "csv"}).content.decode()
    assert "72.6" in body and not TRAILING_ZERO.search(body), TRAILING_ZERO.findall(body)


def test_portal_xlsx_holds_number_cells(client):
    factories.project(name="测试数字项目", total_investment="12.5000")
    factories.value(value=Decimal("72.6000"), year=2095)
    factories.value(value=Decimal("20.0000"), year=2095)
    header, *rows = xlsx_rows(client.get("/projects/", {"_export": "xlsx"}))
    project = next(r for r in rows if r[0] == "测试数字项目")
    cell = project[header.index("总投资(亿元)")]
    assert isinstance(cell, float) and cell == 12.5
    header, *rows = xlsx_rows(client.get("/indicators/", {"year": 2095, "_export": "xlsx"}))
    values = [r[header.index("数值")] for r in rows if r[header.index("数值")] is not None]
    assert sorted(values) == [20, 72.6] and all(isinstance(v, int | float) for v in values)


def test_admin_exports_hold_numbers_in_xlsx_and_plain_digits_in_csv(staff_client):
    value = factories.value(value=Decimal("72.6000"), growth_pct=Decimal("20.00"), year=2096)
    url = "/admin/hightech_zone/indicatorvalue/"
    header, *rows = xlsx_rows(export(staff_client, url, fmt="0"))
    row = next(r for r in rows if r[0] == value.indicator.code)
    assert row[header.index("数值")] == 72.6 and isinstance(row[header.index("数值")], float)
    assert row[header.index("同比增长(%)")] == 20 and isinstance(
        row[header.index("同比增长(%)")], int
    )
    header, *rows = csv_rows(export(staff_client, url, fmt="1"))
    row = next(r for r in rows if r[0] == value.indicator.code)
    assert (row[header.index("数值")], row[header.index("同比增长(%)")]) == ("72.6", "20")


def test_the_by_year_export_writes_figures_as_number_cells(staff_client):
    exact = factories.value(value=Decimal("72.6000"), year=2097)
    whole = factories.value(value=Decimal("20.0000"), year=2097)
    about = factories.value(value=Decimal("330"), qualifier="余", year=2097)
    url = "/admin/hightech_zone/indicatorvalue/export-by-year/"
    header, *rows = xlsx_rows(staff_client.get(url, {"year": 2097}))
    cells = {r[0]: r[header.index("2097")] for r in rows}
    assert cells[exact.indicator.name] == 72.6 and isinstance(cells[exact.indicator.name], float)
    assert cells[whole.indicator.name] == 20 and isinstance(cells[whole.indicator.name], int)
    assert cells[about.indicator.name] == "330余"  # a qualified figure is text, as written


def test_xlsx_columns_are_as_wide_as_chinese_text_counts(client):
    data = tablib.Dataset(headers=["名称名称名称名称", "abcdefgh"], title="宽度")
    data.append(["中文中文中文中文", "abcdefgh"])
    sheet = load_workbook(io.BytesIO(write_workbook([data]))).active
    chinese, latin = sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width
    assert chinese > latin >= 8
    factories.policy(title="测试高新区关于进一步促进科技成果转化的若干政策措施")
    factories.policy(title="测试短标题")
    response = client.get("/policies/", {"_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    longest = max(len(str(r[0].value or "")) for r in sheet.iter_rows(max_col=1))
    assert sheet.column_dimensions["A"].width >= min(2 * longest, 60)  # the portal's too


def test_the_admin_shows_figures_without_trailing_zeros_in_lists_and_read_only_pages(
    client, viewer, editor
):
    project = factories.project(name="测试后台数字", total_investment=Decimal("12.5000"))
    client.force_login(viewer)
    listing = client.get("/admin/hightech_zone/project/", {"q": "测试后台数字"})
    assert listing.status_code == 200
    cells = re.findall(r'<td class="field-total_investment[^"]*">([^<]*)</td>', listing.text)
    assert cells == ["12.5"]
    for user in (viewer, editor):  # one may only view; the other may not change what is public
        client.force_login(user)
        page = client.get(f"/admin/hightech_zone/project/{project.pk}/change/")
        assert page.status_code == 200
        text = page_text(page)
        assert "12.5" in text and "12.5000" not in text
    value = factories.value(value=Decimal("72.6000"), growth_pct=Decimal("15.80"), year=2098)
    listing = client.get("/admin/hightech_zone/indicatorvalue/", {"year": 2098})
    assert "72.6亿元" in listing.text and "15.8%" in listing.text
    assert not TRAILING_ZERO.search(page_text(listing))
    client.force_login(viewer)
    page = page_text(client.get(f"/admin/hightech_zone/indicatorvalue/{value.pk}/change/"))
    assert "72.6" in page and "72.6000" not in page and "15.80" not in page
