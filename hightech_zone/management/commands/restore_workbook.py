"""`manage.py restore_workbook`: a backup workbook back into an empty database."""

from django.core.management.base import BaseCommand, CommandError

from hightech_zone.backup import RestoreError, restore_backup
from hightech_zone.management.chinese import ChineseCommandLine


class Command(ChineseCommandLine, BaseCommand):
    help = "把 backup_workbook 导出的工作簿恢复到空数据库(用户需重新设置密码)。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="备份的 .xlsx 文件。")

    def handle(self, *args, path, **options):
        try:
            counts = restore_backup(path)
        except (RestoreError, OSError) as error:
            raise CommandError(str(error)) from error
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"已恢复 {total} 条记录。"))
        for name, count in counts.items():
            self.stdout.write(f"  {name}:{count}")
