"""`make run` from an empty database: an import through the admin runs as a job and completes
with no command beyond `make run` (its worker starts beside the dev server)."""

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
from django.conf import settings

from tests.http_session import Session
from tests.test_serve import fetch, free_port

pytestmark = pytest.mark.slow

PASSWORD = "不易猜到的密码-2017"


@contextlib.contextmanager
def make_run(folder):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env |= {
        "DATABASE_URL": f"sqlite:///{folder / 'run.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_CACHE_DIR": str(folder / "cache"),
        "DJANGO_JOBS_INLINE_MAX_KB": "0",  # so that even this small file becomes a job
        "PORT": str(free_port()),
        "VENV": sys.prefix,
        "ZONE": "empty",
    }
    process = subprocess.Popen(
        ["make", "run"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if fetch(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            os.killpg(process.pid, signal.SIGTERM)
            output = process.communicate(timeout=10)[0].decode(errors="replace")
            pytest.fail(f"make run did not start:\n{output[-3000:]}")
        yield base, env
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def test_make_run_imports_a_file_through_a_job_with_no_other_command(tmp_path):
    with make_run(tmp_path) as (base, env):
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c",
             "from django.contrib.auth.models import User; "
             f"User.objects.create_superuser('tester', password='{PASSWORD}')"],
            cwd=settings.BASE_DIR, env=env, check=True, capture_output=True,
        )  # fmt: skip
        with contextlib.closing(sqlite3.connect(tmp_path / "run.sqlite3")) as database:
            (code,) = database.execute("SELECT code FROM hightech_zone_indicator").fetchone()
        staff = Session(base)
        staff.post("/admin/login/", {"username": "tester", "password": PASSWORD})
        values = "/admin/hightech_zone/indicatorvalue/"
        text = f"指标,年度,数值\r\n{code},2091,12.5\r\n{code},2092,13.5\r\n"
        job_url, page = staff.post(
            f"{values}import/",
            {"format": "0"},
            {"import_file": ("数值.csv", text.encode("gbk"))},
        )
        assert re.search(r"/admin/hightech_zone/job/\d+/change/$", job_url), page[:2000]
        assert staff.wait_for_job(job_url)["status"] == "done"
        path = urllib.parse.urlsplit(job_url).path
        written_url, _ = staff.post(path.replace("/change/", "/confirm/"), {}, token_from=path)
        assert written_url != job_url
        state = staff.wait_for_job(written_url)
        assert (state["status"], state["message"]) == (
            "done",
            "导入完成:新增 2 条,更新 0 条,未变 0 条。",
        )
    with contextlib.closing(sqlite3.connect(tmp_path / "run.sqlite3")) as database:
        (count,) = database.execute(
            "SELECT count(*) FROM hightech_zone_indicatorvalue WHERE year IN (2091, 2092)"
        ).fetchone()
    assert count == 2
