"""`manage.py generate_demo_data`: a large made-up zone for benchmarks and load tests."""

from django.core.management.base import BaseCommand, CommandError

from hightech_zone import demo
from hightech_zone.management.chinese import ChineseCommandLine


class Command(ChineseCommandLine, BaseCommand):
    help = (
        "生成用于压力测试的大型示例园区数据(scale=1:20年×300个指标、2万个项目、"
        "5千份政策、2千个平台)。数据只进数据库,不进 fixtures/。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="规模倍数,默认 1。")
        parser.add_argument(
            "--seed", type=int, default=2017, help="随机种子,相同种子生成相同数据。"
        )

    def handle(self, *args, scale, seed, **options):
        if scale <= 0:
            raise CommandError("--scale 必须大于 0。")
        if demo.has_demo_data():
            raise CommandError("数据库中已有示例数据,请先清空数据库再生成。")
        counts = demo.generate(scale=scale, seed=seed)
        demo.refresh_planner_statistics()
        summary = ",".join(f"{name} {count}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"已生成示例数据:{summary}"))
