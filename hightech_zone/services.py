"""Writes that touch several models at once."""

import hashlib
import io
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rules
from .models import Indicator, PublicationStatus, WorkReport, ZoneProfile, record_models


def seed_fixture_paths(*, fixture_dirs=None):
    """Every fixture file shipped in the fixture folders, in name order."""
    dirs = fixture_dirs if fixture_dirs is not None else settings.FIXTURE_DIRS
    return sorted(path for d in dirs for path in Path(d).glob("*.json"))


def has_zone_data():
    return ZoneProfile.objects.exists() or Indicator.objects.exists() or WorkReport.objects.exists()


@transaction.atomic
def load_seed_data(*, fixture_dirs=None, force=False, verbosity=0):
    """Load the shipped fixtures into an empty database; return the files loaded.

    A database that already holds zone data is left alone unless ``force`` is set, so that
    re-running the start command never overwrites what staff have edited since.
    """
    if has_zone_data() and not force:
        return []
    paths = seed_fixture_paths(fixture_dirs=fixture_dirs)
    if paths:
        call_command("loaddata", *map(str, paths), verbosity=verbosity)
        stamp_publication(timezone.now())
        # loaddata saves raw, which history skips; give every record its first version.
        call_command("populate_history", auto=True, stdout=io.StringIO(), stderr=io.StringIO())
    return paths


def stamp_publication(when):
    """Published records that came without a publication time (the shipped fixtures carry
    none) were published on this site when they were loaded: their pages say so."""
    for model in record_models():
        if rules.has_state(model):
            model._default_manager.filter(
                status=PublicationStatus.PUBLISHED, published_at__isnull=True
            ).update(published_at=when)


def ensure_admin(*, username="admin"):
    """Create a superuser with a random password if there is none; return the password.

    Returns None when a superuser already exists: the password is shown once, never again.
    """
    User = get_user_model()
    if User.objects.filter(is_superuser=True).exists():
        return None
    password = secrets.token_urlsafe(12)
    User.objects.create_superuser(username=username, email="", password=password)
    return password


# --- Publication workflow: draft -> published -> withdrawn ----------------------------------


def _require_publisher(user, record):
    if not rules.can_publish(user, type(record)):
        raise PermissionDenied(_("只有审核发布人员可以发布、撤回或退回草稿。"))


def set_status(*, record, user, status, reason=""):
    """Move a record to a publication state, recording who did it and when.

    Only publishers may publish, withdraw, or take a published record back to draft; the
    check is here, on the server, whatever the screen offered.
    """
    if status == record.status and status != PublicationStatus.WITHDRAWN:
        return record
    _require_publisher(user, record)
    now = timezone.now()
    if status == PublicationStatus.PUBLISHED:
        record.published_at, record.published_by = now, user
        record.withdrawn_at, record.withdrawn_reason = None, ""
    elif status == PublicationStatus.WITHDRAWN:
        if not reason.strip():
            raise ValidationError({"withdrawn_reason": _("撤回时必须填写撤回理由。")})
        record.withdrawn_at, record.withdrawn_reason = now, reason.strip()
    else:
        record.withdrawn_at, record.withdrawn_reason = None, ""
    record.status = status
    return record


def apply_status(*, record, user, before):
    """Save-time half of a form that set ``record.status``: if the state differs from what the
    database held (``before``; None for a new or restored record, which starts as a draft),
    move it there through set_status, so the move is checked and who and when are recorded."""
    old = before.status if before is not None else PublicationStatus.DRAFT
    if record.status != old:
        wanted, record.status = record.status, old
        set_status(record=record, user=user, status=wanted, reason=record.withdrawn_reason)
    return record


def publish(*, record, user):
    set_status(record=record, user=user, status=PublicationStatus.PUBLISHED)
    record.save()
    return record


def withdraw(*, record, user, reason):
    set_status(record=record, user=user, status=PublicationStatus.WITHDRAWN, reason=reason)
    record.save()
    return record


def return_to_draft(*, record, user):
    set_status(record=record, user=user, status=PublicationStatus.DRAFT)
    record.save()
    return record


def record_import(
    *, user, record_type, file_name, data, size=None, layout="", result=None, errors=()
):
    """Keeps the log of an import, whether it was applied or refused."""
    from .models import ImportOutcome, ImportRecord

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
    )


def import_workbook(*, sheets, user, file_name, dry_run):
    """Imports a workbook of one sheet per record type, all of it or none of it.

    ``sheets`` maps sheet titles to datasets. Sheets are taken in dependency order
    (indicators before their values, platforms before their projects), so that a value may
    name an indicator created by the same workbook. Returns ``[(sheet title, result)]`` and
    the problems that concern the workbook as a whole.
    """
    from .resources import WORKBOOK_RESOURCES

    titles = {str(r._meta.model._meta.verbose_name_plural): r for r in WORKBOOK_RESOURCES}
    unknown = [title for title in sheets if title not in titles]
    problems = [
        _("不认识的工作表“%(title)s”。工作表应以记录类型命名:%(known)s。")
        % {"title": title, "known": "、".join(titles)}
        for title in unknown
    ]
    results = []
    with transaction.atomic():
        for title, resource_class in titles.items():
            if title in sheets:
                result = resource_class().import_data(
                    sheets[title], dry_run=False, user=user, file_name=file_name
                )
                results.append((title, result))
        if dry_run or problems or any(result.error_lines for _title, result in results):
            transaction.set_rollback(True)
    return results, problems


HISTORY_CONSTANTS = {"history_date", "history_type", "history_user", "history_change_reason"}


def record_bulk_history(*, model, pks, history_type, user=None, reason=""):
    """History rows for records just written in bulk, copied from them by the database.

    django-simple-history's bulk helpers build a historical instance per row in Python and
    insert it through the ORM, which costs as much again as the import itself (measured:
    import 4.3 s with them, 2.1 s without, for 10,000 values on PostgreSQL). An
    INSERT … SELECT writes the same rows, with the same columns, in the database.
    """
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True) or not pks:
        return
    if None in pks:
        raise RuntimeError("批量写入后没有得到记录的主键,需要 SQLite 3.35 以上或 PostgreSQL。")
    history = model.history.model
    connection = connections[model.objects.db]
    quote = connection.ops.quote_name
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    constants = {
        "history_date": now,
        "history_type": history_type,
        "history_user": user.pk if user is not None and user.is_authenticated else None,
        "history_change_reason": reason,
    }
    columns, selected, params = [], [], []
    for field in history._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(quote(field.column))
        if field.name in HISTORY_CONSTANTS:
            selected.append("%s")
            params.append(constants[field.name])
        else:  # a field of the record; anything else in the history model raises here
            selected.append(quote(model._meta.get_field(field.name).column))
    statement = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(selected)} FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)} IN "
    )
    with connection.cursor() as cursor:
        for start in range(0, len(pks), 500):  # SQLite allows 999 parameters by default
            chunk = pks[start : start + 500]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"{statement}({placeholders})", [*params, *chunk])
