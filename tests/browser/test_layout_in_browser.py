"""Every public page fits a phone, a tablet and a laptop: no sideways scrolling, no console
error; the admin's change lists fit a 1366 px laptop without scrolling their table."""

import pytest

from hightech_zone.models import (
    ImportOutcome,
    ImportRecord,
    Indicator,
    InnovationPlatform,
    PolicyDocument,
    Project,
    Revision,
    WorkReport,
)
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (360, 768, 1366)

FITS = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def public_paths():
    """Home, the report list and every report, each list, a detail of each type, search, and
    every indicator page, including one with a long code and several years built here."""
    indicator = factories.indicator(
        code="t_a_long_indicator_code_with_no_place_to_break_it_on_a_phone",
        name="测试多年份的一个名字相当长的指标",
        unit="亿元",
    )
    for year, number, growth, rank in ((2091, "50", "10", 4), (2092, "72.6", "45.2", 2)):
        factories.value(
            indicator=indicator,
            year=year,
            value=number,
            growth_pct=growth,
            rank=rank,
            rank_scope="全市",
        )
    return [
        "/",
        "/reports/",
        *(r.get_absolute_url() for r in WorkReport.objects.published()),
        "/indicators/",
        "/projects/",
        "/policies/",
        "/platforms/",
        *(p.get_absolute_url() for p in Project.objects.published()),
        *(p.get_absolute_url() for p in PolicyDocument.objects.published()),
        *(p.get_absolute_url() for p in InnovationPlatform.objects.published()),
        "/search/?q=科技",
        "/data/",
        "/report-error/?page=/policies/",
        *(i.get_absolute_url() for i in Indicator.objects.published()),
    ]


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
def test_every_public_page_fits_the_screen_without_console_errors(page, site, full_zone, width):
    page.set_viewport_size({"width": width, "height": 800})
    problems = []
    paths = public_paths()
    assert len(paths) > len(full_zone.indicators) + len(full_zone.policies) + 20
    for path in paths:
        page.errors.clear()
        response = page.goto(site + path)
        scroll_width, inner_width = page.evaluate(FITS)
        if response.status != 200:
            problems.append(f"{path}: HTTP {response.status}")
        if scroll_width > inner_width:
            problems.append(f"{path}: {scroll_width} px wide on a {inner_width} px screen")
        if page.errors:
            problems.append(f"{path}: {page.errors}")
    assert problems == []


def test_a_list_shows_its_rows_as_cards_on_a_phone_and_as_a_table_on_a_laptop(page, site):
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site + "/policies/")
    row = page.locator("table.data-table tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "flex"
    assert page.locator("table.data-table tbody td[data-label='发文机关']").count() > 0
    page.set_viewport_size({"width": 1366, "height": 800})
    assert row.evaluate("r => getComputedStyle(r).display") == "table-row"


def add_log_records(user, indicator):
    """A row in the lists that start empty, so that their tables are measured too."""
    Revision.objects.create(
        content_type_id=factories.content_type_id(indicator),
        object_id=indicator.pk,
        base_version=indicator.version,
        data={"name": indicator.name},
        note="测试修订说明,写得比较长,看列表是否仍然放得下",
        proposed_by=user,
    )
    ImportRecord.objects.create(
        record_type="指标数值",
        file_name="测试导入文件-一个相当长的文件名-2090年度指标数值.xlsx",
        file_size=12345,
        file_sha256="0" * 64,
        outcome=ImportOutcome.REFUSED,
        errors="第3行:数值不能为负数。",
        user=user,
    )


@pytest.mark.slow
def test_every_admin_change_list_fits_a_1366_px_screen(page, site, full_zone):
    from django.contrib import admin

    user = factories.superuser()
    add_log_records(user, full_zone.gdp)
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong-password")
    page.click("input[type=submit]")  # a failed login, so that the axes lists have rows
    page.fill("#id_username", user.username)
    page.fill("#id_password", user.raw_password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    problems = []
    models = list(admin.site._registry)
    assert len(models) > 15
    for model in models:
        path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        page.errors.clear()
        response = page.goto(site + path)
        table = page.locator("#result_list")
        if response.status != 200:
            problems.append(f"{path}: HTTP {response.status}")
            continue
        if model._default_manager.exists() and table.count() == 0:
            problems.append(f"{path}: no results table")
            continue
        scroll_width, inner_width = page.evaluate(FITS)
        if scroll_width > inner_width:
            problems.append(f"{path}: page {scroll_width} px wide")
        if table.count():
            box = page.locator("#changelist .results").evaluate(
                "r => [r.scrollWidth, r.clientWidth]"
            )
            if box[0] > box[1]:
                problems.append(f"{path}: table {box[0]} px in {box[1]} px")
        if page.errors:
            problems.append(f"{path}: {page.errors}")
    assert problems == []


def test_pages_work_without_javascript_on_a_phone(browser, site, full_zone):
    indicator = factories.indicator(unit="亿元")
    factories.value(indicator=indicator, year=2091, value="50", growth_pct="10")
    factories.value(indicator=indicator, year=2092, value="72.6", growth_pct="45.2")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        page.goto(site + indicator.get_absolute_url())
        table = page.locator("table.data-table tbody")
        assert "72.6亿元" in table.inner_text() and "45.2%" in table.inner_text()
        page.goto(site + full_zone.gdp.get_absolute_url())  # one year: a card, not a chart
        assert "72.6亿元" in page.locator(".figure-card").inner_text()
        page.goto(site + "/policies/")
        page.get_by_label("有效性").select_option("for_comment")
        page.get_by_role("button", name="筛选").click()
        page.wait_for_url("**validity=for_comment**")
        assert "关于进一步做好吸引高校毕业生" in page.locator("table.data-table").inner_text()
        assert page.evaluate(FITS)[0] <= 360
    finally:
        context.close()
