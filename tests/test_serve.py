"""`make serve`: gunicorn with DEBUG off and static files through whitenoise."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
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
def served(tmp_path):
    port = free_port()
    venv = sys.prefix  # the virtual environment running the tests
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "PORT": str(port),
        "VENV": venv,
        "WEB_WORKERS": "1",
        "WEB_THREADS": "2",
    }
    env.pop("REDIS_URL", None)
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
