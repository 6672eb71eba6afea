"""django-import-export's `export` command, with Chinese usage, help and refusals.

The library's command writes its refusals in English and lets an unknown or unfitting
``--encoding`` end in a traceback. This one refuses each case in Chinese with exit status 1,
writing nothing to standard output.
"""

import codecs
import importlib
import sys

from django.core.management.base import CommandError
from import_export.command_utils import get_format_class, get_resource_class

from hightech_zone.management.chinese import ChineseCommandLine

LibraryExport = importlib.import_module("import_export.management.commands.export").Command


class Command(ChineseCommandLine, LibraryExport):
    help = "把一种记录按所给格式(CSV、XLSX、JSON 等)导出到标准输出。"

    def handle(self, *args, resource, format, encoding, **options):
        try:
            exporter = get_resource_class(resource)()
        except CommandError:
            self.fail(
                f"找不到“{resource}”:应写作资源类的路径,"
                "如 hightech_zone.resources.IndicatorValueResource。"
            )
        try:
            format_class = get_format_class(format, None, encoding)
        except CommandError:
            self.fail(f"不认识的格式“{format}”:可用 CSV、XLSX、TSV、JSON、HTML。")
        if encoding:
            try:
                codecs.lookup(encoding)
            except LookupError:
                self.fail(f"不认识的编码“{encoding}”:可用 utf-8、gbk 等。")
        if format_class.is_binary() and self.stdout.isatty():
            self.fail("这是二进制格式,不能显示在终端里:请把输出重定向到文件,如 > 数据.xlsx。")
        data = format_class.export_data(exporter.export())
        if not format_class.is_binary():
            try:
                data = data.encode(encoding or "utf-8")
            except UnicodeEncodeError:
                self.fail(f"有文字无法用 {encoding} 编码表示:请改用 utf-8。")
        self.stdout.buffer.write(data)

    def fail(self, reason):
        self.stderr.write(f"未导出:{reason}")
        sys.exit(1)
