"""Whether a running job's worker is still alive: a lock the worker holds while it runs.

A worker killed outright (SIGKILL, a crash, a power cut) writes nothing more, so a job it was
running would stay 运行中 for ever (django-tasks-db marks nothing either). Its lock, though,
goes with it: PostgreSQL drops a session's advisory locks with its connection, and the
kernel drops a process's file locks with the process. A running job whose lock is free has
lost its worker. No heartbeat to tune, and no worker judged dead while it is only slow.
"""

import contextlib
import fcntl
import os
from pathlib import Path

from django.db import connection

# The first key of PostgreSQL's two-key advisory locks: this product's jobs ("HZJB").
ADVISORY_CLASS = 0x485A4A42 - 2**31


def _lock_file(job_id):
    database = Path(connection.settings_dict["NAME"])
    folder = database.with_name(f"{database.name}.jobs")
    folder.mkdir(exist_ok=True)
    return folder / f"{int(job_id)}.lock"


def _postgres():
    return connection.vendor == "postgresql"


@contextlib.contextmanager
def held(job_id):
    """Held by the worker for as long as it runs the job."""
    if _postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [ADVISORY_CLASS, job_id])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [ADVISORY_CLASS, job_id])
        return
    path = _lock_file(job_id)
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    with contextlib.suppress(OSError):
        os.unlink(path)


def is_alive(job_id):
    """Whether some worker holds the job's lock now."""
    if _postgres():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [ADVISORY_CLASS, job_id])
            (free,) = cursor.fetchone()
            if free:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [ADVISORY_CLASS, job_id])
        return not free
    path = _lock_file(job_id)
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    with contextlib.suppress(OSError):
        os.unlink(path)
    return False
