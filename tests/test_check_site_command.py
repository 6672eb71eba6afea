"""manage.py check_site: a Chinese report, exit 1 on any problem (for cron and monitoring),
0 on a healthy site, never a traceback."""

import datetime
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from hightech_zone.models import PolicyDocument, SiteCheckRun
from tests import factories

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def complete_policy(**fields):
    return factories.PolicyFactory(
        **{
            "index_number": "T-2091-001",
            "doc_number": "测试发〔2091〕1号",
            "issuing_body": "测试管委会",
            "written_on": datetime.date(2091, 5, 1),
            "published_on": datetime.date(2091, 5, 2),
            **fields,
        }
    )


@pytest.fixture
def healthy_site():
    """Every column published today, every policy complete, every link to a public page."""
    factories.ZoneFactory()
    policy = complete_policy()
    factories.ReportFactory()
    factories.ValueFactory()
    factories.ProjectFactory(summary=f'<a href="{policy.get_absolute_url()}">政策</a>')
    factories.PlatformFactory()
    factories.disclosure()
    return policy


def check_site(*args):
    """The command's output, and its exit status as the command line would give it."""
    out = io.StringIO()
    try:
        call_command("check_site", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error.returncode, str(error)
    return out.getvalue(), 0, ""


def test_a_healthy_site_passes_with_status_0(healthy_site):
    out, status, _ = check_site()
    assert status == 0
    assert "未发现问题" in out and "政策文件:正常" in out
    assert SiteCheckRun.objects.get().problem_count == 0


def test_an_overdue_column_fails_with_status_1(healthy_site):
    long_ago = timezone.now() - datetime.timedelta(days=200)
    PolicyDocument.objects.update(updated_at=long_ago, published_at=long_ago)
    out, status, reason = check_site()
    assert status == 1 and "网站检查发现" in reason
    assert "政策文件:已超期" in out and "超期 17 天" in out


def test_an_empty_column_fails_with_status_1(healthy_site):
    factories.PlatformFactory._meta.model.objects.update(status=factories.DRAFT)
    out, status, _ = check_site()
    assert status == 1
    assert "“创新平台”没有已发布的内容(空白栏目)" in out


def test_a_broken_internal_link_fails_with_status_1(healthy_site):
    complete_policy(body='<a href="/projects/999999/">已删除的项目</a>')
    out, status, _ = check_site()
    assert status == 1
    assert "/projects/999999/" in out and "指向的投资项目不存在或未发布" in out


def test_a_missing_attachment_fails_with_status_1(healthy_site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    PolicyDocument.objects.filter(pk=healthy_site.pk).update(attachment="policies/2091/gone.pdf")
    out, status, _ = check_site()
    assert status == 1 and "policies/2091/gone.pdf" in out and "不存在" in out


def test_a_policy_lacking_its_metadata_fails_with_status_1(healthy_site):
    factories.PolicyFactory(title="测试无文号文件", issuing_body="测试管委会")
    out, status, _ = check_site()
    assert status == 1
    assert "已发布的政策文件“测试无文号文件”缺少:索引号、发文字号、成文日期、发布日期" in out


def test_an_error_report_unanswered_past_five_working_days_fails_with_status_1(healthy_site):
    from hightech_zone.error_reports import answer_report

    fresh = factories.error_report()
    assert check_site()[1] == 0, "a report still within its five working days is no problem"
    late = factories.error_report(page="/policies/")
    ErrorReport = type(late)
    ErrorReport.objects.filter(pk=late.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=10)
    )
    out, status, _ = check_site()
    assert status == 1
    assert "网民纠错超期未答复" in out and "/policies/" in out and fresh.page not in out
    late.refresh_from_db()
    answer_report(report=late, user=factories.user(role="编辑"), answer="已更正。")
    assert check_site()[1] == 0


def test_json_output_gives_monitoring_each_column_and_problem(healthy_site):
    complete_policy(body="http://testserver/no-such-page/")
    out, status, _ = check_site("--format", "json")
    report = json.loads(out)
    assert status == 1 and report["healthy"] is False
    assert {c["name"] for c in report["columns"]} >= {"政策文件", "工作报告", "创新平台"}
    [problem] = report["problems"]
    assert problem["check"] == "broken_link" and problem["check_label"] == "站内链接失效"


@pytest.mark.parametrize("timeout", ["abc", "0", "-1", "301"])
def test_a_bad_timeout_is_refused_in_chinese(timeout):
    _out, status, reason = check_site("--timeout", timeout)
    assert status == 2 and reason.startswith("参数错误:超时秒数")


def test_the_format_option_says_what_it_does_here():
    from django.core.management import load_command_class

    command = load_command_class("hightech_zone", "check_site")
    text = command.create_parser("manage.py", "check_site").format_help()
    assert "json(供监控程序读取)" in text and "自动识别 XLSX" not in text


@pytest.mark.slow
def test_the_command_line_exits_1_with_the_reason_and_no_traceback(tmp_path):
    database = tmp_path / "empty.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{database}", "PATH": "/usr/bin:/bin"}
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    run = subprocess.run(
        [python, "manage.py", "check_site"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "空白栏目" in run.stdout and "Traceback" not in run.stderr
    assert "网站检查发现" in run.stderr
