"""The consistency check from the command line."""

from django.core.management.base import BaseCommand, CommandError

from hightech_zone.consistency import CHECK_LABELS, acknowledged, problems, run_checks
from hightech_zone.management.chinese import ChineseCommandLine


class Command(ChineseCommandLine, BaseCommand):
    help = (
        "检查数据一致性(增长率、变化幅度、构成比、平台数量、报告引用、待填报的数字),"
        "只报告,不修改数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict", action="store_true", help="发现问题时以非零状态退出(用于自动化检查)。"
        )

    def handle(self, *args, strict, **options):
        findings = run_checks()
        found = problems(findings)
        for check, label in CHECK_LABELS.items():
            group = [f for f in found if f.check == check]
            self.stdout.write(f"{label}:{len(group)} 项")
            for finding in group:
                self.stdout.write(f"  - {finding.message}")
        known = acknowledged(findings)
        if known:
            self.stdout.write(f"已确认、按原文保留(不计为问题):{len(known)} 项")
            for finding in known:
                self.stdout.write(f"  - {finding.message} 说明:{finding.acknowledged}")
        if not found:
            self.stdout.write(self.style.SUCCESS("未发现问题。"))
        elif strict:
            raise CommandError(f"发现 {len(found)} 项问题。")
