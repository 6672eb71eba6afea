"""How a record's history shows a change: labels of choices, 是/否, (空), figures as 72.6, never
raw codes."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.template_utils import HistoricalRecordContextHelper

from ..numbers import format_number

EMPTY = _("(空)")


def display_value(field, value):
    """A stored value as the admin's forms show it."""
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.BooleanField):
        return _("是") if value else _("否")
    if isinstance(value, Decimal):
        return format_number(value)
    return value


class ChangeDisplay(HistoricalRecordContextHelper):
    """django-simple-history's list of changes, with values as the forms show them."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:
            return super().prepare_delta_change_value(change, value)
        return display_value(field, value)
