"""`manage.py backup_workbook`: every record in one workbook, one sheet per type."""

from django.core.management.base import BaseCommand

from hightech_zone.backup import write_backup
from hightech_zone.management.chinese import ChineseCommandLine


class Command(ChineseCommandLine, BaseCommand):
    help = "把全部园区数据导出到一个工作簿(每类记录一个工作表),用于备份。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="要写入的 .xlsx 文件。")

    def handle(self, *args, path, **options):
        write_backup(path)
        self.stdout.write(self.style.SUCCESS(f"已备份到 {path}"))
