"""`manage.py bootstrap`: migrate, start an empty database as a zone (--zone), add the admin."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from hightech_zone import seed
from hightech_zone.cache import bump_data_version
from hightech_zone.management.chinese import ChineseCommandLine
from hightech_zone.models import SearchEntry, ZoneProfile


class Command(ChineseCommandLine, BaseCommand):
    help = "迁移数据库、首次运行时载入园区数据并创建管理员账号(可重复运行)。"

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000", help="打印网址时使用的端口。")
        parser.add_argument("--username", default="admin", help="首次创建的管理员用户名。")
        zones = ";".join(f"{name}:{text}" for name, text in seed.ZONES.items())
        parser.add_argument(
            "--zone", default="jinzhou", help=f"空数据库载入哪种园区数据({zones}),默认 jinzhou。"
        )

    def handle(self, *args, port, username, zone, **options):
        if zone not in seed.ZONES:
            raise CommandError(f"--zone 只能是 {'、'.join(seed.ZONES)},不能是“{zone}”。")
        call_command("migrate", interactive=False, verbosity=0)
        # A database made anew where an older one was (rm db.sqlite3) finds that one's pages in
        # the cache folder named after it: they must not outlive it.
        bump_data_version()
        self.stdout.write("数据库迁移完成。")
        base = f"http://127.0.0.1:{port}"

        loaded = seed.load_zone(zone=zone)
        if loaded is None:
            self.stdout.write("数据库中已有园区数据,未重新载入示例数据(保留已有修改)。")
            if zone != "jinzhou":
                self.stdout.write(f"--zone {zone} 只对空数据库起作用,已有数据保持不变。")
            if not SearchEntry.objects.exists():  # data from before the search index
                call_command("rebuild_search_index", stdout=self.stdout)
        elif zone == "jinzhou":
            names = "、".join(path.name for path in loaded)
            self.stdout.write(f"已载入示例数据:{names}")
        elif zone == "empty":
            self.stdout.write("已建立空白园区,未载入任何示例数据。")
            for line in loaded.lines():
                self.stdout.write(line)
        else:
            catalogue_loaded, counts = loaded
            for line in catalogue_loaded.lines():
                self.stdout.write(line)
            summary = ",".join(f"{name} {count}" for name, count in counts.items())
            self.stdout.write(f"已生成演示数据(虚构,仅供演示):{summary}")

        password = seed.ensure_admin(username=username)
        if password:
            self.stdout.write(
                self.style.WARNING("已创建管理员账号(密码只显示这一次,请登录后修改):")
            )
            self.stdout.write(f"  用户名:{username}")
            self.stdout.write(f"  密码:{password}")
        else:
            self.stdout.write("管理员账号已存在。")

        self.stdout.write(f"门户网站:{base}/")
        self.stdout.write(f"管理后台:{base}/{settings.ADMIN_URL}")
        if not ZoneProfile.objects.exists() and zone != "jinzhou":
            add = reverse("admin:hightech_zone_zoneprofile_add")
            self.stdout.write("下一步:填写园区概况,任选其一:")
            self.stdout.write("  命令行:manage.py start_zone(逐项询问园区名称、级别等)")
            self.stdout.write(f"  管理后台:{base}{add}")
