"""A superuser's upkeep as jobs: a backup of everything, a restore into an empty database, and
the search index built again."""

import io

from django.db import transaction
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from .. import search_index
from ..backup import RestoreError, restore_backup, write_backup
from ..importing.reading import SpreadsheetError, check_unzipped
from ..models import SearchKind
from . import files, lifecycle

SUPERUSERS_ONLY = _("只有超级管理员可以备份、恢复或重建搜索索引,没有执行。")


def _by_a_superuser(job):
    if job.user is not None and job.user.is_active and job.user.is_superuser:
        return True
    lifecycle.fail(job=job, message=SUPERUSERS_ONLY)
    return False


def backup(*, job, progress):
    """Every record and user (without passwords) in one workbook, to download."""
    if not _by_a_superuser(job):
        return
    progress.stage("export")
    out = io.BytesIO()
    write_backup(out)
    name = files.keep(out.getvalue())
    lifecycle.complete(
        job=job,
        message=_("备份已生成(%(kb)s KB)。恢复时需要一个空数据库。")
        % {"kb": max(1, len(out.getvalue()) // 1024)},
        result={"download": name, "download_name": f"园区数据备份-{localdate():%Y-%m-%d}.xlsx"},
    )


def restore(*, job, progress):
    """A backup back into a database with no zone data, all of it or none."""
    if not _by_a_superuser(job):
        return
    try:
        data = files.read(job.pending)
        check_unzipped(data)
    except SpreadsheetError as error:
        lifecycle.fail(job=job, message=str(error))
        return
    progress.stage("write")
    try:
        with transaction.atomic():
            counts = restore_backup(io.BytesIO(data))
            files.remove(job.pending)
            total = sum(counts.values())
            lifecycle.complete(
                job=job,
                message=_("已恢复 %(n)s 条记录。用户需由管理员重新设置密码。") % {"n": total},
                result={"counts": counts},
                rows_total=total,
                rows_written=total,
            )
    except RestoreError as error:  # nothing of the backup stays
        lifecycle.fail(job=job, message=str(error))


def rebuild_search_index(*, job, progress):
    """The search index afresh from the published records."""
    if not _by_a_superuser(job):
        return
    progress.stage("write")
    with transaction.atomic():
        counts = search_index.rebuild()
        lifecycle.complete(
            job=job,
            message=_("搜索索引已重建,共 %(n)s 条:%(kinds)s。")
            % {
                "n": sum(counts.values()),
                "kinds": ",".join(
                    f"{SearchKind(kind).label} {count} 条" for kind, count in counts.items()
                ),
            },
        )
