"""The publication workflow, draft -> published -> withdrawn, and who may move a record."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rules
from .models import PublicationStatus


def _require_publisher(user, record):
    if not rules.can_publish(user, type(record)):
        raise PermissionDenied(_("只有审核发布人员可以发布、撤回或退回草稿。"))


def set_status(*, record, user, status, reason=""):
    """Move a record to a publication state, recording who did it and when.

    Only publishers may publish, withdraw, or take a published record back to draft; the
    check is here, on the server, whatever the screen offered.
    """
    if status == record.status and status != PublicationStatus.WITHDRAWN:
        return record
    _require_publisher(user, record)
    now = timezone.now()
    if status == PublicationStatus.PUBLISHED:
        record.published_at, record.published_by = now, user
        record.withdrawn_at, record.withdrawn_reason = None, ""
    elif status == PublicationStatus.WITHDRAWN:
        if not reason.strip():
            raise ValidationError({"withdrawn_reason": _("撤回时必须填写撤回理由。")})
        record.withdrawn_at, record.withdrawn_reason = now, reason.strip()
    else:
        record.withdrawn_at, record.withdrawn_reason = None, ""
    record.status = status
    return record


def apply_status(*, record, user, before):
    """Save-time half of a form that set ``record.status``: if the state differs from what the
    database held (``before``; None for a new or restored record, which starts as a draft),
    move it there through set_status, so the move is checked and who and when are recorded."""
    old = before.status if before is not None else PublicationStatus.DRAFT
    if record.status != old:
        wanted, record.status = record.status, old
        set_status(record=record, user=user, status=wanted, reason=record.withdrawn_reason)
    return record


def publish(*, record, user):
    set_status(record=record, user=user, status=PublicationStatus.PUBLISHED)
    record.save()
    return record


def withdraw(*, record, user, reason):
    set_status(record=record, user=user, status=PublicationStatus.WITHDRAWN, reason=reason)
    record.save()
    return record


def return_to_draft(*, record, user):
    set_status(record=record, user=user, status=PublicationStatus.DRAFT)
    record.save()
    return record
