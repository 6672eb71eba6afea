"""Spreadsheet resources (django-import-export), one per record type.

Column headers are the Chinese field names; the English field names are accepted too.
Relations are natural keys (an indicator's code, a platform's name), never database ids, and
choices may be written as their Chinese label or their code. Records are matched by their
business keys, so exporting, editing and importing again updates in place, and an unchanged row
is skipped. Every row is validated like the admin form (model validation and constraints); an
import with any bad row writes nothing, and each error names the row, the column and the reason
in Chinese. Imports never publish: the status column is exported for information only.

This is the first part of the spreadsheet work; see the issue for what remains.
"""

import datetime
import unicodedata
from decimal import Decimal, InvalidOperation

from django.db import models, transaction
from import_export import fields, resources, widgets

from .models import (
    Designation,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
)


def _text(value):
    """Full-width digits and letters to ASCII, surrounding spaces removed."""
    return unicodedata.normalize("NFKC", str(value)).strip()


class ZoneTextWidget(widgets.Widget):
    """Text as typed; an empty spreadsheet cell is an empty string, never NULL."""

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
            return Decimal(str(value))
        text = _text(value).replace(",", "").removesuffix("%").strip()
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(f"“{value}”不是数字") from None

    def render(self, value, obj=None, **kwargs):
        return value


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
    """A relation written as the related record's business key, refused in Chinese if unknown."""

    def clean(self, value, row=None, **kwargs):
        if value is None or _text(value) == "":
            return None
        try:
            return self.get_queryset(value, row, **kwargs).get(**{self.field: _text(value)})
        except self.model.DoesNotExist:
            name = self.model._meta.verbose_name
            raise ValueError(f"找不到“{value}”对应的{name}") from None


WIDGETS = {
    models.CharField: ZoneTextWidget,
    models.TextField: ZoneTextWidget,
    models.SlugField: ZoneTextWidget,
    models.DecimalField: ZoneDecimalWidget,
    models.DateField: ZoneDateWidget,
    models.BooleanField: ZoneBooleanWidget,
    models.SmallIntegerField: ZoneIntegerWidget,
    models.PositiveSmallIntegerField: ZoneIntegerWidget,
    models.PositiveIntegerField: ZoneIntegerWidget,
    models.IntegerField: ZoneIntegerWidget,
}


class ZoneResource(resources.ModelResource):
    class Meta:
        abstract = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        model = self._meta.model
        for name, field in self.fields.items():
            model_field = model._meta.get_field(field.attribute or name)
            field.column_name = str(model_field.verbose_name)
            if model_field.choices:
                field.widget = ChoiceWidget(model_field.flatchoices, blank=model_field.blank)
            elif type(model_field) in WIDGETS:
                field.widget = WIDGETS[type(model_field)]()
        if "status" in self.fields:
            self.fields["status"].readonly = True

    def before_import(self, dataset, **kwargs):
        english = {name: field.column_name for name, field in self.fields.items()}
        if dataset.headers:
            dataset.headers = [english.get(h, h) if h else h for h in dataset.headers]
        super().before_import(dataset, **kwargs)

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """All or nothing: any row in error or invalid, and not a single row is written."""
        kwargs["use_transactions"] = False
        with transaction.atomic():
            result = super().import_data(
                dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs
            )
            if dry_run or result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
        return result

    def describe_errors(self, result):
        """Every problem of an import as 第N行,“列”:原因."""
        columns = {f.attribute or n: f.column_name for n, f in self.fields.items()}
        lines = []
        for row in result.invalid_rows:
            for field, messages in row.error_dict.items():
                column = columns.get(field, field)
                for message in messages:
                    where = f"“{column}”" if field != "__all__" else "整行"
                    lines.append(f"第{row.number}行,{where}:{message}")
        for number, errors in result.row_errors():
            lines += [f"第{number}行:{error.error}" for error in errors]
        return lines


class ZoneMeta:
    skip_unchanged = True
    report_skipped = True
    clean_model_instances = True


class IndicatorResource(ZoneResource):
    parent = fields.Field(attribute="parent", widget=NaturalKeyWidget(Indicator, field="code"))

    class Meta(ZoneMeta):
        model = Indicator
        import_id_fields = ["code"]
        fields = [
            "code",
            "name",
            "unit",
            "category",
            "kind",
            "parent",
            "definition",
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
