"""Cell readers and writers: Chinese labels for choices, natural keys for relations, figures
as offices write them."""

import datetime
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from import_export import widgets

from ..indicator_names import ambiguity, by_name
from ..numbers import figure


def _text(value):
    """Full-width digits and letters to ASCII, surrounding spaces removed."""
    return unicodedata.normalize("NFKC", str(value)).strip()


class _NotGiven:
    """A cell a converted layout leaves out: the field keeps its value, as for a missing column.

    (A blank cell in a column the file has would clear a field such as 数值.)"""

    def __repr__(self):
        return "NOT_GIVEN"

    def __str__(self):
        return ""


NOT_GIVEN = _NotGiven()


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
        # Cells are read NFKC-normalised: a label with full-width brackets (（一）予以公开)
        # is found by its normalised form too.
        self.by_read_label = {_text(label): value for value, label in choices}
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else _text(value)
        if not text and self.blank:
            return ""
        if text in self.labels:
            return text
        if text in self.by_label:
            return self.by_label[text]
        if text in self.by_read_label:
            return self.by_read_label[text]
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


class IndicatorKeyWidget(NaturalKeyWidget):
    """An indicator by its code, its name or one of its other names (指标代码 first).

    A name that means more than one indicator is refused with both named, never guessed.
    """

    def __init__(self, model, **kwargs):
        super().__init__(model, field="code", **kwargs)
        self.names = by_name([])

    def preload(self):
        super().preload()
        self.names = by_name(self.known.values())

    def clean(self, value, row=None, **kwargs):
        if value is None or _text(value) == "":
            return None
        key = _text(value)
        if key in self.known:
            return self.known[key]
        found = self.names.get(key)
        if found is None:  # perhaps created earlier in the same file or workbook
            candidates = self.model._default_manager.filter(
                models.Q(code=key) | models.Q(name=key) | models.Q(aliases__contains=key)
            )
            exact = [c for c in candidates if c.code == key]
            found = exact or by_name(candidates).get(key, [])
        if len(found) > 1:
            raise ValueError(ambiguity(key, found))
        if not found:
            name = self.model._meta.verbose_name
            raise ValueError(f"找不到“{value}”对应的{name}(可填写指标代码、名称或其他名称)")
        return found[0]


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
