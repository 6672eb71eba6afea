"""A running job's live counts, kept in the cache that every process shares.

The job's own row cannot take them: its work runs in one transaction, all or nothing, and on
SQLite no other connection may write while it is open. The counts go to the cache (Redis, or
the files every process of the installation shares) at most a few times a second; the row
takes the final figures when the job ends.
"""

import time

from django.core.cache import cache
from django.utils.translation import gettext as _

# How often, at most, the counts are written while a job runs.
INTERVAL = 0.25


class JobTimedOut(BaseException):
    """The job ran past its time limit; its transaction is rolled back.

    A BaseException, as KeyboardInterrupt is: django-import-export turns every Exception
    raised within a row into that row's error, and the import would carry on.
    """

    def __init__(self, limit):
        super().__init__(
            _("任务运行超过时限(%(limit)s 秒),已停止,没有写入任何记录。") % {"limit": limit}
        )


def key(job_id):
    return f"job-progress:{job_id}"


def read(job_id):
    """The counts last written: {"stage", "total", "read", "validated", "written"}, or {}."""
    return cache.get(key(job_id)) or {}


def forget(job_id):
    cache.delete(key(job_id))


class Progress:
    """Counts a job's rows as it reads, checks and writes them, and stops it at its deadline."""

    def __init__(self, job_id, *, deadline, limit):
        self.job_id = job_id
        self.deadline = deadline  # time.monotonic() value
        self.limit = limit
        self.counts = {"stage": "read", "total": 0, "read": 0, "validated": 0, "written": 0}
        self.marked = (0, 0)
        self.last = 0.0

    def stage(self, name, **counts):
        self.counts.update(stage=name, **counts)
        self.flush()

    def mark(self):
        """Where one record type's rows begin (a workbook has several)."""
        self.marked = (self.counts["validated"], self.counts["written"])

    def rewind(self):
        """The record type's rows are gone through again (the import's full re-check)."""
        self.counts["validated"], self.counts["written"] = self.marked
        self.flush()

    def add(self, what, n=1):
        if what == "written" and self.counts["stage"] != "write":
            return  # a preview's writes are rolled back
        self.counts[what] += n
        now = time.monotonic()
        if now - self.last >= INTERVAL:
            self.flush(now)

    def flush(self, now=None):
        now = time.monotonic() if now is None else now
        if now > self.deadline:
            raise JobTimedOut(self.limit)
        self.last = now
        cache.set(key(self.job_id), dict(self.counts), timeout=24 * 3600)
