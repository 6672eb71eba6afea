"""`make serve`: gunicorn with DEBUG off and static files through whitenoise."""

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings

from tests.http_session import Session

pytestmark = pytest.mark.slow  # each server takes ~18 s to start


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def serve_env(tmp_path, **extra_env):
    """The environment `make serve` runs in: a fresh SQLite database and files of its own."""
    venv = sys.prefix  # the virtual environment running the tests
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "PORT": str(free_port()),
        "VENV": venv,
        "WEB_WORKERS": "1",
        "WEB_THREADS": "2",
    }
    env.pop("REDIS_URL", None)
    return env | extra_env


@contextlib.contextmanager
def make_target(target, env, *, timeout=120):
    """`make <target>` (run or serve) in its own process group, once it answers /healthz;
    yields (base URL, process) and stops the whole group afterwards."""
    process = subprocess.Popen(
        ["make", target],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{env['PORT']}"
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if fetch(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            os.killpg(process.pid, signal.SIGTERM)
            output = process.communicate(timeout=10)[0].decode(errors="replace")
            pytest.fail(f"make {target} did not start:\n{output[-3000:]}")
        yield base, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def make_serve(tmp_path, **extra_env):
    """`make serve` on a fresh SQLite database; yields (base URL, process)."""
    return make_target("serve", serve_env(tmp_path, **extra_env))


def served_zone(folder):
    """The zone's name and its latest report's address, read from the served database: the
    pages must show whatever the start command seeded it with."""
    with contextlib.closing(sqlite3.connect(folder / "serve.sqlite3")) as database:
        (name,) = database.execute("SELECT name FROM hightech_zone_zoneprofile").fetchone()
        (year,) = database.execute("SELECT max(year) FROM hightech_zone_workreport").fetchone()
    return name, f"/reports/{year}/"


def stop_and_read_output(process):
    os.killpg(process.pid, signal.SIGTERM)
    return process.communicate(timeout=20)[0].decode(errors="replace")


@pytest.fixture(scope="module")
def served_in(tmp_path_factory):
    """One `make serve` for the tests that only read from it (starting one takes ~18 s):
    yields its base URL and the folder holding its database and files."""
    folder = tmp_path_factory.mktemp("serve")
    with make_serve(folder) as (base, _):
        yield base, folder


@pytest.fixture
def served(served_in):
    return served_in[0]


def test_make_serve_answers_with_debug_off_and_hashed_static_files(served_in):
    served, folder = served_in
    status, headers, body = fetch(served + "/healthz")
    assert (status, body) == (200, "ok")
    assert headers["Server"] == "gunicorn"

    status, headers, home = fetch(served + "/")
    assert status == 200 and served_zone(folder)[0] in home
    assert "Content-Security-Policy" in headers

    css = home.split('href="/static/css/portal.', 1)[1].split('"', 1)[0]
    status, headers, _ = fetch(f"{served}/static/css/portal.{css}")
    assert status == 200 and css.count(".") == 1  # a content hash in the name
    assert "immutable" in headers["Cache-Control"]

    status, _, missing = fetch(served + "/reports/1999/")
    assert status == 404 and "页面不存在" in missing and "Traceback" not in missing


def test_make_serve_answers_on_ipv6_too(served):
    port = urllib.parse.urlsplit(served).port
    assert fetch(f"http://[::1]:{port}/healthz")[:3:2] == (200, "ok")
    status, _, home = fetch(f"http://[::1]:{port}/")
    assert status == 200 and "我为政府网站找错" in home


def test_make_serve_without_the_ipv6_address_listens_on_ipv4_and_says_so(tmp_path):
    # An address this machine does not hold: the IPv6 bind is left out instead of failing.
    with make_serve(tmp_path, HOST6="2001:db8::1") as (base, process):
        assert fetch(base + "/healthz")[0] == 200
        output = stop_and_read_output(process)
    assert "IPv6 address 2001:db8::1 is not available here" in output


def test_make_serve_without_redis_or_database_answers_pages_503_and_logs_why(tmp_path):
    closed = free_port()
    with make_serve(tmp_path, REDIS_URL=f"redis://127.0.0.1:{closed}/0") as (base, process):
        zone, report = served_zone(tmp_path)
        for page in ["/", report, "/indicators/", "/en/projects/"]:
            status, _, html = fetch(base + page)
            assert status == 200 and zone in html, page

        database = tmp_path / "serve.sqlite3"
        database.rename(tmp_path / "away.sqlite3")  # the database is gone: no table answers
        status, headers, html = fetch(base + report)
        assert status == 503 and headers["Retry-After"] == "10"
        assert "系统维护中" in html and "Traceback" not in html
        (tmp_path / "away.sqlite3").replace(database)
        assert fetch(base + report)[0] == 200

        output = stop_and_read_output(process)
    served_output = output.split("Listening at", 1)[1]  # bootstrap, a process of its own, warns too
    assert served_output.count(f"Redis cache 127.0.0.1:{closed}/0 failed (ConnectionError") == 1
    assert f"ERROR django.request: Service Unavailable: {report}" in output
    assert "Traceback (most recent call last)" in output and "no such table" in output


ATTACHMENTS = """
from django.core.files.base import ContentFile
from hightech_zone.models import PolicyDocument
public, draft = PolicyDocument.objects.order_by("pk")[:2]
for policy in (public, draft):
    policy.attachment.save("科技创新券实施管理办法.pdf", ContentFile(b"%PDF-1.7 served"))
PolicyDocument.objects.filter(pk=public.pk).update(status="published")
PolicyDocument.objects.filter(pk=draft.pk).update(status="draft")
print(public.pk, draft.pk, draft.attachment.name)
"""


def test_make_serve_downloads_a_public_policys_attachment_and_not_a_drafts(served_in):
    served, folder = served_in
    # The records are written with the server's own settings, into its database and media.
    made = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", ATTACHMENTS],
        cwd=settings.BASE_DIR,
        env=serve_env(folder),
        capture_output=True,
        text=True,
        check=True,
    )
    public, draft, draft_file = made.stdout.split()[-3:]

    status, _, page = fetch(f"{served}/policies/{public}/")
    assert status == 200 and f'href="/policies/{public}/attachment/"' in page
    status, headers, body = fetch(f"{served}/policies/{public}/attachment/")
    assert (status, body) == (200, "%PDF-1.7 served")
    assert headers["Content-Type"] == "application/pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"
    name = urllib.parse.quote("科技创新券实施管理办法.pdf")
    assert headers["Content-Disposition"] == f"attachment; filename*=utf-8''{name}"

    assert fetch(f"{served}/policies/{draft}/attachment/")[0] == 404
    assert fetch(f"{served}/media/{urllib.parse.quote(draft_file)}")[0] == 404
    status, _, login = fetch(f"{served}/admin/media/{urllib.parse.quote(draft_file)}")
    assert "%PDF" not in login and 'name="password"' in login  # staff only: the login page


MAKE_SUPERUSER = """
from django.contrib.auth.models import User
from hightech_zone.models import Indicator
User.objects.create_superuser("serve-tester", password="不易猜到的密码-2017")
print(" ".join(Indicator.objects.values_list("code", flat=True)))
"""


def test_make_serve_runs_a_large_import_in_its_workers(served_in):
    served, folder = served_in
    made = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", MAKE_SUPERUSER],
        cwd=settings.BASE_DIR,
        env=serve_env(folder),
        capture_output=True,
        text=True,
        check=True,
    )
    codes = made.stdout.splitlines()[-1].split()
    staff = Session(served)
    staff.post("/admin/login/", {"username": "serve-tester", "password": "不易猜到的密码-2017"})
    lines = [
        f"{code},{year},{year - 1900}.5,服务器后台导入测试"
        for code in codes
        for year in range(1950, 2011)
    ]
    data = "\r\n".join(["指标,年度,数值,备注", *lines]).encode("gbk")
    assert len(data) > 100 * 1024  # over what is checked within the request: a job
    job_url, page = staff.post(
        "/admin/hightech_zone/indicatorvalue/import/",
        {"format": "0"},
        {"import_file": ("数值.csv", data)},
    )
    assert "/admin/hightech_zone/job/" in job_url, page[:2000]
    assert staff.wait_for_job(job_url)["status"] == "done"
    path = urllib.parse.urlsplit(job_url).path
    written_url, _ = staff.post(path.replace("/change/", "/confirm/"), {}, token_from=path)
    state = staff.wait_for_job(written_url)
    assert state["status"] == "done", state
    assert state["message"] == f"导入完成:新增 {len(lines)} 条,更新 0 条,未变 0 条。"
