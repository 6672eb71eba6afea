"""The workbook of every record type as jobs: its import (preview, then write) and its export."""

from django.db import transaction
from django.utils.timezone import localdate
from django.utils.translation import gettext as _

from ..importing.formats import write_workbook
from ..importing.reading import SpreadsheetError, counting_rows
from ..importing.services import check_workbook, exportable_resources, log_workbook
from . import files, lifecycle


def preview(*, job, progress):
    """Checks every sheet and row, writes nothing, and keeps each sheet's counts."""
    _import(job=job, progress=progress, dry_run=True)


def confirm(*, job, progress):
    """Imports the previewed workbook: every sheet and row, or nothing."""
    _import(job=job, progress=progress, dry_run=False)


def _import(*, job, progress, dry_run):
    try:
        data = files.read(job.pending)
    except SpreadsheetError as error:
        lifecycle.fail(job=job, message=str(error))
        return
    progress.stage("read")
    with transaction.atomic(), counting_rows(lambda: progress.add("read")):
        results, problems = check_workbook(
            user=job.user, data=data, file_name=job.file_name, dry_run=dry_run, progress=progress
        )
        if problems:
            lifecycle.fail(
                job=job,
                message=_("工作簿中有 %(n)s 处问题,没有写入任何记录。") % {"n": len(problems)},
                errors=problems,
                data=data,
            )
            return
        sheets = [
            [title, r.total_rows, r.totals["new"], r.totals["update"], r.totals["skip"]]
            for title, r in results
        ]
        total = sum(sheet[1] for sheet in sheets)
        if dry_run:
            lifecycle.complete(
                job=job,
                message=_("预览完成:共 %(n)s 行,确认后写入。") % {"n": total},
                result={"sheets": sheets},
                rows_total=total,
            )
            return
        log_workbook(user=job.user, file_name=job.file_name, data=data, results=results, job=job)
        files.remove(job.pending)
        lifecycle.complete(
            job=job,
            message=_("工作簿导入完成:新增 %(new)s 条,更新 %(update)s 条,未变 %(skip)s 条。")
            % {
                "new": sum(s[2] for s in sheets),
                "update": sum(s[3] for s in sheets),
                "skip": sum(s[4] for s in sheets),
            },
            result={"sheets": sheets},
            rows_total=total,
            rows_written=sum(s[2] + s[3] for s in sheets),
        )


def export(*, job, progress):
    """The workbook of every record type the user may see, ready to download."""
    allowed = exportable_resources(job.user)
    if not allowed:
        lifecycle.fail(job=job, message=_("提交人已无查看这些记录的权限。"))
        return
    progress.stage("export")
    datasets = [resource_class().export() for resource_class in allowed.values()]
    total = sum(len(dataset) for dataset in datasets)
    name = files.keep(write_workbook(datasets))
    lifecycle.complete(
        job=job,
        message=_("工作簿已生成:%(sheets)s 个工作表,共 %(n)s 行。")
        % {"sheets": len(datasets), "n": total},
        result={
            "download": name,
            "download_name": f"园区数据工作簿-{localdate():%Y-%m-%d}.xlsx",
            "titles": list(allowed),
        },
        rows_total=total,
    )
