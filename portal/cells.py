"""The portal's kinds of column, and a table's cells as django-tables2 renders and downloads them.

django-tables2 works out each cell from scratch: it parses the column's accessor, looks up its
model field, inspects the render method's signature and, for a date, compiles a template. At
scale 10 that was a quarter to a third of a whole list render (bench/profile_pages.py --whole).
Here a column is worked out once per table and then applied to each record, for the page's
cells and for a download's values; a column of a kind not known here is left to django-tables2,
cell by cell. tests/test_cells.py holds both ways to the same output on every portal table.
"""

import django_tables2 as tables
from django.db import models
from django.db.models import F
from django.template.defaultfilters import date as date_filter
from django.utils.encoding import force_str
from django_tables2.utils import A, signature

from hightech_zone.numbers import format_number


class NumberColumn(tables.Column):
    """A number shown as the report writes it (72.6), exported as a number.

    Empty cells sort last both ways; PostgreSQL would otherwise put NULLs first when
    sorting in descending order, unlike SQLite.
    """

    def __init__(self, *args, field, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "num"}, "th": {"class": "num"}})
        super().__init__(*args, **kwargs)
        self.field = field

    def order(self, queryset, is_descending):
        expression = F(self.field)
        ordered = (
            expression.desc(nulls_last=True) if is_descending else expression.asc(nulls_last=True)
        )
        return queryset.order_by(ordered, "pk"), True

    def render(self, value):
        return format_number(value)

    def value(self, value):
        return value


class DayColumn(tables.Column):
    """A date written as the portal writes dates (SHORT_DATE_FORMAT), downloaded as ISO 8601:
    django-tables2's DateColumn renders a template, compiled anew for each cell."""

    def render(self, value):
        return date_filter(value, "SHORT_DATE_FORMAT")

    def value(self, value):
        return value.isoformat()


def _plain_columns():
    """The kinds of column worked out here; any other is left to django-tables2."""
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
        self.render, self.arguments = bound_column.render, arguments_of(bound_column.render)
        # What a download holds: value_<name>, else render_<name>, else the column's value().
        self.export, self.export_arguments = bound_column.value, arguments_of(bound_column.value)
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

    def given(self, row, value):
        return {
            "value": value,
            "record": row.record,
            "column": self.column,
            "bound_column": self.bound_column,
            "bound_row": row,
            "table": self.table,
        }

    def __call__(self, row):
        """The cell as ``row.get_cell(name)`` renders it."""
        value = self.value(row.record)
        if value in self.column.empty_values:
            return self.default
        given = self.given(row, value)
        content = self.render(**{name: given[name] for name in self.arguments})
        return self.link(content, **given) if self.link else content

    def exported(self, row):
        """The cell as ``row.get_cell_value(name)`` gives it to a download."""
        value = self.value(row.record)
        if value in self.column.empty_values:
            return None
        given = self.given(row, value)
        return self.export(**{name: given[name] for name in self.export_arguments})


def arguments_of(method):
    """The keyword arguments django-tables2 passes ``method``: those it names, or all."""
    arguments, catch_all = signature(method)
    if catch_all:
        return ("value", "record", "column", "bound_column", "bound_row", "table")
    return arguments


class TableCells:
    """Every column's cells: each known column worked out once, the rest left to the row.
    ``columns`` are bound columns (the visible ones by default)."""

    def __init__(self, table, columns=None):
        plain = _plain_columns()
        self.columns = [
            ColumnCells(table, column) if type(column.column) in plain else column.name
            for column in (table.columns if columns is None else columns)
        ]

    def of(self, row):
        """The row's cells in column order, as ``[cell for _name, cell in row.items()]``."""
        return [
            row.get_cell(column) if isinstance(column, str) else column(row)
            for column in self.columns
        ]

    def values_of(self, row):
        """The row's download values, as ``as_values()`` gives them."""
        return [
            force_str(
                row.get_cell_value(column) if isinstance(column, str) else column.exported(row),
                strings_only=True,
            )
            for column in self.columns
        ]


def table_values(table, exclude_columns=()):
    """What ``table.as_values(exclude_columns)`` yields (the headers, then each row's values),
    each column worked out once: a download renders every row of a list."""
    columns = [
        column
        for column in table.columns.iterall()
        if not (column.column.exclude_from_export or column.name in exclude_columns)
    ]
    yield [force_str(column.header, strings_only=True) for column in columns]
    cells = TableCells(table, columns)
    for row in table.rows:
        yield cells.values_of(row)
