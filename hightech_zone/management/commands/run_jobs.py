"""Run a background worker: it takes queued jobs one at a time until stopped."""

import logging
import signal
import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from hightech_zone.jobs import lifecycle
from hightech_zone.management.chinese import ChineseCommandLine
from hightech_zone.models import Job


class ChineseWorker(Worker):
    """django-tasks-db's worker, which says in Chinese what a stop signal does."""

    forced = False

    def shutdown(self, signum, frame):
        if not self.running:
            sys.stderr.write("再次收到停止信号:中止当前任务,它不会写入任何记录。\n")
            self.forced = True
            self.reset_signals()
            sys.exit(1)
        self.running = False
        if not self.running_task:
            sys.exit(0)
        sys.stderr.write(
            f"收到停止信号({signal.strsignal(signum)}):当前任务完成后退出;再次发送则立即中止。\n"
        )


class Command(ChineseCommandLine, BaseCommand):
    help = (
        "运行后台任务进程:依次执行排队的任务(大文件导入等),直到收到停止信号。"
        "启动时先把进程已中止的任务标为失败,并清理过期的任务记录。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=0.5,
            help="没有排队任务时,每隔多少秒查看一次队列(默认 0.5)。",
        )
        parser.add_argument(
            "--max-tasks",
            type=int,
            default=None,
            help="执行这么多项任务后退出(默认不限)。",
        )

    def handle(self, *args, interval, max_tasks, verbosity, **options):
        if interval < 0 or interval != interval or interval == float("inf"):
            self.stderr.write("参数 --interval 应为不小于 0 的有限数字。")
            raise SystemExit(2)
        if max_tasks is not None and max_tasks < 1:
            self.stderr.write("参数 --max-tasks 应为正整数。")
            raise SystemExit(2)
        try:
            Job.objects.exists()  # the database is up and migrated, or say so here
            reaped = lifecycle.reap()
            pruned = lifecycle.prune()
        except DatabaseError as error:
            self.stderr.write(f"无法使用数据库(未启动,或尚未迁移:manage.py migrate):{error}")
            raise SystemExit(1) from None
        if verbosity:
            self.stdout.write(
                f"后台任务进程已启动:{reaped} 项中止的任务已标为失败,清理了 {pruned} 条过期记录。"
            )
        # The queue's own log is English and says nothing staff need (each job's outcome is
        # on its page, its errors in our log); -v 2 shows it.
        for name in ("django_tasks", "django_tasks_db"):
            logging.getLogger(name).setLevel(logging.INFO if verbosity >= 2 else logging.CRITICAL)
        worker = ChineseWorker(
            queue_names=["default"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=max_tasks,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()
        if worker.forced:
            raise SystemExit(1)
