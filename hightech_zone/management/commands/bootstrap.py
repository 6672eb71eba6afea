"""`manage.py bootstrap`: migrate, load the shipped fixtures into an empty database, add admin."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from hightech_zone import seed


class Command(BaseCommand):
    help = "迁移数据库、首次运行时载入示例数据并创建管理员账号(可重复运行)。"

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000", help="打印网址时使用的端口。")
        parser.add_argument("--username", default="admin", help="首次创建的管理员用户名。")

    def handle(self, *args, port, username, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("数据库迁移完成。")

        loaded = seed.load_seed_data()
        if loaded:
            names = "、".join(path.name for path in loaded)
            self.stdout.write(f"已载入示例数据:{names}")
        else:
            self.stdout.write("数据库中已有园区数据,未重新载入示例数据(保留已有修改)。")

        password = seed.ensure_admin(username=username)
        if password:
            self.stdout.write(
                self.style.WARNING("已创建管理员账号(密码只显示这一次,请登录后修改):")
            )
            self.stdout.write(f"  用户名:{username}")
            self.stdout.write(f"  密码:{password}")
        else:
            self.stdout.write("管理员账号已存在。")

        base = f"http://127.0.0.1:{port}"
        self.stdout.write(f"门户网站:{base}/")
        self.stdout.write(f"管理后台:{base}/{settings.ADMIN_URL}")
