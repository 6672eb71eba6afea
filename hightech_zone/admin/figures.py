"""Figures in the admin as on every page: inputs and list cells show 72.6, never 72.6000."""

from decimal import Decimal

from django import forms
from django.contrib.admin import helpers
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import display_for_field as django_display_for_field
from django.db import models

from ..numbers import format_number


class TrimmedDecimalInput(forms.NumberInput):
    """Show 72.6 rather than the stored 72.6000."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            value = format_number(value)
        return super().format_value(value)


DECIMAL_OVERRIDES = {models.DecimalField: {"widget": TrimmedDecimalInput}}


def display_for_field(value, field, empty_value_display, avoid_link=False):
    """Django pads a decimal to its field's places (12.5000); the admin shows a figure as every
    page does (numbers.format_number), in list columns and read-only fields alike."""
    if isinstance(field, models.DecimalField) and value not in field.empty_values:
        return format_number(value)
    return django_display_for_field(value, field, empty_value_display, avoid_link)


# The change list and the read-only fields call the function they imported; both get ours.
admin_list.display_for_field = helpers.display_for_field = display_for_field
