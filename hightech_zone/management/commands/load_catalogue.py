"""`manage.py load_catalogue`: the standard indicator catalogue into this zone's indicators."""

from django.core.management.base import BaseCommand, CommandError

from hightech_zone import catalogue
from hightech_zone.management.chinese import ChineseCommandLine


class Command(ChineseCommandLine, BaseCommand):
    help = (
        "载入标准指标目录(国家高新区综合评价指标体系):已有指标只补充空白的分组、其他名称和"
        "指标解释,没有的指标新建为草稿。可重复运行,第二次不做任何修改。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=None, help="目录文件,默认为系统自带的标准指标目录。")

    def handle(self, *args, file, **options):
        try:
            result = catalogue.load_catalogue(path=file)
        except catalogue.CatalogueError as error:
            raise CommandError(str(error)) from None
        for line in result.lines():
            self.stdout.write(line)
