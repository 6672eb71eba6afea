"""A work report in real Chromium, on a phone and on a desktop, on screen and in print."""

import pytest

from tests.browser.full_zone import REPORT_TITLE

pytestmark = pytest.mark.django_db(transaction=True)

STYLE = """el => {
  const s = getComputedStyle(el);
  return {color: s.color, weight: s.fontWeight, line: s.textDecorationLine,
          outline: s.outlineStyle, display: s.display};
}"""


@pytest.mark.parametrize("width", [360, 1366])
def test_the_report_reads_as_a_document_with_quiet_figures_and_folded_data(
    page, site, full_zone, width
):
    page.set_viewport_size({"width": width, "height": 900})
    report = full_zone.report.get_absolute_url()
    page.goto(site + report)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert page.get_by_role("heading", level=1).inner_text() == REPORT_TITLE
    assert page.locator(".figure-missing").count() == 0  # every figure in the text is found

    # A figure reads as the sentence around it until it is hovered or reached by keyboard.
    figure = page.get_by_role("link", name="72.6亿元", exact=True)
    sentence = figure.locator("xpath=..").evaluate(STYLE)
    quiet = figure.evaluate(STYLE)
    assert (quiet["color"], quiet["weight"], quiet["line"]) == (
        sentence["color"],
        sentence["weight"],
        "none",
    )
    assert figure.get_attribute("title") == full_zone.gdp.name
    figure.hover()
    assert figure.evaluate(STYLE)["line"] == "underline"
    page.mouse.move(0, 0)
    figure.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    focused = figure.evaluate(STYLE)
    assert figure.evaluate("el => el === document.activeElement")
    assert focused["outline"] == "solid" and focused["line"] == "underline"

    # The section's tables wait behind 本节数据, closed, and open without any script of ours.
    disclosure = page.locator("details.section-data").nth(1)
    table = disclosure.get_by_role("table", name="本节指标")
    assert not table.is_visible()
    disclosure.get_by_text("本节数据").click()
    assert table.is_visible()

    # The contents take the reader to the section.
    page.get_by_role("navigation", name="目录").get_by_role(
        "link", name="三、体制机制改革推进情况"
    ).click()
    page.wait_for_url(f"**{report}#section-3")
    assert page.locator("#section-3").evaluate("el => el.getBoundingClientRect().top") < 100

    # The issuing body, then the date below it, both at the right edge of the text.
    issuer = page.locator(".report-signature .report-issuer").bounding_box()
    issued = page.locator(".report-signature .report-date").bounding_box()
    text = page.locator(".report-closing").bounding_box()
    assert issuer["y"] + issuer["height"] <= issued["y"]
    issuer_right = page.locator(".report-issuer").evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " return r.getBoundingClientRect().right; }"
    )
    date_right = page.locator(".report-date").evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " return r.getBoundingClientRect().right; }"
    )
    right_edge = text["x"] + text["width"]
    assert abs(issuer_right - right_edge) < 2 and abs(date_right - right_edge) < 2

    assert page.get_by_role("button", name="打印").is_visible()
    assert page.errors == []


def test_the_print_button_prints_and_the_print_shows_only_the_document(page, site, full_zone):
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    page.goto(site + full_zone.report.get_absolute_url())
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("window.printed") == 1

    page.locator("details.section-data").first.get_by_text("本节数据").click()
    page.emulate_media(media="print")
    for hidden in [
        ".site-header",
        ".site-nav",
        ".report-toc",
        ".report-actions",
        "details.section-data",
        ".chart",
        ".site-footer",
    ]:
        assert not page.locator(hidden).first.is_visible(), hidden
    figure = page.get_by_role("link", name="72.6亿元", exact=True)
    style = figure.evaluate(STYLE)
    assert style["color"] == "rgb(0, 0, 0)" and style["line"] == "none"
    assert page.locator(".report-signature").is_visible()
    assert page.errors == []


@pytest.mark.slow
def test_the_pdf_link_downloads_the_report_under_its_title(page, site, full_zone):
    page.goto(site + full_zone.report.get_absolute_url())
    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载PDF").click()
    download = download_info.value
    assert download.suggested_filename == f"{REPORT_TITLE}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
