"""What every spreadsheet resource shares: Chinese columns, all-or-nothing, fast, with history."""

from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import UniqueConstraint
from django.utils import timezone
from import_export import resources
from import_export.declarative import ModelDeclarativeMetaclass
from import_export.results import Error, RowResult

from .. import rules, search_index
from ..numbers import figure
from . import history
from .constraints import constraint_errors
from .loading import ZoneResult
from .reading import SpreadsheetError, check_headers, check_text
from .widgets import (
    NOT_GIVEN,
    WIDGETS,
    ChoiceWidget,
    NaturalKeysWidget,
    NaturalKeyWidget,
    _blank,
)


def left_to_database(model):
    """Whether the database checks something the row checks do not: a unique key other than
    the business key (the row checks refuse a key repeated within the file, and a row whose key
    exists updates that record). Every other rule (field validators, clean(), check
    constraints) is checked in Python for every row."""
    key = {model._meta.get_field(name).name for name in model.natural_key_fields}
    unique_checks, date_checks = model()._get_unique_checks(include_meta_constraints=True)
    return (
        bool(date_checks)
        or any(
            isinstance(c, UniqueConstraint) and (c.condition is not None or c.expressions)
            for c in model._meta.constraints
        )
        or any(
            set(fields) != key and fields != (model._meta.pk.name,)
            for _model, fields in unique_checks
        )
    )


def change_reason(file_name):
    """What the history of each imported record gives as the reason for the change."""
    return f"导入:{file_name or '表格'}"[:100]


def column_name(resource_class, name):
    """A resource field's column: its model field's Chinese name (also the export form's label)."""
    field = resource_class.fields[name]
    model = resource_class._meta.model
    return str(model._meta.get_field(field.attribute or name).verbose_name)


class KeyedByModel(ModelDeclarativeMetaclass):
    """A resource matches rows on its model's business key, declared once on the model."""

    def __new__(cls, name, bases, attrs):
        new_class = super().__new__(cls, name, bases, attrs)
        model = new_class._meta.model
        if model is not None:
            new_class._meta.import_id_fields = list(model.natural_key_fields)
        return new_class


class ZoneResource(resources.ModelResource, metaclass=KeyedByModel):
    """What every resource shares: Chinese columns, all-or-nothing, fast, with history.

    Per row: the fields are read by our widgets, checked by the model's field validators and
    clean(), and by its check constraints evaluated in Python; a business key repeated within
    the file is refused. Unique constraints beyond the business key are left to the database:
    if it refuses a batch, the whole file is checked again with Django's full validation,
    which names the row. Rows are then written in batches together with their history.
    """

    preview_limit = 200
    # A job's progress (jobs.progress.Progress) when a worker runs the import, else None.
    progress = None
    # Where a preview keeps the rows it checked (checked_rows.Kept), when a job asks it to.
    kept = None
    dry_run = False

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
        self.left_to_database = left_to_database(model)

    def fold_columns(self, dataset):
        """Columns of another vocabulary read as the resource's own, in place, before the
        headers are checked (raises SpreadsheetError); none by default."""

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
            if row[field.column_name] is NOT_GIVEN:
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
        self.change_reason = change_reason(kwargs.get("file_name"))
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
        self.dry_run = dry_run
        try:
            self.fold_columns(dataset)
            check_headers(dataset, self)
            if getattr(dataset, "row_numbers", None) is None:  # not read by read_table
                check_text(dataset)
        except SpreadsheetError as error:
            result = self.get_result_class()()
            result.append_base_error(Error(error))
            result.error_lines = [str(error)]
            return result
        self.strict = False
        if self.progress is not None:
            self.progress.mark()
        result = self._import_once(dataset, dry_run, raise_errors, kwargs)
        if self.refused_by_database:
            self.strict = True
            if self.progress is not None:
                self.progress.rewind()
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
        if self.kept is not None:
            self.kept.batches.clear()
        # The search index is rebuilt once per import, and not at all for a dry run.
        with transaction.atomic(), search_index.deferred():
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
        problems = [] if self.strict else constraint_errors(instance, exclude=errors)
        key = tuple(getattr(instance, a) for a in self.key_attnames)
        # A key that could not be read is refused above; it repeats no other row.
        first = self.seen.setdefault(key, self.row_number) if None not in key else self.row_number
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
        if self.progress is not None:
            self.progress.add("validated")
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
        """A batch and its history (ZoneDataQuerySet's bulk methods also make cached pages
        stale); a batch the database refuses marks the file for a full re-check.

        A preview writes its rows, to roll them back, only for the database to check a unique
        key the row checks leave to it; without one, half of a preview's time went on writes
        that could refuse nothing (docs/benchmarks.md, issue 15)."""
        if self.dry_run and not self.left_to_database:
            if self.kept is not None and batch:
                self.kept.add(history_type, batch)
            batch.clear()
            return
        if batch and not self.refused_by_database:
            try:
                with transaction.atomic():
                    write(batch)
                    if self.progress is not None:
                        self.progress.add("written", len(batch))
                    # A preview's rows are written for the database to check, then rolled
                    # back; their history could refuse nothing and would be rolled back too.
                    if not self.dry_run:
                        history.write_bulk_history(
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
