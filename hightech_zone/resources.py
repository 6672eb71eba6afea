"""Spreadsheet resources (django-import-export), one per record type.

Column headers are the Chinese field names; the English field names are accepted too.
Relations are natural keys (an indicator's code, a platform's name), never database ids, and
choices may be written as their Chinese label or their code. Records are matched by their
business keys, so exporting, editing and importing again updates in place, and an unchanged row
is skipped. Every row is validated like the admin form (field validation, the model's clean()
and its database constraints); an import with any bad row writes nothing, and each error names
the row (as numbered in the spreadsheet), the column and the reason in Chinese. Imports never
publish: the status column is exported for information only, and a record that is already
public can be changed by import only by someone allowed to publish it.

Large files are written in bulk together with their history rows (services.record_bulk_history);
see ``ZoneResource`` for how validation stays per row without a query per row.
"""

import datetime
import functools
import operator
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import Error, Result, RowResult

from . import rules, services
from .models import (
    Designation,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
    ReportSection,
    WorkReport,
    ZoneProfile,
)
from .numbers import figure
from .spreadsheets import SpreadsheetError, check_headers, check_text


def _text(value):
    """Full-width digits and letters to ASCII, surrounding spaces removed."""
    return unicodedata.normalize("NFKC", str(value)).strip()


def _blank(value):
    return value is None or (isinstance(value, str) and _text(value) == "")


class ZoneTextWidget(widgets.Widget):
    """Text as typed; an empty spreadsheet cell is an empty string, never NULL.

    Formula-like text is escaped by the spreadsheet writers (formats.py) and unescaped by the
    reader (spreadsheets.read_table), not here: JSON is no spreadsheet and stays exact.
    """

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        return str(value).strip()

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ZoneDecimalWidget(widgets.Widget):
    """72.6, 1,234.5, 12%, full-width digits, or a spreadsheet number."""

    def clean(self, value, row=None, **kwargs):
        if value is None or _text(value) == "":
            return None
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            number = Decimal(str(value))
        else:
            text = _text(value).replace(",", "").removesuffix("%").strip()
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise ValueError(f"“{value}”不是数字") from None
        if not number.is_finite():  # "NaN" and "Infinity" parse, but are no figures
            raise ValueError(f"“{value}”不是数字")
        return number

    def render(self, value, obj=None, **kwargs):
        return figure(value)  # 72.6 in every export format, not the database's 72.6000


class ZoneIntegerWidget(ZoneDecimalWidget):
    def clean(self, value, row=None, **kwargs):
        number = super().clean(value, row, **kwargs)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(f"“{value}”不是整数")
        return int(number)


