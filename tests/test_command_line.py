"""The project's commands answer a mistyped command line in Chinese, with its usage."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError

from hightech_zone.management.chinese import chinese_error
from tests import factories

ROOT = Path(__file__).resolve().parent.parent
OURS = sorted(name for name, app in get_commands().items() if app == "hightech_zone")
ENGLISH = ["usage:", "error:", "options:", "positional arguments", "show this help", "Verbosity"]


def test_every_command_of_the_project_is_covered():
    assert {"import", "export", "bootstrap", "restore_workbook", "start_zone"} <= set(OURS)


@pytest.mark.parametrize("name", OURS)
def test_each_commands_help_is_chinese(name):
    command = load_command_class("hightech_zone", name)
    text = command.create_parser("manage.py", name).format_help()
    assert "用法:" in text and "显示此帮助并退出" in text
    assert not [word for word in ENGLISH if word in text], text


@pytest.mark.parametrize("name", OURS)
def test_an_unknown_option_is_refused_in_chinese(name):
    with pytest.raises(CommandError) as refused:
        call_command(name, "--no-such-option")
    reason = str(refused.value)
    # A command with required arguments names those first, as argparse checks them first.
    assert reason.startswith(
        ("参数错误:无法识别的参数:--no-such-option", "参数错误:缺少必需的参数:")
    )


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("the following arguments are required: path", "缺少必需的参数:path"),
        ("unrecognized arguments: b c", "无法识别的参数:b c"),
        ("argument --scale: invalid float value: 'x'", "参数 --scale 的值 'x' 无效,应为数字"),
        ("argument --seed: invalid int value: '1.5'", "参数 --seed 的值 '1.5' 无效,应为整数"),
        ("argument --zone: expected one argument", "参数 --zone 需要一个值"),
        (
            "argument -v/--verbosity: invalid choice: '9' (choose from '0', '1', '2', '3')",
            "参数 -v/--verbosity 的值 '9' 无效,可选:'0', '1', '2', '3'",
        ),
    ],
)
def test_argparse_messages_read_in_chinese(english, chinese):
    assert chinese_error(english) == chinese


def test_the_command_line_prints_usage_and_reason_in_chinese_and_exits_2():
    result = subprocess.run(
        [sys.executable, "manage.py", "generate_demo_data", "--scale", "x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("用法:manage.py generate_demo_data")
    assert "manage.py generate_demo_data:错误:参数 --scale 的值 'x' 无效,应为数字" in result.stderr
    assert "Traceback" not in result.stderr and "error:" not in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        (["CSV", "hightech_zone.resources.Nope"], "未导出:找不到“hightech_zone.resources.Nope”"),
        (["NOPE", "hightech_zone.resources.DesignationResource"], "未导出:不认识的格式“NOPE”"),
        (
            ["CSV", "hightech_zone.resources.DesignationResource", "--encoding", "nope"],
            "未导出:不认识的编码“nope”",
        ),
        (
            ["CSV", "hightech_zone.resources.DesignationResource", "--encoding", "ascii"],
            "未导出:有文字无法用 ascii 编码表示",
        ),
    ],
)
def test_an_export_that_cannot_be_made_is_refused_in_chinese_writing_nothing(arguments, reason):
    factories.designation(name="测试称号")  # text that ASCII cannot write
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("export", *arguments, stdout=out, stderr=err)
    out.flush()
    assert exit.value.code == 1
    assert err.getvalue().startswith(reason)
    assert out.buffer.getvalue() == b""
