"""History rows for records written in bulk, copied by the database rather than built in Python."""

from django.conf import settings
from django.db import connections
from django.utils import timezone

HISTORY_CONSTANTS = {"history_date", "history_type", "history_user", "history_change_reason"}


def write_bulk_history(*, model, pks, history_type, user=None, reason=""):
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
