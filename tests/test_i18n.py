"""Chinese at the root, English under /en/: every interface string is translated."""

import json
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.conftest import SITE_YEAR

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_records")]

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def test_every_english_message_is_translated_and_not_fuzzy():
    po = polib.pofile(str(CATALOG / "django.po"))
    assert len(po) > 300
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_compiled_catalog_matches_the_translations():
    po = polib.pofile(str(CATALOG / "django.po"))
    mo = polib.mofile(str(CATALOG / "django.mo"))
    compiled = {(e.msgid, e.msgstr or tuple(sorted(e.msgstr_plural.items()))) for e in mo}
    source = {
        (e.msgid, e.msgstr or tuple(sorted(e.msgstr_plural.items())))
        for e in po.translated_entries()
    }
    assert source <= compiled, "run: make messages"


@pytest.mark.parametrize(
    ("url", "chinese", "english"),
    [
        ("/", "园区概况", "Zone profile"),
        (f"/reports/{SITE_YEAR}/", "本节指标", "Indicators in this section"),
        ("/indicators/", f"{SITE_YEAR}年指标数据", f"Indicators, {SITE_YEAR}"),
        ("/indicators/t_output/", "同比增长", "Year-on-year growth"),
        ("/projects/", "建设阶段", "Stage"),
        ("/policies/", "发文机关", "Issued by"),
        ("/platforms/", "平台类型", "Platform type"),
        # The label: every page's <meta name="Keywords"> is an inspector's name, in any language.
        ("/search/?q=科技", ">关键词</label>", ">Keywords</label>"),
        ("/report-error/?page=/policies/", "我为政府网站找错", "Report an error"),
    ],
)
def test_each_page_speaks_chinese_at_the_root_and_english_under_en(client, url, chinese, english):
    zh = client.get(url)
    en = client.get("/en" + url)
    assert zh.status_code == en.status_code == 200
    assert chinese in zh.content.decode() and english not in zh.content.decode()
    assert english in en.content.decode()
    assert '<html lang="en">' in en.content.decode()
    assert '<html lang="zh-hans">' in zh.content.decode()


def test_english_pages_keep_content_as_staff_entered_it(client, site_records):
    html = client.get(f"/en{site_records.report.get_absolute_url()}").content.decode()
    assert "全区测试总产值实现" in html and "72.6亿元" in html and "全市第2位" in html
    assert site_records.project.name in html and "Projects in this section" in html
    assert "Skip to content" in html


def test_language_switch_links_to_the_same_page_in_the_other_language(client):
    zh = client.get("/projects/", {"stage": "in_operation"}).content.decode()
    assert 'href="/en/projects/?stage=in_operation"' in zh
    en = client.get("/en/projects/", {"stage": "in_operation"}).content.decode()
    assert 'href="/projects/?stage=in_operation"' in en


def test_english_downloads_have_english_headers(client):
    body = client.get("/en/projects/", {"_export": "csv"}).content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Project,Phase,Industry")


def test_admin_of_the_login_lockout_reads_in_chinese(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "登录尝试" in html and "Access attempts" not in html


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_chinese_catalogue_for_third_party_admin_strings_is_compiled(domain):
    folder = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
    po = polib.pofile(str(folder / f"{domain}.po"))
    mo = polib.mofile(str(folder / f"{domain}.mo"))
    assert po.untranslated_entries() == []
    assert {(e.msgid, e.msgstr) for e in po} == {(e.msgid, e.msgstr) for e in mo if e.msgid}


def test_admin_home_names_every_section_and_column_in_chinese(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "登录安全" in html and ">Axes<" not in html
    assert "模型名称" in html and "Model name" not in html and "Add link" not in html


def test_user_add_page_reads_in_chinese(admin_client):
    html = admin_client.get("/admin/auth/user/add/").content.decode()
    assert "创建用户之后" in html and "After you" not in html


def test_group_permissions_are_named_in_chinese_without_history_tables(admin_client):
    form = admin_client.get("/admin/auth/group/add/").context["adminform"].form
    labels = [str(label) for _, label in form.fields["permissions"].choices]
    assert "高新区数据 | 指标 | 新增指标" in labels
    assert "高新区数据 | 指标 | 可以发布、撤回指标" in labels
    assert not [x for x in labels if "Can " in x or "historical" in x or "Historical" in x]


def test_admin_script_catalogue_is_served_in_chinese(admin_client):
    script = admin_client.get("/admin/jsi18n/").content.decode()
    for english, chinese in [("Choose all %s", "选择全部%s"), ("Chosen %s", "选中的 %s")]:
        assert f"{json.dumps(english)}: {json.dumps(chinese)}" in script


def test_login_records_are_named_in_chinese(admin_client):
    from axes.models import AccessLog

    record = AccessLog.objects.create(
        username="某人", ip_address="127.0.0.1", user_agent="x", http_accept="x", path_info="/"
    )
    assert str(record).startswith("某人 于 ") and "Access Log" not in str(record)
    html = admin_client.get(f"/admin/axes/accesslog/{record.pk}/change/").content.decode()
    assert "登录记录" in html and "Access Log for" not in html
    assert "浏览器可接受的内容类型" in html and "HTTP Accept" not in html
