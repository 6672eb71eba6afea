"""The site check from the command line, for cron or monitoring: exit 1 when it fails."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from hightech_zone.management.chinese import ChineseCommandLine
from hightech_zone.site_check.runs import run_site_check, store_run

FORMAT_HELP = "输出格式:text(中文报告,默认)或 json(供监控程序读取)。"


def positive_seconds(value):
    try:
        seconds = float(value)
    except ValueError:
        raise CommandError(f"参数错误:超时秒数“{value}”不是数字。", returncode=2) from None
    if not 0 < seconds <= 300:
        raise CommandError("参数错误:超时秒数必须大于 0、不超过 300。", returncode=2)
    return seconds


class Command(ChineseCommandLine, BaseCommand):
    help = (
        "网站检查:栏目是否超期未更新或空白、已发布内容中的链接是否有效、附件是否缺失、"
        "政策文件是否缺少政务公开要素。发现问题时以状态 1 退出,供定时任务或监控报警。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--external", action="store_true", help="同时检查外部链接(需要访问外网)。"
        )
        parser.add_argument(
            "--timeout",
            type=str,
            default="10",
            help="检查每个外部链接最多等待的秒数,默认 10。",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text", help=FORMAT_HELP)

    def handle(self, *args, external, timeout, format, **options):
        seconds = positive_seconds(timeout)
        try:
            report = run_site_check(external=external, timeout=seconds)
            store_run(report)
        except DatabaseError as error:
            raise CommandError(f"无法读取数据库,检查未完成:{error}") from error
        except Exception as error:  # a report, not a traceback, for cron's mail (--traceback)
            raise CommandError(f"检查未完成:{error}") from error
        if format == "json":
            self.stdout.write(json.dumps(as_json(report), ensure_ascii=False, indent=2))
        else:
            self.write_text(report)
        if not report.healthy:
            raise CommandError(f"网站检查发现 {len(report.findings)} 项问题。", returncode=1)

    def write_text(self, report):
        self.stdout.write(f"网站检查 {timezone.localtime(report.ran_at):%Y-%m-%d %H:%M}")
        self.stdout.write("栏目更新情况:")
        for column in report.columns:
            last = (
                f"{timezone.localtime(column.last_update):%Y-%m-%d}" if column.last_update else "无"
            )
            left = "—" if column.days_left is None else f"{column.days_left} 天"
            indent = "    " if column.category else "  "
            self.stdout.write(
                f"{indent}{column.name}:{column.state_label},最近更新 {last},"
                f"周期 {column.interval_days} 天,剩余 {left}"
            )
        for label, findings in report.grouped():
            self.stdout.write(f"{label}:{len(findings)} 项")
            for finding in findings:
                self.stdout.write(f"  - {finding.message}")
        if not report.external:
            self.stdout.write("外部链接:未检查(加 --external 检查)。")
        if report.healthy:
            self.stdout.write(self.style.SUCCESS("未发现问题。"))


def as_json(report):
    return {
        "checked_at": report.ran_at.isoformat(),
        "healthy": report.healthy,
        "external_checked": report.external,
        "columns": [
            {
                "column": c.column,
                "category": c.category,
                "name": c.name,
                "last_update": c.last_update.isoformat() if c.last_update else None,
                "interval_days": c.interval_days,
                "days_left": c.days_left,
                "state": c.state,
                "state_label": str(c.state_label),
                "records": c.records,
            }
            for c in report.columns
        ],
        "problems": [{**f.as_dict(), "check_label": str(f.check_label)} for f in report.findings],
    }
