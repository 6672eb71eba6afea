from django.core.management.base import BaseCommand, CommandError

from hightech_zone.consistency import CHECK_LABELS, run_checks


class Command(BaseCommand):
    help = "检查数据一致性(增长率、构成比、平台数量、报告引用),只报告,不修改数据。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict", action="store_true", help="发现问题时以非零状态退出(用于自动化检查)。"
        )

    def handle(self, *args, strict, **options):
        findings = run_checks()
        for check, label in CHECK_LABELS.items():
            found = [f for f in findings if f.check == check]
            self.stdout.write(f"{label}:{len(found)} 项")
            for finding in found:
                self.stdout.write(f"  - {finding.message}")
        if not findings:
            self.stdout.write(self.style.SUCCESS("未发现问题。"))
        elif strict:
            raise CommandError(f"发现 {len(findings)} 项问题。")
