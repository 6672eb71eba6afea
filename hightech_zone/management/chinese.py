"""The project's commands speak Chinese on the command line: usage, help and argument errors.

argparse writes its usage, headings and errors in English (``usage:``, ``error: the following
arguments are required``), and Django and django-import-export add options whose help is
English. A staff member who mistypes ``manage.py import`` deserves the reason in the language
of the rest of the product. ``ChineseCommandLine`` goes before a command's base class; its
parser translates argparse's own words, and the options' help, from the tables below.
"""

import re
import sys

from django.core.management.base import CommandError, CommandParser

# argparse's messages (Python 3.11's wording), first match wins; a message not here is shown
# as argparse wrote it, after the Chinese prefix.
ERRORS = [
    (r"the following arguments are required: (.+)", r"缺少必需的参数:\1"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数:\1"),
    (
        r"argument (\S+?): invalid choice: (.+?) \(choose from (.+)\)",
        r"参数 \1 的值 \2 无效,可选:\3",
    ),
    (r"argument (\S+?): invalid int value: (.+)", r"参数 \1 的值 \2 无效,应为整数"),
    (r"argument (\S+?): invalid float value: (.+)", r"参数 \1 的值 \2 无效,应为数字"),
    (r"argument (\S+?): invalid (\S+) value: (.+)", r"参数 \1 的值 \3 无效"),
    (r"argument (\S+?): expected one argument", r"参数 \1 需要一个值"),
    (r"argument (\S+?): expected (\S+) arguments?", r"参数 \1 需要 \2 个值"),
    (r"argument (\S+?): ignored explicit argument (.+)", r"参数 \1 不接受值 \2"),
    (r"argument (\S+?): not allowed with argument (\S+)", r"参数 \1 不能与 \2 同时使用"),
    (r"ambiguous option: (\S+) could match (.+)", r"选项 \1 有歧义,可能是:\2"),
    (r"one of the arguments (.+) is required", r"参数 \1 必须给出其中之一"),
]

HEADINGS = {
    "usage: ": "用法:",
    "positional arguments:": "位置参数:",
    "options:": "选项:",
}

CHINESE = re.compile(r"[\u4e00-\u9fff]")

# The help of options the project's commands inherit (Django's, django-import-export's).
HELP = {
    "-h": "显示此帮助并退出。",
    "--version": "显示 Django 的版本号并退出。",
    "-v": "输出的详细程度:0 最少,1 正常,2 详细,3 非常详细。",
    "--settings": "设置模块的 Python 路径;不给出时使用环境变量 DJANGO_SETTINGS_MODULE。",
    "--pythonpath": "加入 Python 路径的目录。",
    "--traceback": "出错时显示完整的调用栈(供开发人员排查)。",
    "--no-color": "输出不着色。",
    "--force-color": "总是着色输出。",
    "--skip-checks": "跳过系统检查。",
    "--noinput": "不询问确认(在脚本中运行时使用)。",
    "--raise-errors": "遇到错误时抛出异常(供开发人员排查)。",
    "-n": "只检查,不写入任何记录。",
    "--format": "文件格式,默认自动识别 XLSX、CSV(UTF-8 或 GBK)、JSON。",
    "--encoding": "文件的文字编码。",
    "format": "导出格式:CSV、XLSX、TSV、JSON、HTML,或格式类的路径,如 hightech_zone.formats.XLSX。",
    "resource": "记录类型(资源类)的路径,如 hightech_zone.resources.IndicatorValueResource。",
    "import_file_name": "要导入的文件(“-”表示标准输入)。",
}


def chinese_error(message):
    """argparse's error ``message`` in Chinese."""
    for pattern, replacement in ERRORS:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


def chinese_headings(text):
    for english, chinese in HEADINGS.items():
        text = text.replace(english, chinese)
    return text


class ChineseParser(CommandParser):
    def format_usage(self):
        return chinese_headings(super().format_usage())

    def format_help(self):
        return chinese_headings(super().format_help())

    def error(self, message):
        message = chinese_error(message)
        if self.called_from_command_line:
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}:错误:{message}\n")
        raise CommandError(f"参数错误:{message}")


class ChineseCommandLine:
    """Goes before a command's base class: its usage, help and argument errors in Chinese."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Django builds a CommandParser with its own options; ChineseParser only changes how
        # it words them, so the parser becomes one without being built again.
        parser.__class__ = ChineseParser
        for action in parser._actions:
            names = action.option_strings or [action.dest]
            # Only inherited help, which is English: a command's own option of the same name
            # (check_site's --format) already says in Chinese what it means there.
            inherited = action.help and not CHINESE.search(str(action.help))
            if inherited and (known := next((HELP[n] for n in names if n in HELP), None)):
                action.help = known
        return parser
