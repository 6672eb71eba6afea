"""网站纠错 in the admin: staff read what visitors reported, answer it and close it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import error_reports, rules
from ..models import ErrorReport, ErrorReportState
from .base import JunkInputAdmin


class AnswerForm(forms.Form):
    """What staff type as the answer, checked as any Django form checks text (no NUL, not
    longer than the field); an empty answer is the service's to refuse, in its own words."""

    answer = forms.CharField(
        required=False, max_length=ErrorReport._meta.get_field("answer").max_length
    )


@admin.register(ErrorReport)
class ErrorReportAdmin(JunkInputAdmin, SimpleHistoryAdmin):
    """What a visitor wrote is never edited; 编辑 and 审核发布 answer and close (rules.py),
    只读 reads. The answer-time summary inspections score heads the list."""

    change_list_template = "admin/hightech_zone/errorreport/change_list.html"
    list_display = ["__str__", "short_description", "created_at", "state", "waited", "answered_at"]
    list_filter = ["state", "created_at"]
    search_fields = ["page", "description", "contact", "answer"]
    date_hierarchy = "created_at"
    list_per_page = 50

    @admin.display(description=_("问题描述"))
    def short_description(self, report):
        text = report.description
        return text if len(text) <= 40 else text[:40] + "…"

    @admin.display(description=_("已等待"))
    def waited(self, report):
        """Working days an unanswered report has waited, flagged past the deadline."""
        if report.answered_at is not None:
            return "—"
        days = error_reports.working_days_after(report.created_at, timezone.now())
        if days > error_reports.ANSWER_WORKING_DAYS:
            return _("%(days)s个工作日(已超期)") % {"days": days}
        return _("%(days)s个工作日") % {"days": days}

    def has_add_permission(self, request):
        return False  # reports come from visitors only

    def has_change_permission(self, request, obj=None):
        return False  # answered and closed through change_view, by the services

    def changelist_view(self, request, extra_context=None):
        summary = error_reports.answer_times()
        return super().changelist_view(
            request, {**(extra_context or {}), "error_report_summary": summary}
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        may_answer = rules.may_answer_error_report(request.user, report)
        problem = ""
        answer = report.answer
        if request.method == "POST":
            if not may_answer:
                raise PermissionDenied
            form = AnswerForm(request.POST)
            answer = request.POST.get("answer", "")
            try:
                if not form.is_valid():  # a NUL, or longer than the field keeps
                    raise ValidationError(form.errors["answer"])
                answer = form.cleaned_data["answer"]
                if "_close" in request.POST:
                    error_reports.close_report(report=report, user=request.user)
                    done = _("已关闭网站纠错 #%(pk)s。")
                else:
                    error_reports.answer_report(report=report, user=request.user, answer=answer)
                    done = _("已保存对网站纠错 #%(pk)s 的答复。")
            except ValidationError as error:
                problem = " ".join(error.messages)
            else:
                self.message_user(request, done % {"pk": report.pk}, messages.SUCCESS)
                return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": str(report),
            "opts": self.model._meta,
            "report": report,
            "may_answer": may_answer,
            "may_close": may_answer and report.state == ErrorReportState.ANSWERED,
            "answer": answer,
            "problem": problem,
        }
        return TemplateResponse(request, "admin/hightech_zone/errorreport/answer.html", context)
