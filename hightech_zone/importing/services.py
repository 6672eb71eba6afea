"""The import services: a workbook of many record types, all or nothing, and the import log."""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.db import transaction
from django.utils.translation import gettext as _

from .. import search_index
from ..models import ImportOutcome, ImportRecord
from .pending import DatabaseStorage
from .reading import SpreadsheetError, read_workbook, too_large
from .resources import WORKBOOK_RESOURCES


def log_import(
    *, user, record_type, file_name, data, size=None, layout="", result=None, errors=(), job=None
):
    """Keeps the log of an import, whether it was applied or refused."""
    totals = result.totals if result is not None else {}
    errors = list(errors) or list(getattr(result, "error_lines", []))
    return ImportRecord.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        record_type=str(record_type)[:100],
        file_name=(file_name or "")[:255],
        file_size=len(data) if size is None else size,
        file_sha256=hashlib.sha256(data).hexdigest() if data else "",
        layout=str(layout)[:100],
        outcome=ImportOutcome.REFUSED if errors else ImportOutcome.IMPORTED,
        rows_total=result.total_rows if result is not None and not errors else 0,
        rows_created=0 if errors else totals.get("new", 0),
        rows_updated=0 if errors else totals.get("update", 0),
        rows_skipped=0 if errors else totals.get("skip", 0),
        errors="\n".join(errors[:100]),
        job=job,
    )


def import_workbook(*, sheets, user, file_name, dry_run, progress=None):
    """Imports a workbook of one sheet per record type, all of it or none of it.

    ``sheets`` maps sheet titles to datasets. Sheets are taken in dependency order
    (indicators before their values, platforms before their projects), so that a value may
    name an indicator created by the same workbook. Returns ``[(sheet title, result)]`` and
    the problems that concern the workbook as a whole.
    """
    titles = {str(r._meta.model._meta.verbose_name_plural): r for r in WORKBOOK_RESOURCES}
    unknown = [title for title in sheets if title not in titles]
    problems = [
        _("不认识的工作表“%(title)s”。工作表应以记录类型命名:%(known)s。")
        % {"title": title, "known": "、".join(titles)}
        for title in unknown
    ]
    results = []
    with transaction.atomic(), search_index.deferred():
        for title, resource_class in titles.items():
            if title in sheets:
                resource = resource_class()
                resource.progress = progress
                result = resource.import_data(
                    sheets[title], dry_run=False, user=user, file_name=file_name
                )
                results.append((title, result))
        if dry_run or problems or any(result.error_lines for _title, result in results):
            transaction.set_rollback(True)
    return results, problems


def exportable_resources(user):
    """The workbook's record types ``user`` may see: {sheet title: resource class}."""
    return {
        str(r._meta.model._meta.verbose_name_plural): r
        for r in WORKBOOK_RESOURCES
        if user is not None
        and user.is_active
        and (
            user.has_perm(permission(r._meta.model, "view"))
            or user.has_perm(permission(r._meta.model, "change"))
        )
    }


def permission(model, action):
    return f"{model._meta.app_label}.{get_permission_codename(action, model._meta)}"


@dataclass
class WorkbookOutcome:
    """What the workbook page shows after an upload: a preview, the problems, or done."""

    results: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    pending: str = ""
    file_name: str = ""
    summary: str = ""
    done: bool = False

    @property
    def context(self):
        if self.problems:
            return {"problems": self.problems}
        return {"results": self.results, "pending": self.pending, "file_name": self.file_name}


def check_workbook(*, user, data, file_name, dry_run, progress=None):
    """Reads a workbook and imports it, all or nothing (``dry_run``: checks, writes nothing).
    Returns ``[(sheet title, result)]`` and every problem, each a line for staff."""
    try:
        sheets = read_workbook(data)
    except SpreadsheetError as error:
        return [], [str(error)]
    models_in_file = [
        r._meta.model
        for r in WORKBOOK_RESOURCES
        if str(r._meta.model._meta.verbose_name_plural) in sheets
    ]
    denied = [
        str(m._meta.verbose_name_plural)
        for m in models_in_file
        if not (user.has_perm(permission(m, "add")) and user.has_perm(permission(m, "change")))
    ]
    if denied:
        return [], [f"您没有导入以下记录的权限:{'、'.join(denied)}。"]
    if progress is not None:
        total = sum(len(dataset) for dataset in sheets.values())
        progress.stage("validate" if dry_run else "write", total=total, read=total)
    results, problems = import_workbook(
        sheets=sheets, user=user, file_name=file_name, dry_run=dry_run, progress=progress
    )
    problems += [
        f"工作表“{title}”{line}" for title, result in results for line in result.error_lines
    ]
    return results, problems


def log_workbook(*, user, file_name, data, results, job=None):
    """The import log of an imported workbook: a record per sheet."""
    for title, result in results:
        log_import(
            user=user,
            record_type=title,
            file_name=file_name,
            data=data,
            layout="工作簿",
            result=result,
            job=job,
        )


def workbook_summary(results):
    return ";".join(
        f"{title}:新增 {r.totals['new']} 条,更新 {r.totals['update']} 条,未变 {r.totals['skip']} 条"
        for title, r in results
    )


def import_uploaded_workbook(*, user, upload, pending=None, file_name=None):
    """A workbook upload, in two steps: without ``pending`` it is checked in full, kept and
    previewed; with the ``pending`` name the preview gave, the kept file is imported. Every
    refusal is logged, and nothing is written unless the whole workbook is good."""
    confirm = bool(pending)
    storage = DatabaseStorage(name=pending) if confirm else DatabaseStorage()
    file_name = (file_name if confirm else getattr(upload, "name", "")) or ""
    try:
        if confirm:
            data = storage.read()
        elif upload is None:
            raise SpreadsheetError("请选择要导入的工作簿文件。")
        elif upload.size > settings.IMPORT_MAX_BYTES:
            raise SpreadsheetError(too_large())
        else:
            data = upload.read()
    except SpreadsheetError as error:
        return _refused(user, file_name, upload, storage, [str(error)])
    results, problems = check_workbook(
        user=user, data=data, file_name=file_name, dry_run=not confirm
    )
    if problems:
        return _refused(user, file_name, upload, storage, problems, data)
    if not confirm:
        storage.save(data)
        return WorkbookOutcome(results=results, pending=storage.name, file_name=file_name)
    storage.remove()
    log_workbook(user=user, file_name=file_name, data=data, results=results)
    summary = workbook_summary(results)
    return WorkbookOutcome(results=results, summary=f"工作簿导入完成。{summary}。", done=True)


def _refused(user, file_name, upload, storage, problems, data=None):
    if storage.name:
        storage.remove()
    if upload is not None or data is not None:
        size = upload.size if upload is not None else len(data)
        log_import(
            user=user,
            record_type="工作簿",
            file_name=file_name,
            data=data or b"",
            size=size,
            layout="工作簿",
            errors=problems,
        )
    return WorkbookOutcome(problems=problems)
