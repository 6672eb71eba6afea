"""Injected markup never runs in a real browser, on public pages or in the admin."""

import pytest

from tests.conftest import public_pages
from tests.test_security import admin_pages, poison_every_text_field

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.slow
def test_no_dialog_fires_on_any_page_with_poisoned_records(browser, site, django_user_model):
    poison_every_text_field()
    admin = django_user_model.objects.create_superuser("root", password="不易猜到的密码-2017")
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    for url in public_pages(query="script"):
        page.goto(site + url)
        page.wait_for_load_state("load")

    page.goto(site + "/admin/login/")
    page.get_by_label("用户名").fill(admin.username)
    page.get_by_label("密码").fill("不易猜到的密码-2017")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")
    for url in admin_pages():
        page.goto(site + url)
        page.wait_for_load_state("load")

    assert dialogs == []
    context.close()
