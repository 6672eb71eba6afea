"""A table's cells as django-tables2 renders them, with each column's work done once a table.

django-tables2 works out each cell from scratch: it parses the column's accessor, looks up its
model field, inspects the render method's signature and, for a date, compiles a template. At
scale 10 that was a quarter to a third of a whole list render (bench/profile_pages.py --whole).
Here a column is worked out once per table and then applied to each record; a column of a kind
not known here is left to django-tables2, cell by cell. tests/test_cells.py holds both ways to
the same output on every portal table.
"""

import django_tables2 as tables
from django.db import models
from django.template.defaultfilters import date as date_filter
from django_tables2.utils import A, signature


class DayColumn(tables.Column):
    """A date written as the portal writes dates (SHORT_DATE_FORMAT), downloaded as ISO 8601:
    django-tables2's DateColumn renders a template, compiled anew for each cell."""

    def render(self, value):
        return date_filter(value, "SHORT_DATE_FORMAT")

    def value(self, value):
        return value.isoformat()


def _plain_columns():
    # Imported late: portal.tables imports this module.
    from .tables import NumberColumn

    return (tables.Column, NumberColumn, DayColumn)


class ColumnCells:
    """One column's cell for any record, as ``BoundRow.get_cell`` gives it."""

    def __init__(self, table, bound_column):
        self.column = bound_column.column
        self.bound_column = bound_column
        self.accessor = A(bound_column.accessor)
        path, _separator, self.remainder = self.accessor.rpartition(A.SEPARATOR)
        self.owner = A(path) if path else None
        self.labels_of_model = {}
        self.default = bound_column.default
        self.render = bound_column.render
        self.arguments, catch_all = signature(self.render)
        if catch_all:
            self.arguments = ("value", "record", "column", "bound_column", "bound_row", "table")
        self.link = bound_column.link
        self.table = table

    def labels(self, model):
        """{value: label} of the column's field when it has choices, else None: what
        get_FOO_display() gives, translated once for the table, not per cell."""
        if model not in self.labels_of_model:
            field = self.accessor.get_field(model)
            self.labels_of_model[model] = (
                {value: str(label) for value, label in field.flatchoices}
                if getattr(field, "choices", None)
                else None
            )
        return self.labels_of_model[model]

    def value(self, record):
        labels = self.labels(type(record))
        if labels is not None:
            owner = record if self.owner is None else self.owner.resolve(record, quiet=True)
            if isinstance(owner, models.Model) and hasattr(owner, f"get_{self.remainder}_display"):
                raw = getattr(owner, self.remainder)
                return labels.get(raw, raw)
        try:
            return self.accessor.resolve(record)
        except Exception:  # what django-tables2 does: a column no record can fill is empty
            return None

    def __call__(self, row):
        record = row.record
        value = self.value(record)
        if value in self.column.empty_values:
            return self.default
        given = {
            "value": value,
            "record": record,
            "column": self.column,
            "bound_column": self.bound_column,
            "bound_row": row,
            "table": self.table,
        }
        content = self.render(**{name: given[name] for name in self.arguments})
        return self.link(content, **given) if self.link else content


class TableCells:
    """Every column's cells: each known column worked out once, the rest left to the row."""

    def __init__(self, table):
        plain = _plain_columns()
        self.columns = [
            ColumnCells(table, column) if type(column.column) in plain else column.name
            for column in table.columns
        ]

    def of(self, row):
        """The row's cells in column order, as ``[cell for _name, cell in row.items()]``."""
        return [
            row.get_cell(column) if isinstance(column, str) else column(row)
            for column in self.columns
        ]
