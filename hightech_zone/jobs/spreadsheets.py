"""An import of one record type's spreadsheet, as a job: the preview, then the write."""

from types import SimpleNamespace

from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from import_export.formats.base_formats import Format

from .. import cache
from ..importing import checked_rows
from ..importing.reading import SpreadsheetError, counting_rows, rows_in
from ..importing.services import log_import, permission
from ..importing.zone_resource import ZoneResource, change_reason
from . import files, lifecycle


def params(*, resource_class, format_class):
    """What a job needs to know to import a file as the admin would have."""
    return {
        "resource": f"{resource_class.__module__}.{resource_class.__qualname__}",
        "format": f"{format_class.__module__}.{format_class.__qualname__}",
    }


def preview(*, job, progress):
    """Reads and checks every row, writes nothing, and keeps what would change for the page."""
    _import(job=job, progress=progress, dry_run=True)


def confirm(*, job, progress):
    """Imports the previewed file: every row, or none of them."""
    _import(job=job, progress=progress, dry_run=False)


def _import(*, job, progress, dry_run):
    # Read before the preview reads anything: a write from here on means the full pass.
    version = cache.data_version() if dry_run else None
    rights = checked_rows.rights(job.user) if dry_run and job.user is not None else None
    resource_class = import_string(job.params["resource"])
    format_class = import_string(job.params["format"])
    if not (issubclass(resource_class, ZoneResource) and issubclass(format_class, Format)):
        raise TypeError(job.params)
    model = resource_class._meta.model
    user = job.user
    if (
        user is None
        or not user.is_active
        or not all(user.has_perm(permission(model, action)) for action in ("add", "change"))
    ):
        lifecycle.fail(job=job, message=_("提交人已无导入这类记录的权限,没有写入任何记录。"))
        return
    try:
        data = files.read(job.pending)
    except SpreadsheetError as error:
        lifecycle.fail(job=job, message=str(error))
        return
    if not dry_run and _replayed(
        job=job, progress=progress, resource_class=resource_class, data=data
    ):
        return
    try:
        progress.stage("read", total=rows_in(data))
        with counting_rows(lambda: progress.add("read")):
            dataset = format_class().create_dataset(data)
    except SpreadsheetError as error:
        lifecycle.fail(job=job, message=str(error))
        return
    total = len(dataset)
    progress.stage("validate" if dry_run else "write", total=total, read=total)
    resource = resource_class()
    resource.progress = progress
    if dry_run and version is not None and checked_rows.can_keep(resource):
        resource.kept = checked_rows.Kept(model, resource.get_bulk_update_fields())
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=dry_run, file_name=job.file_name, user=user)
        if result.error_lines:
            lifecycle.fail(
                job=job,
                message=_("文件中有 %(n)s 处问题,没有写入任何记录。请改正后重新上传。")
                % {"n": len(result.error_lines)},
                errors=result.error_lines,
                data=data,
            )
            return
        totals = {kind: result.totals[kind] for kind in ("new", "update", "skip")}
        if dry_run:
            kept = {}
            if resource.kept is not None:
                kept = {
                    "version": version,
                    "rights": rights,
                    "rows": files.keep(resource.kept.dumps()),
                }
            lifecycle.complete(
                job=job,
                message=_("预览完成:确认后将%(summary)s。") % {"summary": _summary(totals)},
                result={
                    "totals": totals,
                    "preview": _json_preview(result.preview),
                    **({"kept": kept} if kept else {}),
                },
                rows_total=result.total_rows,
            )
            return
        _written(job=job, data=data, result=result, totals=totals)


def _replayed(*, job, progress, resource_class, data):
    """Writes the rows the preview kept, if nothing changed since it began; False if the
    full pass must run instead (nothing kept, something written meanwhile, or refused)."""
    preview = job.preview
    kept = preview.result.get("kept") if preview is not None else None
    if not checked_rows.still_valid(kept, job.user):
        return False
    try:
        rows = files.read(kept["rows"])
    except SpreadsheetError:
        return False
    total = preview.rows_total
    totals = preview.result["totals"]
    progress.stage("write", total=total, read=total, validated=total)
    model = resource_class._meta.model
    with transaction.atomic():
        if not checked_rows.write(
            data=rows,
            model=model,
            update_fields=resource_class().get_bulk_update_fields(),
            user=job.user,
            reason=change_reason(job.file_name),
            progress=progress,
        ):
            return False
        result = SimpleNamespace(totals=totals, total_rows=total, error_lines=[])
        _written(job=job, data=data, result=result, totals=totals)
    return True


def _written(*, job, data, result, totals):
    """Logs the import, removes its files and marks the job done, in the write's transaction."""
    log_import(
        user=job.user,
        record_type=job.record_type,
        file_name=job.file_name,
        data=data,
        result=result,
        job=job,
    )
    files.remove_held(job)
    lifecycle.complete(
        job=job,
        message=_("导入完成:%(summary)s。") % {"summary": _summary(totals)},
        result={"totals": totals},
        rows_total=result.total_rows,
        rows_written=totals["new"] + totals["update"],
    )


def _summary(totals):
    return _("新增 %(new)s 条,更新 %(update)s 条,未变 %(skip)s 条") % totals


def _json_preview(preview):
    """The preview's rows as the job's JSON keeps them: (row, kind, record, changes)."""

    def text(value):
        return None if value is None else str(value)

    return [
        [number, kind, record, [[column, text(old), text(new)] for column, old, new in changes]]
        for number, kind, record, changes in preview
    ]
