"""The `import` command refuses what it cannot import with the Chinese reason, exit status 1."""

import io
import os
import subprocess
import sys
import zipfile
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from hightech_zone.models import IndicatorValue
from tests import factories
from tests.test_consistency import digest

pytestmark = pytest.mark.django_db

RESOURCE = "hightech_zone.resources.IndicatorValueResource"
README_FORMAT = ["--format", "hightech_zone.formats.Spreadsheet"]


def zip_bomb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (20 * 1024 * 1024) + b"</a>")
    return out.getvalue()


FILES = {
    "empty": (b"", "文件是空的。"),
    "binary": (bytes(range(256)) * 8, "无法识别文件的文字编码"),
    "oversize": (b"a,b\n" + b"1,2\n" * 300_000, "文件超过 1 MB"),
    "zip-bomb": (zip_bomb(), "工作簿解压后异常巨大"),
}


def run_import(path, *extra):
    """(exit status, stderr) of the command as call_command runs it."""
    err = StringIO()
    try:
        call_command("import", RESOURCE, str(path), *extra, stdout=StringIO(), stderr=err)
    except SystemExit as exit:
        return exit.code, err.getvalue()
    return 0, err.getvalue()


@pytest.fixture
def small_limit(settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024


@pytest.mark.parametrize("form", [README_FORMAT, []], ids=["readme-format", "no-format"])
@pytest.mark.parametrize("kind", FILES)
def test_a_file_that_cannot_be_imported_is_refused_in_chinese(tmp_path, small_limit, kind, form):
    content, reason = FILES[kind]
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(content)
    factories.value(indicator=factories.indicator(code="t_kept"), year=2090, value=1)
    before = digest()
    status, err = run_import(path, *form)
    assert status == 1
    assert reason in err and "未导入任何记录" in err
    assert "Traceback" not in err
    assert digest() == before


def test_a_gbk_file_without_format_is_read_and_imported(tmp_path):
    indicator = factories.indicator(code="t_gbk")
    path = tmp_path / "gbk.csv"
    path.write_bytes("指标,年度,数值\r\nt_gbk,2090,88\r\n".encode("gbk"))
    status, err = run_import(path, "--noinput")
    assert status == 0 and "新增 1 条" in err
    assert IndicatorValue.objects.get(indicator=indicator, year=2090).value == 88


def test_a_gbk_file_with_a_bad_row_without_format_names_the_row(tmp_path):
    factories.indicator(code="t_gbk_bad")
    path = tmp_path / "gbk.csv"
    path.write_bytes("指标,年度,数值\r\nt_gbk_bad,2090,很多\r\n".encode("gbk"))
    status, err = run_import(path, "--noinput")
    assert status == 1 and "第2行,“数值”:“很多”不是数字" in err
    assert "Traceback" not in err


def test_a_library_format_that_cannot_read_gbk_is_refused_in_chinese(tmp_path):
    path = tmp_path / "gbk.csv"
    indicator = factories.indicator(code="t_gbk_csv")
    path.write_bytes("指标,年度,数值\r\nt_gbk_csv,2090,88\r\n".encode("gbk"))
    status, err = run_import(path, "--format", "CSV", "--noinput")
    assert status == 1 and "不加 --format 即可自动识别 UTF-8 和 GBK" in err
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()


def test_a_missing_file_and_an_unknown_resource_are_refused_in_chinese(tmp_path):
    status, err = run_import(tmp_path / "没有.csv")
    assert status == 1 and "文件不存在" in err
    err_out = StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("import", "hightech_zone.resources.Nope", "x.csv", stderr=err_out)
    assert exit.value.code == 1 and "找不到“hightech_zone.resources.Nope”" in err_out.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize("form", [README_FORMAT, []], ids=["readme-format", "no-format"])
def test_the_readme_command_run_by_a_script_prints_the_reason_not_a_traceback(tmp_path, form):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "manage.py", "import", RESOURCE, str(path), *form],
        cwd=settings.BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "文件是空的。" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
