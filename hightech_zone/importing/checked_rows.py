"""Rows a preview checked, kept so that the confirmed import writes them without a second pass.

A large import is previewed, then confirmed: two passes over every row, each reading the file,
looking records up and checking every row. When nothing in the database and nothing in the
importer's rights changed between the two, the second pass would find exactly what the first
did, so the preview keeps the rows it would write and the write replays them. "Nothing changed"
is the data version that every write raises (``hightech_zone.cache``), read before the preview
read anything; a version that moved, or could not be read, means the full pass again.

Kept as JSON beside the upload (compressed, as every kept file is), never pickle: the rows
are data, and are read back through each field's ``to_python``.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .. import cache, search_index
from . import history

CREATE, UPDATE = "+", "~"


def rights(user):
    """What the importer's rights come to, so that a change to them forces the full pass."""
    held = sorted(user.get_all_permissions()) if user.is_active else []
    text = json.dumps([user.pk, user.is_active, user.is_superuser, held])
    return hashlib.sha256(text.encode()).hexdigest()


def can_keep(resource):
    """Only rows a preview did not write (no unique key is left to the database), of a
    resource that writes in bulk, with no many-to-many columns to save beside them."""
    return resource._meta.use_bulk and not resource.m2m and not resource.left_to_database


class Kept:
    """The rows of one preview: batches of records to create and to update, in file order.

    A record to create is kept as the values of every concrete field in the model's order (the
    key left empty), so that it is rebuilt with Django's fast positional constructor; one to
    update as its key and the fields the import updates."""

    def __init__(self, model, update_fields):
        self.model = model
        self.update_fields = [
            model._meta.get_field(name).attname for name in update_fields if name != "updated_at"
        ]
        self.batches = []

    def add(self, kind, records):
        if kind == CREATE:
            fields = [f.attname for f in self.model._meta.concrete_fields]
            rows = [
                [None if f == self.model._meta.pk.attname else getattr(r, f) for f in fields]
                for r in records
            ]
        else:
            rows = [[r.pk, *(getattr(r, f) for f in self.update_fields)] for r in records]
        self.batches.append([kind, rows])

    def dumps(self):
        body = {"model": self.model._meta.label_lower, "batches": self.batches}
        return json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


# Fields whose values JSON does not keep as they were: read back through the field.
TEXT_KEPT = (
    models.DecimalField,
    models.DateField,  # and DateTimeField
    models.TimeField,
    models.DurationField,
    models.UUIDField,
)


def _reader(field):
    if isinstance(field, TEXT_KEPT):
        return field.to_python
    return None


def still_valid(kept_note, user):
    """Whether nothing was written anywhere, and the importer's rights are the same, since
    the preview began."""
    current = cache.data_version()
    return (
        kept_note is not None
        and current is not None
        and kept_note.get("version") == current
        and user is not None
        and kept_note.get("rights") == rights(user)
    )


def write(*, data, model, update_fields, user, reason, progress=None):
    """Writes the kept rows and their history, within the caller's transaction. Returns
    False, having written nothing, when the database refuses them (a row written meanwhile
    that the data version did not show): the caller then takes the full pass."""
    body = json.loads(data)
    if body["model"] != model._meta.label_lower:
        return False
    kept = Kept(model, update_fields)
    manager = model._default_manager
    create_readers = [
        (i, r) for i, f in enumerate(model._meta.concrete_fields) if (r := _reader(f))
    ]
    update_readers = [
        (i, r)
        for i, name in enumerate(kept.update_fields, start=1)
        if (r := _reader(model._meta.get_field(name)))
    ]
    written_fields = [*kept.update_fields, *(["updated_at"] if _has_updated_at(model) else [])]
    try:
        with transaction.atomic(), search_index.deferred():
            for kind, rows in body["batches"]:
                if kind == CREATE:
                    records = [model(*_read(row, create_readers)) for row in rows]
                    manager.bulk_create(records)
                else:
                    now = timezone.now()
                    records = [
                        _updated(model, kept.update_fields, _read(row, update_readers), now)
                        for row in rows
                    ]
                    manager.bulk_update(records, written_fields)
                history.write_bulk_history(
                    model=model,
                    pks=[r.pk for r in records],
                    history_type=kind,
                    user=user,
                    reason=reason,
                )
                if progress is not None:
                    progress.add("written", len(records))
    except IntegrityError:
        return False
    return True


def _read(row, readers):
    for i, reader in readers:
        if row[i] is not None:
            row[i] = reader(row[i])
    return row


def _updated(model, fields, row, now):
    record = model(pk=row[0])
    for name, value in zip(fields, row[1:], strict=True):
        setattr(record, name, value)
    if _has_updated_at(model):
        record.updated_at = now
    return record


def _has_updated_at(model):
    return any(f.name == "updated_at" for f in model._meta.concrete_fields)
