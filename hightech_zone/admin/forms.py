"""The admin's record form: staleness, the version it was opened at, and the write rules."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.utils.formats import localize
from django.utils.translation import gettext as _

from .. import rules
from ..numbers import format_number


def _display(record, field):
    value = getattr(record, field.attname)
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    if isinstance(value, Decimal):
        return format_number(value)
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
    """The admin's form for every record: no lost edits, and the rules of rules.py.

    It refuses a save over a change someone else saved after the form was opened, a save that
    does not say which version it was opened at, and any write the user's role does not allow.
    ``user`` is set by the admin; ``before`` holds the record as the database had it, read
    under a row lock, so that the rules judge what is really there.
    """

    # Not named "version": a form field may not share the name of a non-editable model field.
    # 0 stands for "the record did not exist" (a deleted record being restored).
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    user = None
    proposing = False  # a revision is proposed, not saved: hightech_zone.revisions judges it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.before = None
        self.checked = False
        if self.instance.pk is not None:
            in_database = not self.instance._state.adding
            self.fields["loaded_version"].initial = self.instance.version if in_database else 0

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            self.checked = True
            return cleaned
        submitted = cleaned.get("loaded_version")
        if submitted is None:
            raise ValidationError(
                _(
                    "保存失败:提交的内容没有注明是在哪个版本上修改的,为避免覆盖他人的修改,没有保存。请重新打开页面后再修改。"
                ),
                code="no_version",
            )
        # Lock the row until the admin's transaction ends, so two saves cannot both pass.
        model = type(self.instance)
        self.before = model._default_manager.select_for_update().filter(pk=self.instance.pk).first()
        current = self.before.version if self.before is not None else 0
        if current != submitted:
            raise ValidationError(self._stale_message(submitted), code="stale")
        self.checked = True
        return cleaned

    def _stale_message(self, submitted):
        if self.before is None:
            return _("保存失败:这条记录已被删除。请回到列表查看。")
        latest = self.before.history.order_by("-history_date", "-history_id").first()
        who = getattr(latest, "history_user", None) if latest else None
        message = _(
            "保存失败:您打开此页面后,%(who)s已修改并保存了这条记录。"
            "为避免覆盖对方的修改,您的修改没有保存。请重新打开页面,在最新内容上修改。"
        ) % {"who": who or _("其他人")}
        changes = describe_changes(self.before, submitted) if submitted else []
        if changes:
            message += _("对方修改了:") + ";".join(changes) + "。"
        return message

    def _post_clean(self):
        super()._post_clean()
        if not self.checked or self.proposing:
            return
        if self.user is None:
            raise ImproperlyConfigured("VersionedForm needs the user who saves (form.user).")
        try:
            rules.check_write(user=self.user, before=self.before, after=self.instance)
        except PermissionDenied as denied:
            self.add_error(None, ValidationError(str(denied), code="denied"))


def proposal_form(form_class):
    """``form_class`` (a VersionedForm) for proposing a revision of a public record, with a
    note to the publisher who will review it."""
    note = forms.CharField(
        label=_("修改说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("向审核发布人员说明为什么修改、依据是什么。"),
    )
    return type(form_class.__name__, (form_class,), {"revision_note": note, "proposing": True})