class ZoneDateWidget(widgets.Widget):
    """2017-12-31, 2017/12/31, 2017年12月31日, 2017.12.31, or a spreadsheet date cell."""

    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if value is None or _text(value) == "":
            return None
        text = _text(value)
        for fmt in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"“{value}”不是日期(可写作2017-12-31、2017/12/31或2017年12月31日)")

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class ZoneBooleanWidget(widgets.Widget):
    TRUE = {"是", "true", "1", "yes", "y", "√"}
    FALSE = {"否", "false", "0", "no", "n", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = _text(value if value is not None else "").lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(f"“{value}”应为“是”或“否”")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class ChoiceWidget(widgets.Widget):
    """Reads a choice by its label (准确值, 生物医药) or its code; writes the label."""

    def __init__(self, choices, *, blank=False, **kwargs):
        super().__init__(**kwargs)
        self.by_label = {str(label): value for value, label in choices}
        self.labels = {value: str(label) for value, label in choices}
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else _text(value)
        if not text and self.blank:
            return ""
        if text in self.labels:
            return text
        if text in self.by_label:
            return self.by_label[text]
        raise ValueError(f"“{text}”不是可选的值;可选:{'、'.join(self.by_label)}")

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A relation written as the related record's business key, refused in Chinese if unknown.

    ``preload()`` reads every related record once, so that an import of 100,000 rows does not
    look its indicators up 100,000 times; a key not found there is looked up in the database,
    where an earlier row of the same file may just have created it.
    """

    def __init__(self, model, field="pk", **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.known = {}

    def preload(self):
        self.known = {getattr(r, self.field): r for r in self.model._default_manager.all()}

    def clean(self, value, row=None, **kwargs):
        if value is None or _text(value) == "":
            return None
        key = _text(value)
        if key in self.known:
            return self.known[key]
        try:
            found = self.model._default_manager.get(**{self.field: key})
        except self.model.DoesNotExist:
            name = self.model._meta.verbose_name
            raise ValueError(f"找不到“{value}”对应的{name}") from None
        self.known[key] = found
        return found

    def render(self, value, obj=None, **kwargs):
        return super().render(value, obj, **kwargs) or ""


class CompositeKeyWidget(NaturalKeyWidget):
    """A relation by a business key of one or more parts, written 万达广场|一期 (a blank last
    part is left off): a project's name and phase, a policy's title and issuing body."""

    SEPARATOR = "|"

    def __init__(self, model, *, parts=1, **kwargs):
        super().__init__(model, field="pk", **kwargs)
        self.parts = parts

    def text(self, record):
        parts = [str(p) for p in record.natural_key()]
        while parts and parts[-1] == "":
            parts.pop()
        return self.SEPARATOR.join(parts)

    def preload(self):
        self.known = {self.text(r): r for r in self.model._default_manager.all()}

    def clean(self, value, row=None, **kwargs):
        if value is None or _text(value) == "":
            return None
        parts = [p.strip() for p in _text(value).split(self.SEPARATOR)]
        while parts and parts[-1] == "":
            parts.pop()
        key = self.SEPARATOR.join(parts)
        if key in self.known:
            return self.known[key]
        name = self.model._meta.verbose_name
        if len(parts) > self.parts:
            raise ValueError(f"“{value}”不是{name}的写法")
        try:
            found = self.model._default_manager.get_by_natural_key(
                *parts, *[""] * (self.parts - len(parts))
            )
        except (self.model.DoesNotExist, ValueError, ValidationError):
            raise ValueError(f"找不到“{value}”对应的{name}") from None
        self.known[key] = found
        return found

    def render(self, value, obj=None, **kwargs):
        return self.text(value) if value is not None else ""


class NaturalKeysWidget(widgets.ManyToManyWidget):
    """Many related records, one business key per line (as CompositeKeyWidget writes it)."""

    def __init__(self, model, *, parts=1, **kwargs):
        super().__init__(model, **kwargs)
        self.one = CompositeKeyWidget(model, parts=parts)

    def preload(self):
        self.one.preload()

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return []
        lines = [line for line in str(value).splitlines() if line.strip()]
        return list(dict.fromkeys(self.one.clean(line) for line in lines))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "\n".join(sorted(self.one.text(r) for r in value.all()))


WIDGETS = {
    models.CharField: ZoneTextWidget,
    models.TextField: ZoneTextWidget,
    models.SlugField: ZoneTextWidget,
    models.URLField: ZoneTextWidget,
    models.DecimalField: ZoneDecimalWidget,
    models.DateField: ZoneDateWidget,
    models.BooleanField: ZoneBooleanWidget,
    models.SmallIntegerField: ZoneIntegerWidget,
    models.PositiveSmallIntegerField: ZoneIntegerWidget,
    models.PositiveIntegerField: ZoneIntegerWidget,
    models.IntegerField: ZoneIntegerWidget,
}


class ZoneResult(Result):
    """A result that also says, in Chinese, what is wrong and what would change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_lines = []
        self.preview = []

    def append_row_result(self, row_result):
        # Rows are counted in `totals` and the first ones summarised in `preview`; keeping a
        # result object for each of 100,000 rows would cost some 60 MB and nothing reads it.
        # A row that raised is kept: its error must refuse the file, not vanish with the row.
        if row_result.errors:
            self.rows.append(row_result)


class BusinessKeyInstanceLoader(ModelInstanceLoader):
    """Finds each row's record by its business key with a query per chunk of rows, not per row.

    The stock loaders ask once per row (ModelInstanceLoader) or handle a single key column
    only (CachedInstanceLoader); our keys have up to two columns (an indicator and a year).
    The keys of the existing records are read once; the records themselves are read a chunk
    at a time, in the file's order, so memory stays flat however long the file is.
    """

    chunk_size = 2000

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.key_fields = [resource.fields[n] for n in resource.get_import_id_fields()]
        model = resource._meta.model
        attnames = [model._meta.get_field(f.attribute).attname for f in self.key_fields]
        existing = {}
        for *key, pk in model._default_manager.values_list(*attnames, "pk").iterator():
            existing[tuple(key)] = pk
        self.pk_of = {}
        self.order = []
        for values in dataset.dict if dataset is not None and existing else []:
            key = self.key(values)
            pk = existing.get(key)
            if pk is not None and key not in self.pk_of:
                self.pk_of[key] = pk
                self.order.append(pk)
        self.position = {pk: i for i, pk in enumerate(self.order)}
        self.loaded = {}
        self.related = [
            f.attribute for f in self.key_fields if model._meta.get_field(f.attribute).is_relation
        ]

    def key(self, row):
        try:
            values = [field.clean(row) for field in self.key_fields]
        except (ValueError, KeyError):
            return None
        return tuple(v.pk if isinstance(v, models.Model) else v for v in values)

    def get_instance(self, row):
        if not self.pk_of:
            return None
        pk = self.pk_of.get(self.key(row))
        if pk is None:
            return None
        if pk not in self.loaded:
            start = self.position[pk]
            chunk = self.order[start : start + self.chunk_size]
            queryset = self.get_queryset().select_related(*self.related)
            self.loaded = queryset.in_bulk(chunk)
        return self.loaded.get(pk)


class _CannotEvaluate(Exception):
    pass


COMPARISONS = {
    "exact": operator.eq,
    "gte": operator.ge,
    "lte": operator.le,
    "gt": operator.gt,
    "lt": operator.lt,
    "in": lambda actual, expected: actual in expected,
}


def _compile_lookup(model, lookup, expected):
    name, _, op = lookup.partition("__")
    try:
        attname = model._meta.get_field(name).attname
    except FieldDoesNotExist:
        raise _CannotEvaluate from None
    if isinstance(expected, F):
        other = "pk" if expected.name == "pk" else model._meta.get_field(expected.name).attname

        def expected_of(instance):
            return getattr(instance, other)
    elif hasattr(expected, "resolve_expression"):
        raise _CannotEvaluate
    else:

        def expected_of(instance):
            return expected

    if op == "isnull":
        return lambda instance: (getattr(instance, attname) is None) == expected
    compare = COMPARISONS.get(op or "exact")
    if compare is None:
        raise _CannotEvaluate

    def check(instance):
        actual, wanted = getattr(instance, attname), expected_of(instance)
        if actual is None or wanted is None:
            return None  # SQL's unknown, which a CHECK constraint lets through
        return compare(actual, wanted)

    return check


def _compile(model, condition):
    """A CheckConstraint's Q as a Python function, with SQL's three-valued logic."""
    parts = [
        _compile(model, child) if isinstance(child, Q) else _compile_lookup(model, *child)
        for child in condition.children
    ]
    conjunction, negated = condition.connector == Q.AND, condition.negated

    def check(instance):
        results = [part(instance) for part in parts]
        if conjunction:
            value = False if False in results else (None if None in results else True)
        else:
            value = True if True in results else (None if None in results else False)
        return (not value) if negated and value is not None else value

    return check


@functools.cache
def _compiled_constraints(model):
    compiled = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            try:
                compiled.append((constraint, _compile(model, constraint.condition)))
            except _CannotEvaluate:
                compiled.append((constraint, None))
    return compiled


def constraint_errors(instance):
    """The check constraints a record breaks, without asking the database when possible.

    Django's CheckConstraint.validate() runs one query per constraint and row; ours are plain
    comparisons, so they are evaluated in Python and only an unusual one goes to Django.
    """
    errors = []
    for constraint, check in _compiled_constraints(type(instance)):
        if check is None:
            try:
                constraint.validate(type(instance), instance)
            except ValidationError as error:
                errors.extend(error.messages)
        elif check(instance) is False:
            errors.append(constraint.get_violation_error_message())
    return errors


def column_name(resource_class, name):
    """A resource field's column: its model field's Chinese name (also the export form's label)."""
    field = resource_class.fields[name]
    model = resource_class._meta.model
    return str(model._meta.get_field(field.attribute or name).verbose_name)


class ZoneResource(resources.ModelResource):
    """What every resource shares: Chinese columns, all-or-nothing, fast, with history.

    Per row: the fields are read by our widgets, checked by the model's field validators and
    clean(), and by its check constraints evaluated in Python; a business key repeated within
    the file is refused. Unique constraints beyond the business key are left to the database:
    if it refuses a batch, the whole file is checked again with Django's full validation,
    which names the row. Rows are then written in batches together with their history.
    """

    preview_limit = 200

    class Meta:
        abstract = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        model = self._meta.model
        for name, field in self.fields.items():
            model_field = model._meta.get_field(field.attribute or name)
            field.column_name = column_name(type(self), name)
            if model_field.choices:
                field.widget = ChoiceWidget(model_field.flatchoices, blank=model_field.blank)
            elif type(model_field) in WIDGETS:
                field.widget = WIDGETS[type(model_field)]()
        if "status" in self.fields:
            self.fields["status"].readonly = True
        self.import_fields = super().get_import_fields()
        self.imported_names = {f.attribute for f in self.import_fields if not f.readonly}
        # A blank cell means "not given", as a missing column does: a new record takes the
        # field's default and an existing one keeps its value. (A field whose default is
        # itself blank reads the blank as usual, so that a blank cell can still clear it.)
        self.defaulted = {
            f.attribute
            for f in self.import_fields
            if model._meta.get_field(f.attribute).get_default() not in ("", None)
        }
        self.compared = [
            (f.column_name, model._meta.get_field(f.attribute).attname)
            for f in self.get_import_fields()
            if not f.readonly and not model._meta.get_field(f.attribute).many_to_many
        ]
        # Many-to-many columns are saved after the record (save_m2m) and compared as sets.
        self.m2m = [
            f
            for f in self.get_import_fields()
            if not f.readonly and model._meta.get_field(f.attribute).many_to_many
        ]
        self.key_attnames = [
            model._meta.get_field(self.fields[n].attribute).attname
            for n in self._meta.import_id_fields
        ]
        self.strict = False
        self.export_columns = {}

    @classmethod
    def get_result_class(cls):
        return ZoneResult

    def get_import_fields(self):
        # The library works the list out again for every row and every step.
        return self.import_fields

    def import_instance(self, instance, row, **kwargs):
        """As the library's, without its per-field indirections, which cost a third of a row."""
        errors = {}
        for field in self.import_fields:
            if field.readonly or field.column_name not in row or field in self.m2m:
                continue
            if field.attribute in self.defaulted and _blank(row[field.column_name]):
                continue
            try:
                value = field.widget.clean(row[field.column_name], row=row)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
                continue
            setattr(instance, field.attribute, value)
        if errors:
            raise ValidationError(errors)

    def export_resource(self, instance, selected_fields=None, **kwargs):
        """As the library's, with each column's reader worked out once, not once per cell.

        The library looks for a dehydrate method and splits the attribute path for every cell
        (1.5 million times for 100,000 values); our fields are plain attributes.
        """
        key = tuple(selected_fields or ())
        columns = self.export_columns.get(key)
        if columns is None:
            columns = [(f.attribute, f.widget.render) for f in self.get_export_fields(key or None)]
            self.export_columns[key] = columns
        return [render(getattr(instance, attribute)) for attribute, render in columns]

    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = self.get_queryset()
        related = [
            f.attribute for f in self.fields.values() if isinstance(f.widget, NaturalKeyWidget)
        ]
        many = [
            f.attribute for f in self.fields.values() if isinstance(f.widget, NaturalKeysWidget)
        ]
        queryset = queryset.select_related(*related).prefetch_related(*many)
        dataset = super().export(queryset=queryset, **kwargs)
        dataset.title = str(self._meta.model._meta.verbose_name_plural)
        return dataset

    def before_import(self, dataset, **kwargs):
        english = {name: field.column_name for name, field in self.fields.items()}
        if dataset.headers:
            dataset.headers = [english.get(h, h) if h else h for h in dataset.headers]
        self.user = kwargs.get("user")
        self.change_reason = f"导入:{kwargs.get('file_name') or '表格'}"[:100]
        self.row_numbers = getattr(dataset, "row_numbers", None)
        self.seen = {}
        self.preview = []
        self.refused_by_database = False
        for field in self.fields.values():
            if isinstance(field.widget, NaturalKeyWidget | NaturalKeysWidget):
                field.widget.preload()
        super().before_import(dataset, **kwargs)

    def sheet_row(self, number):
        """The row as the spreadsheet numbers it: the header is row 1, blank rows count."""
        if self.row_numbers and 0 < number <= len(self.row_numbers):
            return self.row_numbers[number - 1]
        return number + 1

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """All or nothing: any row in error or invalid, and not a single row is written."""
        kwargs["use_transactions"] = False
        try:
            check_headers(dataset, self)
            if getattr(dataset, "row_numbers", None) is None:  # not read by read_table
                check_text(dataset)
        except SpreadsheetError as error:
            result = self.get_result_class()()
            result.append_base_error(Error(error))
            result.error_lines = [str(error)]
            return result
        self.strict = False
        result = self._import_once(dataset, dry_run, raise_errors, kwargs)
        if self.refused_by_database:
            self.strict = True
            result = self._import_once(dataset, dry_run, raise_errors, kwargs)
            if self.refused_by_database and not result.error_lines:
                result.error_lines = ["数据库拒绝了这些数据(可能与已有记录重复),未导入任何记录。"]
            self.strict = False
        if result.error_lines and not result.base_errors:
            # So that the library's `import` command, which only looks at errors, fails too.
            summary = ";".join(result.error_lines[:20])
            result.append_base_error(Error(SpreadsheetError(f"未导入任何记录:{summary}")))
        return result

    def _import_once(self, dataset, dry_run, raise_errors, kwargs):
        with transaction.atomic():
            result = super().import_data(
                dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs
            )
            result.error_lines = self.describe_errors(result)
            result.preview = self.preview
            if dry_run or self.refused_by_database or result.error_lines:
                transaction.set_rollback(True)
        return result

    def import_row(self, row, instance_loader, **kwargs):
        self.row_number = kwargs.get("row_number")
        self.current_row = row
        return super().import_row(row, instance_loader, **kwargs)

    def after_init_instance(self, instance, new, row, **kwargs):
        self.before = None if new else [getattr(instance, a) for _c, a in self.compared]
        self.before_m2m = (
            None
            if new
            else [{r.pk for r in getattr(instance, f.attribute).all()} for f in self.m2m]
        )
        self.changes = []

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        if self.before is None:
            if len(self.preview) < self.preview_limit:
                self.changes = self.new_values(instance)
            return False
        self.changes = [
            (column, figure(old), figure(getattr(instance, attname)))  # 72.6, not 72.6000
            for (column, attname), old in zip(self.compared, self.before, strict=True)
            if getattr(instance, attname) != old
        ]
        for field, old in zip(self.m2m, self.before_m2m, strict=True):
            if field.column_name not in row:
                continue
            try:
                new = field.clean(row)
            except ValueError:
                return False  # refused with its reason when the row is saved
            if {r.pk for r in new} != old:
                self.changes.append((field.column_name, len(old), len(new)))
        return self._meta.skip_unchanged and not self.changes

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for field in self.m2m:  # read here too, so that the preview (dry run) names the row
            if field.column_name in self.current_row:
                try:
                    field.clean(self.current_row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        # Relations were found by our widgets already (Django would check each with a query),
        # and fields the file does not set keep values that were valid when saved.
        resolved = [
            f.name
            for f in instance._meta.concrete_fields
            if f.name not in self.imported_names
            or (f.is_relation and getattr(instance, f.attname) is not None)
        ]
        exclude = [*errors, *([] if self.strict else resolved)]
        try:
            if errors:
                # A cell could not be read; the record's own clean() would only add noise
                # ("fill in at least one figure") about the value that was not read.
                instance.clean_fields(exclude=exclude)
            else:
                instance.full_clean(
                    exclude=exclude,
                    validate_unique=self.strict,
                    validate_constraints=self.strict,
                )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        problems = [] if self.strict else constraint_errors(instance)
        key = tuple(getattr(instance, a) for a in self.key_attnames)
        first = self.seen.setdefault(key, self.row_number)
        if first != self.row_number:
            problems.append(f"与第{self.sheet_row(first)}行重复,同一记录在文件中只能出现一次")
        # The status is never imported, so the record's state is the database's.
        # A new part (章节, 年度进展) of a public record is a change to that record.
        existing_or_part = instance.pk or not rules.has_state(type(instance))
        if existing_or_part and self.user is not None and not rules.may_change(self.user, instance):
            problems.append(f"“{instance}”已公开,只有审核发布人员可以通过导入修改")
        if problems:
            errors.setdefault(NON_FIELD_ERRORS, []).extend(ValidationError(p) for p in problems)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        # Bulk writes skip save(), which raises the version and the update time.
        if self._meta.use_bulk and instance.pk is not None:
            instance.version += 1
            if hasattr(instance, "updated_at"):
                instance.updated_at = timezone.now()

    def after_import_row(self, row, row_result, **kwargs):
        if len(self.preview) < self.preview_limit and row_result.import_type in (
            RowResult.IMPORT_TYPE_NEW,
            RowResult.IMPORT_TYPE_UPDATE,
        ):
            self.preview.append(
                (
                    self.sheet_row(self.row_number),
                    row_result.import_type,
                    str(row_result.object_repr),
                    self.changes,
                )
            )

    def new_values(self, instance):
        """A new record's values as read from the file, for the preview: (column, None, value).

        Shown as an export would write them (a choice by its label, a relation by its key),
        so that staff see how "8,750" or "约5.15" was read before they confirm.
        """
        shown = []
        for field in self.import_fields:
            if field.readonly:
                continue
            if field in self.m2m:
                text = "、".join(
                    field.widget.one.text(r) for r in field.clean(row=self.current_row)
                )
                if text:
                    shown.append((field.column_name, None, text))
                continue
            value = getattr(instance, field.attribute)
            if value is None or value == "":
                continue
            text = field.widget.render(value)
            if isinstance(value, Decimal):
                text = format(value.normalize(), "f")
            shown.append((field.column_name, None, text))
        return shown

    def get_bulk_update_fields(self):
        names = [c[1] for c in self.compared if c[1] not in self.key_attnames]
        return [
            *names,
            "version",
            *(["updated_at"] if "updated_at" in self._model_fields() else []),
        ]

    def _model_fields(self):
        return {f.name for f in self._meta.model._meta.concrete_fields}

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        manager = self._meta.model._default_manager
        self._write(self.create_instances, "+", lambda b: manager.bulk_create(b, batch_size))

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        manager, fields = self._meta.model._default_manager, self.get_bulk_update_fields()
        self._write(
            self.update_instances, "~", lambda b: manager.bulk_update(b, fields, batch_size)
        )

    def _write(self, batch, history_type, write):
        """A batch and its history (RecordQuerySet's bulk methods also make cached pages
        stale); a batch the database refuses marks the file for a full re-check."""
        if batch and not self.refused_by_database:
            try:
                with transaction.atomic():
                    write(batch)
                    services.record_bulk_history(
                        model=self._meta.model,
                        pks=[o.pk for o in batch],
                        history_type=history_type,
                        user=self.user,
                        reason=self.change_reason,
                    )
            except IntegrityError:
                self.refused_by_database = True
        batch.clear()

    def describe_errors(self, result):
        """Every problem of an import as 第N行,“列”:原因, N as the spreadsheet numbers rows."""
        columns = {f.attribute or n: f.column_name for n, f in self.fields.items()}
        lines = []
        for row in result.invalid_rows:
            for field, messages in row.error_dict.items():
                column = columns.get(field, field)
                for message in messages:
                    where = f",“{column}”" if field != NON_FIELD_ERRORS else ""
                    lines.append(f"第{self.sheet_row(row.number)}行{where}:{message}")
        for row in result.rows:
            lines += [f"第{self.sheet_row(error.number)}行:{error.error}" for error in row.errors]
        for error in result.base_errors:
            # Ours (SpreadsheetError) repeat the lines above; IntegrityError is re-checked.
            if not isinstance(error.error, IntegrityError | SpreadsheetError):
                lines.append(f"导入失败:{error.error}")
        return lines


class ZoneMeta:
    skip_unchanged = True
    report_skipped = True
    clean_model_instances = True
    skip_diff = True  # rows are compared by skip_row() above, without a deep copy per row
    use_bulk = True
    batch_size = 1000
    instance_loader_class = BusinessKeyInstanceLoader


class IndicatorResource(ZoneResource):
    parent = fields.Field(attribute="parent", widget=NaturalKeyWidget(Indicator, field="code"))
    change_of = fields.Field(
        attribute="change_of", widget=NaturalKeyWidget(Indicator, field="code")
    )

    class Meta(ZoneMeta):
        model = Indicator
        # Saved row by row: an indicator may name as its parent one created earlier in the file.
        use_bulk = False
        import_id_fields = ["code"]
        fields = [
            "code",
            "name",
            "unit",
            "category",
            "kind",
            "parent",
            "definition",
            "counts_platform_kind",
            "counts_platform_level",
            "change_of",
            "display_order",
            "is_headline",
            "status",
        ]


class IndicatorValueResource(ZoneResource):
    indicator = fields.Field(
        attribute="indicator", widget=NaturalKeyWidget(Indicator, field="code")
    )

    class Meta(ZoneMeta):
        model = IndicatorValue
        import_id_fields = ["indicator", "year"]
        fields = [
            "indicator",
            "year",
            "value",
            "qualifier",
            "baseline_value",
            "baseline_qualifier",
            "growth_pct",
            "prior_multiple",
            "rank",
            "rank_scope",
            "rank_basis",
            "rank_change",
            "note",
            "source",
            "acknowledged_discrepancy",
            "status",
        ]


class InnovationPlatformResource(ZoneResource):
    class Meta(ZoneMeta):
        model = InnovationPlatform
        import_id_fields = ["name"]
        fields = [
            "name",
            "kind",
            "level",
            "host_organisation",
            "year_recognised",
            "total_investment",
            "floor_area",
            "signed_projects",
            "operating_state",
            "description",
            "status",
        ]


class ProjectResource(ZoneResource):
    platform = fields.Field(
        attribute="platform", widget=NaturalKeyWidget(InnovationPlatform, field="name")
    )

    class Meta(ZoneMeta):
        model = Project
        import_id_fields = ["name", "phase"]
        fields = [
            "name",
            "phase",
            "industry",
            "investor",
            "total_investment",
            "platform",
            "start_date",
            "completion_date",
            "summary",
            "is_key",
            "status",
        ]


class PolicyDocumentResource(ZoneResource):
    class Meta(ZoneMeta):
        model = PolicyDocument
        import_id_fields = ["title", "issuing_body"]
        fields = [
            "title",
            "index_number",
            "doc_number",
            "issuing_body",
            "kind",
            "category",
            "validity",
            "year",
            "written_on",
            "published_on",
            "effective_on",
            "expires_on",
            "summary",
            "body",
            "status",
        ]


class DesignationResource(ZoneResource):
    class Meta(ZoneMeta):
        model = Designation
        import_id_fields = ["name"]
        fields = [
            "name",
            "granting_body",
            "year",
            "month",
            "description",
            "display_order",
            "status",
        ]


class ZoneProfileResource(ZoneResource):
    class Meta(ZoneMeta):
        model = ZoneProfile
        use_bulk = False
        import_id_fields = ["name"]
        fields = [
            "name",
            "short_name",
            "founded_year",
            "founded_month",
            "origin",
            "administrative_status",
            "area_km2",
            "population_wan",
            "location",
            "transport",
            "overview",
            "address",
            "phone",
            "website",
        ]


class ProjectProgressResource(ZoneResource):
    project = fields.Field(attribute="project", widget=CompositeKeyWidget(Project, parts=2))

    class Meta(ZoneMeta):
        model = ProjectProgress
        use_bulk = False
        import_id_fields = ["project", "year"]
        fields = ["project", "year", "stage", "progress"]


class WorkReportResource(ZoneResource):
    class Meta(ZoneMeta):
        model = WorkReport
        use_bulk = False
        import_id_fields = ["year"]
        fields = ["year", "title", "issuing_body", "issued_on", "closing", "status"]


class ReportSectionResource(ZoneResource):
    report = fields.Field(attribute="report", widget=NaturalKeyWidget(WorkReport, field="year"))
    indicators = fields.Field(attribute="indicators", widget=NaturalKeysWidget(Indicator))
    projects = fields.Field(attribute="projects", widget=NaturalKeysWidget(Project, parts=2))
    policies = fields.Field(attribute="policies", widget=NaturalKeysWidget(PolicyDocument, parts=2))
    platforms = fields.Field(attribute="platforms", widget=NaturalKeysWidget(InnovationPlatform))

    class Meta(ZoneMeta):
        model = ReportSection
        # Saved row by row: its related records are set once the section exists.
        use_bulk = False
        import_id_fields = ["report", "order"]
        fields = [
            "report",
            "order",
            "heading",
            "body",
            "indicators",
            "projects",
            "policies",
            "platforms",
        ]


# A workbook's sheets are imported in this order: what a sheet refers to comes first.
WORKBOOK_RESOURCES = [
    ZoneProfileResource,
    DesignationResource,
    IndicatorResource,
    IndicatorValueResource,
    InnovationPlatformResource,
    ProjectResource,
    ProjectProgressResource,
    PolicyDocumentResource,
    WorkReportResource,
    ReportSectionResource,
]
