"""`manage.py start_zone`: a new zone's profile (asked for on a terminal) and its indicators."""

import sys

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from hightech_zone import zone_setup
from hightech_zone.management.chinese import ChineseCommandLine
from hightech_zone.models import ZoneLevel

OPTIONS = {
    "name": ("--name", "园区全称,如 某某高新技术产业开发区(必填)。"),
    "short_name": ("--short-name", "简称,如 某某高新区。"),
    "level": ("--level", "园区级别:national(国家级高新区)或 provincial(省级高新区)。"),
    "founded_year": ("--founded-year", "组建年份,如 2010。"),
    "founded_month": ("--founded-month", "组建月份,1至12。"),
    "area_km2": ("--area", "辖区面积(平方公里)。"),
    "population_wan": ("--population", "人口(万人)。"),
    "management_body": ("--management-body", "管理机构,如 某某高新区管理委员会。"),
    "site_sponsor": ("--site-sponsor", "网站主办单位(留空时使用管理机构)。"),
    "site_code": ("--site-code", "政府网站标识码(10位数字)。"),
    "icp_number": ("--icp-number", "ICP备案号,如 京ICP备12345678号。"),
    "police_record_number": (
        "--police-record-number",
        "公安机关备案号,如 京公网安备 12345678901234号。",
    ),
    "contact_email": ("--contact-email", "网站联系邮箱。"),
    "conac_url": ("--conac-url", "党政机关网站标识的核验地址(https://bszs.conac.cn/…)。"),
}


class Command(ChineseCommandLine, BaseCommand):
    help = (
        "新园区起步:填写园区概况(园区名称、级别、组建时间、面积、人口、管理机构和网站备案信息),"
        "并载入标准指标目录。在终端中运行时,缺少的项目会逐项询问。"
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        for name, (flag, text) in OPTIONS.items():
            parser.add_argument(flag, dest=name, default=None, help=text)
        parser.add_argument(
            "--update", action="store_true", help="修改已有的园区概况(只改给出的项目)。"
        )
        parser.add_argument(
            "--no-input", dest="interactive", action="store_false", help="不询问,缺少必填项即退出。"
        )

    def handle(self, *args, update, interactive, **options):
        if unapplied_migrations():
            raise CommandError(
                "数据库尚未建好(迁移未完成):请先运行 make run(或 manage.py migrate),"
                "再运行 start_zone。未写入任何内容。"
            )
        self.input = options.get("stdin") or sys.stdin
        profile = {name: options[name] for name in OPTIONS}
        asking = interactive and not update and self.input.isatty()
        if asking:
            self.ask(profile)
        missing = [name for name in zone_setup.REQUIRED_FIELDS if not (profile[name] or "").strip()]
        if missing and not update:
            flags = "、".join(f"{zone_setup.field_label(n)}({OPTIONS[n][0]})" for n in missing)
            raise CommandError(f"缺少必填项:{flags}。在终端中运行时会逐项询问;未写入任何内容。")
        try:
            record, loaded = zone_setup.start_zone(profile=profile, update=update)
        except zone_setup.ZoneSetupError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            lines = ";".join(zone_setup.describe(error))
            raise CommandError(f"园区概况有误,未写入任何内容:{lines}") from None
        self.stdout.write(
            self.style.SUCCESS(f"{'已修改' if update else '已创建'}园区概况:{record.name}")
        )
        for line in loaded.lines():
            self.stdout.write(line)
        admin = f"/{settings.ADMIN_URL}"
        self.stdout.write("下一步:")
        self.stdout.write(f"  1. 登录管理后台 {admin} 补充园区介绍、区位和联系方式;")
        self.stdout.write(
            f"  2. 在“指标”列表页({reverse('admin:hightech_zone_indicator_changelist')})"
            "导入指标,只填指标名称即可对应到标准指标;"
        )
        self.stdout.write("  3. 导入各年数值(可用统计局的按年份分列表格),审核后发布。")

    def ask(self, profile):
        """Ask for each value not given; the required ones until they are answered."""
        levels = "、".join(f"{v}={label}" for v, label in ZoneLevel.choices)
        for name in OPTIONS:
            if profile[name] is not None:
                continue
            required = name in zone_setup.REQUIRED_FIELDS
            hint = "必填" if required else "可留空,直接回车跳过"
            if name == "level":
                hint = f"{levels},默认 national"
            while True:
                self.stdout.write(f"{zone_setup.field_label(name)}({hint}):", ending="")
                self.stdout.flush()
                line = self.input.readline()
                if not line:
                    raise CommandError("输入已结束,未写入任何内容。")
                answer = line.strip()
                if answer or not required:
                    break
                self.stdout.write("  此项必填。")
            profile[name] = answer or None


def unapplied_migrations():
    """The migrations the database still lacks: start_zone on a database not yet built (make
    run still migrating beside it) is refused in words, not with a traceback."""
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())
