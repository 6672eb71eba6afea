"""A new zone from nothing (issue 13): start_zone, bootstrap --zone, and an empty zone's pages."""

import os
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connections
from django.urls import URLPattern, reverse

from hightech_zone import catalogue, demo
from hightech_zone.management.commands.start_zone import Command as StartZone
from hightech_zone.models import Indicator, ZoneProfile, zone_data_models
from portal.urls import urlpatterns as portal_urls
from tests import factories

pytestmark = pytest.mark.django_db

FULL = {
    "name": "测试高新技术产业开发区",
    "short_name": "测试高新区",
    "level": "省级高新区",
    "founded_year": "2031",
    "founded_month": "6",
    "area_km2": "12.5",
    "population_wan": "3.2",
    "management_body": "测试高新区管理委员会",
    "site_sponsor": "测试高新区管委会办公室",
    "site_code": "2107000099",
    "icp_number": "京ICP备00000001号",
    "police_record_number": "京公网安备 00000000000001号",
    "contact_email": "office@test.example",
    "conac_url": "https://bszs.conac.cn/sitename?method=show&id=TEST",
}


class Terminal(StringIO):
    """Typed answers, read as from a terminal."""

    def isatty(self):
        return True


def start_zone(**options):
    out = StringIO()
    call_command("start_zone", stdout=out, **options)
    return out.getvalue()


def nothing_written():
    return not ZoneProfile.objects.exists() and not Indicator.objects.exists()


def test_start_zone_with_options_creates_the_profile_and_loads_the_catalogue():
    output = start_zone(**FULL)
    zone = ZoneProfile.objects.get()
    assert (zone.name, zone.short_name, zone.level) == (FULL["name"], "测试高新区", "provincial")
    assert (zone.founded_year, zone.founded_month) == (2031, 6)
    assert (zone.area_km2, zone.population_wan) == (Decimal("12.5"), Decimal("3.2"))
    assert zone.management_body == "测试高新区管理委员会"
    assert (zone.site_sponsor, zone.site_code) == ("测试高新区管委会办公室", "2107000099")
    assert (zone.icp_number, zone.police_record_number) == (
        "京ICP备00000001号",
        "京公网安备 00000000000001号",
    )
    assert (zone.contact_email, zone.conac_url) == (FULL["contact_email"], FULL["conac_url"])
    assert zone.history.get().history_change_reason == "设置园区概况"
    entries = catalogue.read_catalogue().entries
    assert Indicator.objects.count() == len(entries)
    assert "已创建园区概况:测试高新技术产业开发区" in output
    assert f"新建草稿指标 {len(entries)} 个" in output
    assert "下一步" in output


def test_on_a_terminal_start_zone_asks_for_what_is_missing_and_insists_on_the_name():
    answers = Terminal("\n测试问答高新区\nnational\n2032\n\n\n\n\n\n2107000100\n\n\n\n\n")
    output = start_zone(stdin=answers, short_name="测试简称")
    zone = ZoneProfile.objects.get()
    assert (zone.name, zone.short_name, zone.level) == ("测试问答高新区", "测试简称", "national")
    assert (zone.founded_year, zone.founded_month, zone.site_code) == (2032, None, "2107000100")
    assert "园区全称(必填):" in output and "此项必填" in output
    assert "简称" not in output.split("园区级别")[0]  # given as an option: not asked


def test_input_that_ends_before_the_name_writes_nothing():
    with pytest.raises(CommandError, match="输入已结束,未写入任何内容"):
        start_zone(stdin=Terminal("\n"))
    assert nothing_written()


