"""`make run` from an empty database: an import through the admin runs as a job and completes
with no command beyond `make run` (its worker starts beside the dev server)."""

import contextlib
import re
import sqlite3
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest
from django.conf import settings

from tests.http_session import Session
from tests.test_serve import make_target, serve_env

pytestmark = pytest.mark.slow

PASSWORD = "不易猜到的密码-2017"


def test_make_run_imports_a_file_through_a_job_with_no_other_command(tmp_path):
    # Even this small file becomes a job; `make run` starts the worker that runs it.
    env = serve_env(tmp_path, DJANGO_JOBS_INLINE_MAX_KB="0", ZONE="empty")
    with make_target("run", env) as (base, _process):
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c",
             "from django.contrib.auth.models import User; "
             f"User.objects.create_superuser('tester', password='{PASSWORD}')"],
            cwd=settings.BASE_DIR, env=env, check=True, capture_output=True,
        )  # fmt: skip
        with contextlib.closing(sqlite3.connect(tmp_path / "serve.sqlite3")) as database:
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
    with contextlib.closing(sqlite3.connect(tmp_path / "serve.sqlite3")) as database:
        (count,) = database.execute(
            "SELECT count(*) FROM hightech_zone_indicatorvalue WHERE year IN (2091, 2092)"
        ).fetchone()
    assert count == 2
