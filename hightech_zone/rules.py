"""Who may write what: the one set of rules every write path asks.

The change and add forms, inline rows, a revert to an earlier version, the restore of a deleted
record, bulk actions and spreadsheet imports all ask here, so that a role means the same thing
on every path:

- 只读 (view permissions only) never writes;
- 编辑 (add and change) writes drafts only, and never moves anything onto a public page;
- 审核发布 (the publish permission) publishes, withdraws, and changes what is public.

A record is public once it leaves the draft state (published, or withdrawn with its notice).
A part without a state of its own (a report's section, a project's yearly progress) is public
when its parent is: the model names that parent in ``published_with``, and changing, adding or
moving such a part needs the permission to publish the parent.
"""

from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ErrorReport, ErrorReportState, PublicationStatus

NOT_ALLOWED = {
    "add": gettext_lazy("您没有新增%(name)s的权限。"),
    "change": gettext_lazy("您没有修改%(name)s的权限。"),
    "delete": gettext_lazy("您没有删除%(name)s的权限。"),
}


def has_permission(user, model, action):
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")


def can_publish(user, model):
    return has_permission(user, model, "publish")


def has_state(model):
    return hasattr(model, "status")


def public_parent(record):
    """The public record whose publication a part shares, or None."""
    name = getattr(type(record), "published_with", None)
    if name is None or getattr(record, f"{name}_id") is None:
        return None
    parent = getattr(record, name)
    return parent if is_public(parent) else None


def is_public(record):
    """Whether the public can see this record now, at its own address or through its parent."""
    if has_state(type(record)):
        return record.status != PublicationStatus.DRAFT
    return public_parent(record) is not None


def may_change(user, record):
    """Whether ``user`` may change ``record`` as it stands (the admin's change permission)."""
    return has_permission(user, type(record), "change") and _may_touch(user, record)


def may_delete(user, record):
    return has_permission(user, type(record), "delete") and _may_touch(user, record)


def _may_touch(user, record):
    if has_state(type(record)) and is_public(record):
        return can_publish(user, type(record))
    parent = public_parent(record)
    return parent is None or can_publish(user, type(parent))


def check_write(*, user, before, after):
    """Refuse, with the reason in words, unless ``user`` may turn ``before`` into ``after``.

    ``before`` is the record as the database holds it (None when it is added or restored);
    ``after`` the record as it would be saved (None when it is deleted).
    """
    record = after if after is not None else before
    model = type(record)
    action = "add" if before is None else "delete" if after is None else "change"
    if not has_permission(user, model, action):
        raise PermissionDenied(NOT_ALLOWED[action] % {"name": model._meta.verbose_name})
    if has_state(model):
        old = before.status if before is not None else PublicationStatus.DRAFT
        new = after.status if after is not None else old
        if (old != PublicationStatus.DRAFT or new != old) and not can_publish(user, model):
            if new != old:
                raise PermissionDenied(_("只有审核发布人员可以发布、撤回或退回草稿。"))
            raise PermissionDenied(
                _("“%(record)s”已公开,只有审核发布人员可以修改或删除。") % {"record": record}
            )
    for state in (before, after):
        parent = public_parent(state) if state is not None else None
        if parent is not None and not can_publish(user, type(parent)):
            raise PermissionDenied(
                _("“%(parent)s”已公开,它的%(part)s只有审核发布人员可以新增、修改或删除。")
                % {"parent": parent, "part": model._meta.verbose_name}
            )


def may_propose(user, record):
    """Whether ``user`` may propose a revision of ``record``: a public record (or a part of
    one) that they could edit were it a draft. A draft is simply changed instead."""
    return has_permission(user, type(record), "change") and is_public(record)


def may_review(user, record):
    """Whether ``user`` may publish or reject revisions of ``record``: whoever may change it as
    it stands, which for a public record means a publisher."""
    return may_change(user, record)


def may_answer_error_report(user, report):
    """Whether ``user`` may answer or close a visitor's error report: 编辑 and 审核发布 (the
    change permission), while it is not closed; 只读 reads them only."""
    return has_permission(user, ErrorReport, "change") and report.state != ErrorReportState.CLOSED
