"""Revisions an editor proposes to public records: propose, compare, publish, reject.

An editor cannot change a record the public sees; they propose the change instead. The
proposal holds the record's field values as they would be after the change, and the version
they were made against. The record, and every public page, stays as it is until a publisher
publishes the proposal: then it is saved through the same rules (rules.py) as any other save,
as a new version whose history names the revision and who proposed it. A proposal made
against a version that has since changed can no longer be published; it shows what changed.
"""

import copy
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _

from . import rules
from .models import Revision, RevisionState
from .numbers import format_number

# What a revision never carries: the publication state is the publisher's, and the rest is
# kept by the system. File fields are left out too: an upload cannot wait in a proposal.
NOT_PROPOSED = {"status", "withdrawn_reason", "loaded_version"}


def proposable_fields(model, names):
    """The model fields among ``names`` (a form's fields) that a revision may carry."""
    fields = []
    for name in names:
        if name in NOT_PROPOSED:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a field of the form only
            continue
        if getattr(field, "upload_to", None) is None:
            fields.append(field)
    return fields


def values_of(record, fields, cleaned_data):
    """The values a revision stores, as JSON can hold them: keys for relations."""
    values = {}
    for field in fields:
        if field.many_to_many:
            values[field.name] = sorted(obj.pk for obj in cleaned_data.get(field.name, []))
        else:
            values[field.name] = field.value_from_object(record)
    return values


def propose(*, user, form, note=""):
    """Keep the change ``form`` (a valid admin form on a public record) would make, as a
    proposal; the record is not touched.

    ``form`` must have been checked against the version it was opened at (VersionedForm
    does), which becomes the revision's base.
    """
    model = type(form.instance)
    record = model._default_manager.get(pk=form.instance.pk)  # as stored, not as the form left it
    if not rules.may_propose(user, record):
        raise PermissionDenied(_("只有可以编辑这类记录的人员才能对已公开的记录提出修改。"))
    fields = proposable_fields(model, form.fields)
    proposed = values_of(form.instance, fields, form.cleaned_data)
    stored = {f.name: getattr(record, f.name).all() for f in fields if f.many_to_many}
    if proposed == values_of(record, fields, stored):
        raise ValidationError(_("没有任何修改,无需提出修订。"), code="unchanged")
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        base_version=form.cleaned_data["loaded_version"],
        data=proposed,
        note=note.strip(),
        proposed_by=user,
    )


def apply_to(revision, record):
    """A copy of ``record`` with the revision's values; many-to-many values are returned apart
    (they can only be set once the record is saved)."""
    changed = copy.copy(record)
    relations = {}
    for name, value in revision.data.items():
        field = type(record)._meta.get_field(name)
        if field.many_to_many:
            relations[name] = value
        else:
            setattr(changed, field.attname, field.to_python(value))
    return changed, relations


def differences(revision, record=None):
    """[(field's label, value now, value proposed)] for every field the revision changes."""
    record = record if record is not None else revision.record
    if record is None:
        return []
    changed, _relations = apply_to(revision, record)
    lines = []
    for name, value in revision.data.items():
        field = type(record)._meta.get_field(name)
        if field.many_to_many:
            now = sorted(getattr(record, name).values_list("pk", flat=True))
            if now == sorted(value):
                continue
            names = field.related_model.objects.in_bulk(set(now) | set(value))
            lines.append(
                (
                    field.verbose_name,
                    "、".join(str(names[pk]) for pk in now if pk in names) or "—",
                    "、".join(str(names[pk]) for pk in value if pk in names) or "—",
                )
            )
        elif field.value_from_object(record) != field.value_from_object(changed):
            lines.append((field.verbose_name, display(record, field), display(changed, field)))
    return lines


def display(record, field):
    if field.is_relation:
        value = getattr(record, field.name)
    else:
        value = getattr(record, field.attname)
        if field.choices:
            value = dict(field.flatchoices).get(value, value)
    if isinstance(value, Decimal):
        return format_number(value)
    return "—" if value in (None, "") else str(localize(value))


def _decide(revision, user, state, note=""):
    revision.state = state
    revision.reviewed_by, revision.reviewed_at = user, timezone.now()
    revision.review_note = note.strip()
    revision.full_clean()
    revision.save()
    return revision


def _pending(revision):
    if revision.state != RevisionState.PENDING:
        raise ValidationError(
            _("这条修订已处理(%(state)s),不能再次处理。") % {"state": revision.get_state_display()},
            code="decided",
        )


@transaction.atomic
def publish(*, revision, user):
    """Save the proposed change to the record, as its publisher, and close the revision."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    _pending(revision)
    model = revision.content_type.model_class()
    record = model._default_manager.select_for_update().filter(pk=revision.object_id).first()
    if record is None:
        raise ValidationError(_("这条修订所针对的记录已被删除,不能发布。"), code="gone")
    if not rules.may_review(user, record):
        raise PermissionDenied(_("只有审核发布人员可以发布修订。"))
    if record.version != revision.base_version:
        raise ValidationError(
            _(
                "这条修订是在第%(base)s版上提出的,记录此后已修改为第%(now)s版,"
                "直接发布会覆盖那些修改。请驳回它,请提出人在最新内容上重新提出。"
            )
            % {"base": revision.base_version, "now": record.version},
            code="stale",
        )
    changed, relations = apply_to(revision, record)
    rules.check_write(user=user, before=record, after=changed)
    changed.full_clean()
    changed._history_user = user
    changed._change_reason = _("发布修订草稿 #%(pk)s(由%(who)s提出)") % {
        "pk": revision.pk,
        "who": revision.proposed_by or _("已删除的用户"),
    }
    changed.save()
    for name, keys in relations.items():
        getattr(changed, name).set(keys)
    return _decide(revision, user, RevisionState.PUBLISHED), changed


@transaction.atomic
def reject(*, revision, user, reason):
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    _pending(revision)
    record = revision.record
    if record is not None and not rules.may_review(user, record):
        raise PermissionDenied(_("只有审核发布人员可以驳回修订。"))
    if not reason.strip():
        raise ValidationError({"review_note": _("驳回修订时必须填写审核意见。")})
    return _decide(revision, user, RevisionState.REJECTED, reason)


@transaction.atomic
def cancel(*, revision, user):
    """The proposer takes back a revision that nobody has decided on yet."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    _pending(revision)
    if revision.proposed_by_id != user.pk:
        raise PermissionDenied(_("只有提出人可以撤销自己的修订。"))
    return _decide(revision, user, RevisionState.CANCELLED)
