"""A staff member imports a spreadsheet through the admin, as in a real browser."""

import pytest
from django.contrib.auth.models import Permission

from hightech_zone.models import ImportRecord, IndicatorValue
from tests.browser.full_zone import ZONE_YEAR

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "不易猜到的密码-2017"


def log_in(page, site, django_user_model):
    user = django_user_model.objects.create_user("importer", password=PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="hightech_zone"))
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "importer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    return user


def test_staff_upload_a_gbk_csv_see_the_preview_and_confirm(
    page, site, full_zone, django_user_model, tmp_path
):
    code, year = full_zone.gdp.code, ZONE_YEAR + 1
    user = log_in(page, site, django_user_model)
    page.goto(f"{site}/admin/hightech_zone/indicatorvalue/")
    page.click("a.import_link")
    upload = tmp_path / "统计表.csv"
    upload.write_bytes(f"指标,年度,数值,备注\r\n{code},{year},80.5,快报\r\n".encode("gbk"))
    page.set_input_files("#id_import_file", str(upload))
    page.click("input[type=submit]")
    # Selectors that exist only on the next page, so that each read waits for it.
    assert "将新增 1 条,更新 0 条" in page.inner_text(".import-summary")
    assert not IndicatorValue.objects.filter(year=year).exists()
    page.click("input[name=confirm]")
    assert "导入完成:新增 1 条,更新 0 条,未变 0 条" in page.inner_text(".messagelist .success")
    assert IndicatorValue.objects.get(indicator__code=code, year=year).note == "快报"
    assert ImportRecord.objects.get().user == user
    assert page.errors == []


def test_a_bad_row_is_shown_in_chinese_and_nothing_is_written(
    page, site, full_zone, django_user_model, tmp_path
):
    code, year = full_zone.gdp.code, ZONE_YEAR + 1
    log_in(page, site, django_user_model)
    page.goto(f"{site}/admin/hightech_zone/indicatorvalue/import/")
    upload = tmp_path / "有误.csv"
    rows = f"指标,年度,数值\r\n{code},{year},80\r\n{code},{year + 1},很多\r\n"
    upload.write_bytes(rows.encode("gbk"))
    page.set_input_files("#id_import_file", str(upload))
    page.click("input[type=submit]")
    assert "第3行,“数值”:“很多”不是数字" in page.inner_text(".import-errors")
    assert page.locator("input[name=confirm]").count() == 0
    assert not IndicatorValue.objects.filter(year__in=[year, year + 1]).exists()
