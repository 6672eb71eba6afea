from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import localize
from django.utils.translation import gettext as _


def _display(record, field):
    value = getattr(record, field.attname)
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    return "—" if value in (None, "") else localize(value)


def describe_changes(instance, since_version):
    """What changed in ``instance`` since the given version, field by field, in words."""
    history = instance.history.order_by("-history_date", "-history_id")
    then = history.filter(version=since_version).first()
    now = history.first()
    if then is None or now is None:
        return []
    delta = now.diff_against(then)
    model = type(instance)
    lines = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        if not field.concrete or field.many_to_many:
            continue
        lines.append(
            _("%(field)s:%(old)s → %(new)s")
            % {
                "field": field.verbose_name,
                "old": _display(then, field),
                "new": _display(now, field),
            }
        )
    return lines


class VersionedForm(forms.ModelForm):
    """Refuses to save over a change someone else saved after this form was opened."""

    # Not named "version": a form field may not share the name of a non-editable model field.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        submitted = cleaned.get("loaded_version")
        if not self.instance.pk or submitted is None:
            return cleaned
        # Lock the row until the admin's transaction ends, so two saves cannot both pass.
        current = (
            type(self.instance)
            .objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is not None and current != submitted:
            latest = self.instance.history.order_by("-history_date", "-history_id").first()
            who = getattr(latest, "history_user", None) if latest else None
            changes = describe_changes(self.instance, submitted)
            message = _(
                "保存失败:您打开此页面后,%(who)s已修改并保存了这条记录。"
                "为避免覆盖对方的修改,您的修改没有保存。请重新打开页面,在最新内容上修改。"
            ) % {"who": who or _("其他人")}
            if changes:
                message += _("对方修改了:") + ";".join(changes) + "。"
            raise ValidationError(message, code="stale")
        return cleaned
