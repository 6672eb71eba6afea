"""The admin's relation fields: a posted id that is junk gets a form error, never a 500."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import connections


def fits_key(key, value, *, using=None):
    """Whether ``value`` can be looked up in the key field ``key`` at all: of its type, and
    for a number within the database's range (SQLite raises on larger ones)."""
    try:
        key.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    try:
        number = int(value)
    except (TypeError, ValueError):
        return True  # a key that is not a number, which to_python accepted
    low, high = connections[using or "default"].ops.integer_field_range(key.get_internal_type())
    return (low is None or number >= low) and (high is None or number <= high)


def key_of(relation):
    name = getattr(relation, "field_name", None)  # a many-to-many relation has none
    return relation.model._meta.get_field(name) if name else relation.model._meta.pk


class ValidChoicesMixin:
    """Django's autocomplete widgets look the posted ids up again to redraw a refused form
    (optgroups), and raise on an id that is no number; only ids that fit are looked up."""

    def optgroups(self, name, value, attr=None):
        key = key_of(self.field.remote_field)
        valid = [v for v in value if fits_key(key, v, using=self.db)]
        return super().optgroups(name, valid, attr)


class SafeAutocompleteSelect(ValidChoicesMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(ValidChoicesMixin, AutocompleteSelectMultiple):
    pass


class KeyCheckedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django checks each id with an exact lookup (which tolerates a number too large) and
    then all of them with __in (which SQLite refuses with OverflowError): refuse it first."""

    def _check_values(self, value):
        key = (
            self.queryset.model._meta.get_field(self.to_field_name)
            if self.to_field_name
            else self.queryset.model._meta.pk
        )
        for pk in value:
            if not fits_key(key, pk, using=self.queryset.db):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class SafeRelationsAdmin:
    """For a ModelAdmin or an inline: its relation fields use the fields and widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", KeyCheckedMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
