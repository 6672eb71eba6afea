"""django-import-export's `import` command, with the project's format and Chinese refusals.

The library's command guesses a format from the file name (and reads GBK as UTF-8), asks for
confirmation with input() (a traceback when there is no terminal), and lets a missing or
unreadable file raise. This one reads with `formats.Spreadsheet` unless --format names
another, and refuses any file it cannot import with the Chinese reason and exit status 1,
never a traceback, writing nothing.
"""

import importlib
import sys

from django.conf import settings
from django.core.management.base import CommandError
from import_export.command_utils import get_format_class, get_resource_class
from import_export.results import RowResult

from hightech_zone.importing.reading import SpreadsheetError, too_large
from hightech_zone.management.chinese import ChineseCommandLine

LibraryImport = importlib.import_module("import_export.management.commands.import").Command

DEFAULT_FORMAT = "hightech_zone.formats.Spreadsheet"


OS_ERRORS = {
    FileNotFoundError: "文件不存在",
    IsADirectoryError: "这是一个文件夹",
    PermissionError: "没有读取权限",
}


class Refused(Exception):
    pass


class Command(ChineseCommandLine, LibraryImport):
    help = (
        "从表格文件导入记录(默认自动识别 XLSX、CSV(UTF-8 或 GBK)、JSON);"
        "有任何错误都不导入,并以中文说明原因、以状态 1 退出。"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(format=DEFAULT_FORMAT)

    def handle(self, *args, **options):
        try:
            resource = self.resource(options["resource"])
            dataset = self.read(options["import_file_name"], options["format"], options["encoding"])
            # Asked once the file is known to be readable: no one confirms a file in vain.
            self.confirm(options["interactive"])
            result = resource.import_data(
                dataset, dry_run=options["dry_run"], raise_errors=options["raise_errors"]
            )
        except Refused as refusal:
            self.fail([str(refusal)])
        if result.has_errors() or getattr(result, "error_lines", None):
            self.fail(result.error_lines or [str(e.error) for e in result.base_errors])
        totals = result.totals
        prefix = "试运行(未写入任何数据):" if options["dry_run"] else ""
        self.stderr.write(
            f"{prefix}导入完成({resource._meta.model._meta.verbose_name_plural}):"
            f"新增 {totals[RowResult.IMPORT_TYPE_NEW]} 条,"
            f"更新 {totals[RowResult.IMPORT_TYPE_UPDATE]} 条,"
            f"未变 {totals[RowResult.IMPORT_TYPE_SKIP]} 条。"
        )

    def fail(self, lines):
        self.stderr.write("未导入任何记录:")
        for line in lines:
            self.stderr.write(f"  {line}")
        sys.exit(1)

    def confirm(self, interactive):
        if not interactive:
            return
        try:
            answer = input("确定要导入吗?输入 yes 继续:")
        except EOFError:
            raise Refused("没有得到确认(没有终端可供输入);在脚本中运行请加 --noinput。") from None
        if answer.strip().lower() not in {"yes", "y", "是"}:
            raise Refused("已取消导入。")

    def resource(self, dotted):
        try:
            return get_resource_class(dotted)()
        except CommandError:
            raise Refused(
                f"找不到“{dotted}”:应写作资源类的路径,"
                "如 hightech_zone.resources.IndicatorValueResource。"
            ) from None

    def read(self, file_name, format_name, encoding):
        try:
            format_class = get_format_class(format_name, file_name, encoding)
        except CommandError:
            raise Refused(f"不认识的格式“{format_name}”。") from None
        limit = settings.IMPORT_MAX_BYTES
        try:
            if file_name == "-":
                data = sys.stdin.buffer.read(limit + 1)
            else:
                with open(file_name, "rb") as file:
                    data = file.read(limit + 1)
        except OSError as error:
            reason = OS_ERRORS.get(type(error), error.strerror or str(error))
            raise Refused(f"无法读取文件“{file_name}”:{reason}。") from None
        if len(data) > limit:
            raise Refused(too_large(limit))
        if not format_class.is_binary():
            try:
                data = data.decode(encoding or "utf-8-sig")
            except (UnicodeDecodeError, LookupError):
                raise Refused(
                    "无法按所选格式的编码读取文件;不加 --format 即可自动识别 UTF-8 和 GBK。"
                ) from None
        try:
            return format_class.create_dataset(data)
        except SpreadsheetError as error:
            raise Refused(str(error)) from None
        except Exception as error:  # the library's formats raise what their parsers raise
            raise Refused(f"无法按所选格式读取这个文件:{type(error).__name__}。") from None