def test_without_a_terminal_a_missing_name_is_refused_in_chinese():
    with pytest.raises(CommandError, match=r"缺少必填项:园区全称\(--name\)"):
        start_zone(stdin=StringIO("测试不该读到\n"), short_name="测试")
    with pytest.raises(CommandError, match="缺少必填项"):
        start_zone(stdin=Terminal("测试也不该读到\n"), interactive=False)
    assert nothing_written()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("founded_year", "测试年", "组建年份:“测试年”的值应该是一个整型"),
        ("founded_year", "1800", "组建年份:"),
        ("founded_month", "13", "组建月份:"),
        ("area_km2", "-3", "辖区面积(平方公里):确保该值大于或等于0"),
        ("population_wan", "很多", "人口(万人):"),
        ("level", "县级", "园区级别:“县级”不是可选的园区级别;可选:国家级高新区、省级高新区"),
        ("site_code", "1" * 30, "网站标识码:"),
        ("site_code", "210700001", "网站标识码:网站标识码应为10位数字"),
        ("icp_number", "ICP备12345678号", "ICP备案号:ICP备案号格式应为"),
        ("police_record_number", "京公网安备 123号", "公安机关备案号:公安机关备案号格式应为"),
        ("contact_email", "不是邮箱", "联系邮箱:"),
        ("conac_url", "https://example.com/", "党政机关网站标识链接:党政机关网站标识链接应为"),
        ("name", "测试\x00高新区", "园区全称:不能包含空字符(NUL)"),
        ("icp_number", "辽\x00ICP", "ICP备案号:不能包含空字符(NUL)"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(option, value, message):
    with pytest.raises(CommandError, match="园区概况有误,未写入任何内容") as refused:
        start_zone(**{**FULL, option: value})
    assert message in str(refused.value)
    assert nothing_written()


def test_from_the_command_line_bad_input_exits_1_with_a_message_and_no_traceback(
    capsys, monkeypatch
):
    # run_from_argv closes every connection when it ends, the test's own one included.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exited:
        StartZone().run_from_argv(
            ["manage.py", "start_zone", "--name", "测试", "--founded-month", "0"]
        )
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "园区概况有误" in err and "组建月份" in err
    assert "Traceback" not in err
    assert nothing_written()


@pytest.mark.slow
def test_on_a_database_not_yet_migrated_start_zone_says_so_and_exits_1(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
        "DJANGO_CACHE_DIR": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "start_zone", "--no-input", "--name", "测试"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "数据库尚未建好" in done.stderr and "Traceback" not in done.stderr


def test_a_second_profile_is_refused_and_update_changes_only_what_is_given():
    start_zone(**FULL)
    before = ZoneProfile.objects.get()
    with pytest.raises(CommandError, match=r"已有园区概况“测试高新技术产业开发区”.*--update"):
        start_zone(name="测试另一个高新区")
    start_zone(update=True, icp_number="京ICP备00000002号")
    after = ZoneProfile.objects.get()
    assert after.icp_number == "京ICP备00000002号"
    assert (after.name, after.site_code) == (before.name, before.site_code)
    assert after.version == before.version + 1


# --- bootstrap --zone and the empty zone's pages --------------------------------------------


def bootstrap(**options):
    out = StringIO()
    call_command("bootstrap", stdout=out, **options)
    return out.getvalue()


def test_bootstrap_zone_empty_loads_the_catalogue_only_and_says_what_to_do_next():
    output = bootstrap(zone="empty", port="8101")
    assert "锦州" not in output
    assert not ZoneProfile.objects.exists()
    assert Indicator.objects.count() == len(catalogue.read_catalogue().entries)
    counts = {m.__name__: m.objects.count() for m in zone_data_models() if m is not Indicator}
    assert set(counts.values()) == {0}
    assert "manage.py start_zone" in output
    assert "http://127.0.0.1:8101/admin/hightech_zone/zoneprofile/add/" in output


def test_bootstrap_leaves_a_database_with_zone_data_alone_and_says_so():
    factories.indicator(code="t_own", name="测试自有指标")
    output = bootstrap(zone="empty")
    assert "数据库中已有园区数据" in output and "--zone empty 只对空数据库起作用" in output
    assert list(Indicator.objects.values_list("code", flat=True)) == ["t_own"]


def test_bootstrap_zone_demo_loads_the_catalogue_and_made_up_years():
    output = bootstrap(zone="demo")
    assert demo.has_demo_data()
    assert Indicator.objects.filter(code="gdp").exists()
    assert "已生成演示数据" in output and "锦州" not in output
    years = set(demo.IndicatorValue.objects.values_list("year", flat=True))
    assert len(years) > 5


def test_bootstrap_refuses_an_unknown_zone_in_chinese():
    with pytest.raises(CommandError, match="--zone 只能是 jinzhou、empty、demo"):
        bootstrap(zone="测试")
    assert not Indicator.objects.exists()


@pytest.mark.parametrize("target", ["run", "serve"])
def test_make_passes_zone_to_bootstrap_with_jinzhou_as_the_default(target):
    def dry_run(*variables):
        return subprocess.run(
            ["make", "-n", target, *variables],
            cwd=Path(settings.BASE_DIR),
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    assert "manage.py bootstrap --port 8000 --zone jinzhou" in dry_run()
    assert "manage.py bootstrap --port 8000 --zone empty" in dry_run("ZONE=empty")


def public_urls():
    """Every public address, those of a record with an id that an empty zone does not have."""
    sample = {"year": 2090, "pk": 1, "code": "gdp"}
    for pattern in portal_urls:
        assert isinstance(pattern, URLPattern)
        if pattern.name == "display_mode":
            continue  # the 适老化 switch: an action (a redirect with ?mode=), not a page
        args = {name: sample[name] for name in pattern.pattern.converters}
        yield reverse(f"portal:{pattern.name}", kwargs=args), bool(args)


def test_every_public_page_answers_on_an_empty_zone(client, django_assert_max_num_queries):
    bootstrap(zone="empty")
    urls = list(public_urls())
    assert len(urls) == len(portal_urls) - 1
    for url, of_a_record in urls:
        for address in (url, f"/en{url}"):
            with django_assert_max_num_queries(12):
                response = client.get(address)
            # A record's page: an empty zone has none (the catalogue's indicators are drafts).
            assert response.status_code == (404 if of_a_record else 200), address
            assert "锦州" not in response.content.decode()


def test_the_admin_index_prompts_for_a_missing_zone_profile(admin_client):
    bootstrap(zone="empty")
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "尚未设置园区概况" in page
    assert f'href="{reverse("admin:hightech_zone_zoneprofile_add")}"' in page
    factories.ZoneFactory()
    assert "尚未设置园区概况" not in admin_client.get(reverse("admin:index")).content.decode()
