"""Everything in one workbook, one sheet per record type, and back into an empty database.

Relations are written as natural keys (an indicator's code, a report's year), never database
ids, so the workbook restores into any database and stays readable in a spreadsheet.
Numbers with decimals are written as text so that no digit is lost to floating point.
Text is written as every export writes it (spreadsheets.export_cell: no formula runs when the
backup is opened) and read back exactly.
"""

import json
import logging
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from . import search_index
from .importing.cells import export_cell, unescape_formula
from .models import Indicator, zone_data_models
from .seed import has_zone_data

logger = logging.getLogger(__name__)

# 2: text cells are escaped by export_cell (version 1 wrote formula-like text as formulas).
FORMAT_VERSION = 2
USERS_SHEET = "users"
USER_FIELDS = ["username", "first_name", "last_name", "email", "is_staff", "is_active"]


class RestoreError(Exception):
    pass


def _fields(model):
    derived = getattr(model, "derived_fields", ())
    return [
        f
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many)
        and not f.auto_created
        and f.name != "id"
        and f.name not in derived
    ]


def _cell(record, field):
    if field.many_to_many:
        return json.dumps(
            [list(r.natural_key()) for r in getattr(record, field.name).all()], ensure_ascii=False
        )
    value = getattr(record, field.name)
    if field.is_relation:
        return json.dumps(list(value.natural_key()), ensure_ascii=False) if value else None
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(field, models.FileField):
        return value.name or ""
    return value


def write_backup(path):
    book = Workbook(write_only=True)
    about = book.create_sheet("about")
    about.append(["format", FORMAT_VERSION])
    users = book.create_sheet(USERS_SHEET)
    users.append([*USER_FIELDS, "is_superuser", "groups"])
    for user in get_user_model().objects.prefetch_related("groups").order_by("username"):
        groups = json.dumps([g.name for g in user.groups.all()], ensure_ascii=False)
        row = [*(getattr(user, f) for f in USER_FIELDS), user.is_superuser, groups]
        users.append([export_cell(value) for value in row])
    for model in zone_data_models():
        sheet = book.create_sheet(model._meta.model_name)
        fields = _fields(model)
        sheet.append([f.name for f in fields])
        queryset = model.objects.order_by("pk")
        related = [f.name for f in fields if f.many_to_many]
        for record in queryset.prefetch_related(*related):
            sheet.append([export_cell(_cell(record, f)) for f in fields])
    book.save(path)


def _rows(sheet, escaped):
    """A sheet's rows as written: the apostrophe before formula-like text taken off."""
    for row in sheet.iter_rows(values_only=True):
        yield tuple(unescape_formula(value) for value in row) if escaped else row


def _format_version(book):
    if "about" not in book.sheetnames:
        return 1
    about = {row[0]: row[1] for row in book["about"].iter_rows(values_only=True) if row}
    return int(about.get("format") or 1)


def _value(field, raw):
    if raw is None or raw == "":
        if field.many_to_many:
            return []
        if field.null or field.is_relation:
            return None
        return "" if isinstance(field, models.CharField | models.TextField) else raw
    if field.is_relation:
        return json.loads(raw)
    if isinstance(field, models.BooleanField):
        return raw if isinstance(raw, bool) else str(raw).lower() in {"true", "1"}
    return raw


def _following(objects, where):
    """The objects, one at a time, with ``where`` on the row of the one being restored: the
    deserializer takes each only when the one before is saved."""
    for data in objects:
        where["row"] = data["row"]
        yield data


def _referenced_first(indicators):
    """Indicators in an order where each one's parent and change_of come before it."""
    placed, ordered, waiting = set(), [], list(indicators)
    while waiting:
        ready = [
            o
            for o in waiting
            if all(
                o["fields"].get(name) is None or tuple(o["fields"][name]) in placed
                for name in ("parent", "change_of")
            )
        ]
        if not ready:  # a cycle or a missing indicator: the save names it
            ready = waiting
        ordered += ready
        placed |= {(o["fields"]["code"],) for o in ready}
        waiting = [o for o in waiting if o not in ready]
    return ordered


@transaction.atomic
@search_index.deferred()
def restore_backup(path):
    """Load a backup into a database that holds no zone data; return the rows restored."""
    if has_zone_data():
        raise RestoreError(_("数据库中已有园区数据,只能恢复到空数据库。"))
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except OSError:
        raise
    except Exception as error:  # openpyxl raises many kinds of error for what is no XLSX
        raise RestoreError(_("无法读取这个工作簿,它不是有效的 XLSX 文件。")) from error
    if USERS_SHEET not in book.sheetnames:
        raise RestoreError(_("这不是本系统导出的备份工作簿。"))
    where = {}
    try:
        return _restore(book, where)
    except DAMAGED as error:
        # An edited or damaged backup: say where, and roll everything back (atomic). Python's
        # own reason is English and technical: it goes to the log, for whoever helps staff.
        logger.warning("Damaged backup at %s", where, exc_info=True)
        if "row" in where:
            message = _(
                "备份工作簿已损坏或被改动:工作表“%(sheet)s”第%(row)s行无法读取,未恢复任何记录。"
            )
        else:
            message = _("备份工作簿已损坏或被改动:工作表“%(sheet)s”无法恢复,未恢复任何记录。")
        raise RestoreError(message % where) from error


# What a damaged sheet raises: unreadable JSON or values, a missing column or natural key.
DAMAGED = (ValueError, TypeError, LookupError, StopIteration, DeserializationError, DatabaseError)


def _restore(book, where):
    """Restores every sheet; ``where`` follows the sheet and row being read, for the message
    if one is damaged."""
    escaped = _format_version(book) >= 2
    counts = {}
    User = get_user_model()
    where.update(sheet=USERS_SHEET, row=1)
    rows = _rows(book[USERS_SHEET], escaped)
    header = next(rows)
    for where["row"], row in enumerate(rows, start=2):
        data = dict(zip(header, row, strict=True))
        groups = json.loads(data.pop("groups") or "[]")
        user, created = User.objects.get_or_create(
            username=data["username"], defaults={k: v for k, v in data.items() if v is not None}
        )
        if created:
            user.set_unusable_password()  # passwords are never written to a backup
            user.save()
        user.groups.add(*[Group.objects.get_or_create(name=name)[0] for name in groups])
    for model in zone_data_models():
        name = model._meta.model_name
        if name not in book.sheetnames:
            raise RestoreError(_("备份中缺少工作表“%(name)s”。") % {"name": name})
        where.clear()
        where.update(sheet=name, row=1)
        rows = _rows(book[name], escaped)
        header = next(rows)
        fields = {f.name: f for f in _fields(model)}
        objects = []
        for where["row"], row in enumerate(rows, start=2):
            values = dict(zip(header, row, strict=True))
            objects.append(
                {
                    "model": model._meta.label_lower,
                    "fields": {n: _value(fields[n], v) for n, v in values.items() if n in fields},
                    "row": where["row"],  # not read by the deserializer
                }
            )
        del where["row"]  # the order below concerns the sheet as a whole
        if model is Indicator:
            objects = _referenced_first(objects)
        for deserialized in serializers.deserialize("python", _following(objects, where)):
            deserialized.save()
        counts[name] = len(objects)
    return counts
