"""`make serve`: gunicorn with DEBUG off and static files through whitenoise."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings


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


@pytest.fixture
def serve_env(tmp_path):
    """The environment `make serve` runs in: its own database, files and port."""
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
    return env


@pytest.fixture
def served(serve_env):
    env, port = serve_env, serve_env["PORT"]
    process = subprocess.Popen(
        ["make", "serve"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if fetch(base + "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=10)[0].decode(errors="replace")
        pytest.fail(f"make serve did not start:\n{output[-3000:]}")
    yield base
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def test_make_serve_answers_with_debug_off_and_hashed_static_files(served):
    status, headers, body = fetch(served + "/healthz")
    assert (status, body) == (200, "ok")
    assert headers["Server"] == "gunicorn"

    status, headers, home = fetch(served + "/")
    assert status == 200 and "锦州高新技术产业开发区" in home
    assert "Content-Security-Policy" in headers

    css = home.split('href="/static/css/portal.', 1)[1].split('"', 1)[0]
    status, headers, _ = fetch(f"{served}/static/css/portal.{css}")
    assert status == 200 and css.count(".") == 1  # a content hash in the name
    assert "immutable" in headers["Cache-Control"]

    status, _, missing = fetch(served + "/reports/1999/")
    assert status == 404 and "页面不存在" in missing and "Traceback" not in missing


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


def test_make_serve_downloads_a_public_policys_attachment_and_not_a_drafts(served, serve_env):
    # The records are written by the server's own settings, into its database and media.
    made = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", ATTACHMENTS],
        cwd=settings.BASE_DIR,
        env=serve_env,
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
