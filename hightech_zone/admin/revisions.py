"""The admin where publishers review the revisions editors propose."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import revisions, rules
from ..models import (
    Revision,
    RevisionState,
)
from .base import RecordedOnlyAdmin


@admin.register(Revision)
class RevisionAdmin(RecordedOnlyAdmin):
    """Revisions editors propose to public records: a publisher compares and publishes or
    rejects each; the proposer may take theirs back. Nothing here is edited as a form."""

    change_list_template = "admin/change_list.html"
    list_display = ["__str__", "record_type", "proposed_by", "proposed_at", "state"]
    list_filter = ["state", ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["content_type", "proposed_by"]
    search_fields = ["note", "review_note", "proposed_by__username"]
    date_hierarchy = "proposed_at"

    @admin.display(description=_("记录类型"), ordering="content_type")
    def record_type(self, revision):
        model = revision.content_type.model_class()
        return model._meta.verbose_name if model else "—"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The revision beside the record as it is now, with the decisions the user may take."""
        revision = self.get_object(request, unquote(object_id))
        if revision is None:
            raise Http404
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        record = revision.record
        pending = revision.state == RevisionState.PENDING
        may_review = pending and record is not None and rules.may_review(request.user, record)
        may_cancel = pending and revision.proposed_by_id == request.user.pk
        stale = record is not None and record.version != revision.base_version
        problem = ""
        if request.method == "POST":
            try:
                if "_publish" in request.POST and may_review:
                    revisions.publish(revision=revision, user=request.user)
                    done = _("已发布修订草稿 #%(pk)s,公众页面已更新。")
                elif "_reject" in request.POST and may_review:
                    revisions.reject(
                        revision=revision,
                        user=request.user,
                        reason=request.POST.get("review_note", ""),
                    )
                    done = _("已驳回修订草稿 #%(pk)s。")
                elif "_cancel" in request.POST and may_cancel:
                    revisions.cancel(revision=revision, user=request.user)
                    done = _("已撤销修订草稿 #%(pk)s。")
                else:
                    raise PermissionDenied
            except ValidationError as error:
                problem = "".join(
                    message for messages_ in error_messages(error) for message in messages_
                )
            else:
                self.message_user(request, done % {"pk": revision.pk}, messages.SUCCESS)
                return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": str(revision),
            "opts": self.model._meta,
            "revision": revision,
            "record": record,
            "record_url": record_admin_url(record),
            "record_type": self.record_type(revision),
            "differences": revisions.differences(revision, record) if record else [],
            "stale": stale and pending,
            "may_publish": may_review and not stale,
            "may_reject": may_review,
            "may_cancel": may_cancel,
            "problem": problem,
            "review_note": request.POST.get("review_note", ""),
        }
        return TemplateResponse(request, "admin/hightech_zone/revision_review.html", context)


def error_messages(error):
    """A ValidationError's messages, grouped, whatever its shape."""
    if hasattr(error, "message_dict"):
        return list(error.message_dict.values())
    return [error.messages]


def record_admin_url(record):
    if record is None:
        return ""
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
