"""A real background worker (`manage.py run_jobs`) in its own process, on the test database.

The worker reads what the test wrote, so tests that use it commit (transaction=True); the
SQLite test database is a file for this reason (config/settings.py). Job progress goes
through the cache, so the test and the worker share a folder of cache files.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.parse

from django.conf import settings
from django.db import connection
from django.test import override_settings


def database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = urllib.parse.quote(db.get("USER") or "")
    password = urllib.parse.quote(db.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def shared_cache(folder):
    """The settings under which the test reads the worker's progress."""
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(folder),
            }
        }
    )


class Worker:
    def __init__(self, cache_dir, **env):
        self.cache_dir = cache_dir
        self.env = env
        self.process = None

    def start(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.pop("REDIS_URL", None)
        env |= {
            "DATABASE_URL": database_url(),
            "DJANGO_CACHE_DIR": str(self.cache_dir),
            "DJANGO_SECRET_KEY": "worker-test",
            **self.env,
        }
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "run_jobs", "--interval", "0.1"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self):
        """SIGKILL: the worker gets no chance to clean up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self):
        if self.process.poll() is None:
            return ""
        return self.process.stdout.read().decode(errors="replace")


@contextlib.contextmanager
def running_worker(cache_dir, **env):
    worker = Worker(cache_dir, **env).start()
    try:
        yield worker
    finally:
        worker.stop()


def wait_for(condition, *, timeout=120, what="the condition"):
    """Polls ``condition`` until it returns something true; fails the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}")
