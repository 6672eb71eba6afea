"""The jobs page: each user's background jobs, a job's progress and outcome, cancel, confirm."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..importing.formats import XLSX
from ..importing.reading import SpreadsheetError
from ..jobs import files, lifecycle, progress, services
from ..models import Job, JobKind, JobStatus
from .base import RecordedOnlyAdmin


def job_url(job):
    return reverse("admin:hightech_zone_job_change", args=[job.pk])


def start_job(request, *, kind, record_type="", upload=None, params=None):
    """Queues a job for the user (keeping their upload for it) and shows its page; refused
    over the user's limit, with the reason, back on the page they came from. The upload is
    kept in the job's transaction: a refused job leaves no file behind."""
    try:
        with transaction.atomic():
            pending = ""
            if upload is not None:
                upload.seek(0)
                pending = files.keep(upload.read())
            job = services.start(
                user=request.user,
                kind=kind,
                record_type=record_type,
                file_name=getattr(upload, "name", ""),
                pending=pending,
                params=params,
            )
    except services.JobRefused as refusal:
        messages.error(request, str(refusal))
        return HttpResponseRedirect(request.get_full_path())
    return HttpResponseRedirect(job_url(job))


@admin.register(Job)
class JobAdmin(RecordedOnlyAdmin):
    """Every staff member sees the jobs they started; a superuser sees everyone's. A job is
    written by the worker only; staff may cancel a queued one, and confirm a preview."""

    change_list_template = "admin/change_list.html"
    list_display = [
        "created_at",
        "user",
        "kind",
        "record_type",
        "file_name",
        "status",
        "duration_display",
        "outcome",
    ]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["file_name", "record_type", "user__username"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    actions = ["cancel_selected"]

    class Media:
        css = {"all": ["css/admin-job.css"]}

    @admin.display(description=_("用时"))
    def duration_display(self, job):
        duration = job.duration
        if duration is None:
            return "—"
        seconds = int(duration.total_seconds())
        return f"{seconds // 60} 分 {seconds % 60} 秒" if seconds >= 60 else f"{seconds} 秒"

    @admin.display(description=_("结果说明"))
    def outcome(self, job):
        return Truncator(job.message).chars(40)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if not (request.user.is_active and request.user.is_staff):
            return False
        return obj is None or Job.objects.visible_to(request.user).filter(pk=obj.pk).exists()

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def changelist_view(self, request, extra_context=None):
        lifecycle.reap()
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("取消所选的排队中任务"))
    def cancel_selected(self, request, queryset):
        if not queryset:  # ids of no job this user can see
            self.message_user(request, _("所选的任务不存在,没有取消任何任务。"), messages.WARNING)
            return
        cancelled = sum(services.cancel(job=job, user=request.user) for job in queryset)
        left = len(queryset) - cancelled
        if cancelled:
            self.message_user(request, _("已取消 %(n)s 项任务。") % {"n": cancelled})
        if left:
            self.message_user(
                request,
                _("%(n)s 项任务已开始或已结束,或不是您提交的,不能取消。") % {"n": left},
                messages.WARNING,
            )

    def get_actions(self, request):
        # An action is a write: Django offers actions to those who may change (it asks the
        # action's own permissions), and every staff member may cancel their own jobs.
        actions = super().get_actions(request)
        return actions if request.user.is_staff else {}

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/progress/", view(self.progress_view), name="hightech_zone_job_progress"),
            path("<int:pk>/confirm/", view(self.confirm_view), name="hightech_zone_job_confirm"),
            path("<int:pk>/cancel/", view(self.cancel_view), name="hightech_zone_job_cancel"),
            path("<int:pk>/download/", view(self.download_view), name="hightech_zone_job_download"),
            *super().get_urls(),
        ]

    def _job(self, request, pk):
        """The job, for one who may still see it (services.may_see); else not found."""
        job = Job.objects.visible_to(request.user).select_related("user").filter(pk=pk).first()
        if job is None or not self.has_view_permission(request):
            raise Http404
        if not services.may_see(request.user, job):
            raise Http404
        return job

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            pk = int(object_id)
        except ValueError:
            raise Http404 from None
        job = self._job(request, pk)
        if job.status == JobStatus.RUNNING and lifecycle.reap():
            job.refresh_from_db()
        context = {
            **self.admin_site.each_context(request),
            "title": str(job),
            "opts": self.opts,
            "job": job,
            "live": self._live(job),
            "may_manage": services.may_manage(request.user, job),
            "preview": job.result.get("preview", []),
            "errors": job.result.get("errors", []),
            "duration": self.duration_display(job),
            **self._record_urls(job),
            "sheets": job.result.get("sheets", []),
            "counts": job.result.get("counts", {}),
            "download": job.result.get("download_name")
            if job.status == JobStatus.DONE and services.may_download(request.user, job)
            else None,
            "may_confirm": job.is_preview
            and job.status == JobStatus.DONE
            and services.may_manage(request.user, job)
            and not job.confirmations.exists(),
        }
        return TemplateResponse(request, "admin/hightech_zone/job.html", context)

    @staticmethod
    def _record_urls(job):
        """Where staff go next: the imported type's list, and the page to upload again."""
        if job.kind in (JobKind.WORKBOOK_PREVIEW, JobKind.WORKBOOK_CONFIRM):
            return {"import_url": reverse("admin_workbook")}
        model = job.model
        if model is None:
            return {}
        info = model._meta.app_label, model._meta.model_name
        return {
            "list_url": reverse("admin:{}_{}_changelist".format(*info)),
            "import_url": reverse("admin:{}_{}_import".format(*info)),
        }

    @staticmethod
    def _live(job):
        """The counts to show: the worker's latest while it runs, the final ones after."""
        if job.status == JobStatus.RUNNING:
            counts = progress.read(job.pk)
            if counts:
                return counts
        return {
            "stage": "done" if job.status == JobStatus.DONE else job.status,
            "total": job.rows_total,
            "read": job.rows_total,
            "validated": job.rows_validated,
            "written": job.rows_written,
        }

    def progress_view(self, request, pk):
        job = self._job(request, pk)
        if job.status == JobStatus.RUNNING and lifecycle.reap():
            job.refresh_from_db()
        return JsonResponse(
            {
                "status": job.status,
                "status_display": job.get_status_display(),
                "progress": self._live(job),
                "message": job.message,
            },
            headers={"Cache-Control": "no-store"},
        )

    def download_view(self, request, pk):
        """The file a job made (a workbook, a backup), for whoever may see the job."""
        job = self._job(request, pk)
        name = job.result.get("download")
        if job.status != JobStatus.DONE or not name or not services.may_download(request.user, job):
            raise Http404
        try:
            data = files.read(name)
        except SpreadsheetError:
            self.message_user(request, _("文件已过期(保留一天),请重新生成。"), messages.WARNING)
            return HttpResponseRedirect(job_url(job))
        response = HttpResponse(data, content_type=XLSX.CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            True, job.result.get("download_name") or "download.xlsx"
        )
        return response

    def cancel_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        job = self._job(request, pk)
        if services.cancel(job=job, user=request.user):
            self.message_user(request, _("任务已取消。"))
        else:
            self.message_user(request, _("任务已开始或已结束,不能取消。"), messages.WARNING)
        return HttpResponseRedirect(job_url(job))

    def confirm_view(self, request, pk):
        """Queues the write of a previewed file, by the one who uploaded it."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        preview = self._job(request, pk)
        if not services.may_manage(request.user, preview):
            raise PermissionDenied
        if not preview.is_preview or preview.status != JobStatus.DONE:
            self.message_user(request, _("这项任务没有可确认的预览。"), messages.ERROR)
            return HttpResponseRedirect(job_url(preview))
        try:
            job = services.confirm(preview=preview, user=request.user)
        except services.JobRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(job_url(preview))
        return HttpResponseRedirect(job_url(job))
