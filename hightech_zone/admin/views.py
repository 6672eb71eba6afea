"""The admin's own pages: attachment downloads, the consistency report, the workbook, the
year's checklist, the 政府网站工作年度报表, and a superuser's upkeep (backup, restore, search
index)."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from ..consistency import CHECK_LABELS, acknowledged, problems, run_checks
from ..downloads import attachment_response
from ..importing import resources
from ..importing.formats import XLSX, write_workbook
from ..importing.reading import too_large
from ..importing.services import exportable_resources, import_uploaded_workbook
from ..middleware import bad_request
from ..models import (
    MAX_YEAR,
    MIN_YEAR,
    JobKind,
    PolicyDocument,
    ZoneProfile,
)
from ..report_workbooks import website_workbook, xlsx_response
from ..seed import has_zone_data
from ..website_report import column_updates, total_updates
from ..year_progress import default_year, valid_year, year_progress
from .jobs import start_job


def attachment_view(request, name):
    """Staff who may see policies download an attachment by its stored name, draft or not;
    the file links of the policy form point here (MEDIA_URL)."""
    if not request.user.has_perm("hightech_zone.view_policydocument"):
        raise PermissionDenied
    policy = PolicyDocument.objects.exclude(attachment="").filter(attachment=name).first()
    if policy is None:
        raise Http404
    return attachment_response(policy.attachment)


def consistency_view(request):
    """Staff see every disagreement between figures; nothing is changed."""
    if not request.user.has_perm("hightech_zone.view_indicatorvalue"):
        raise PermissionDenied
    findings = run_checks()
    found = problems(findings)
    groups = [
        {"label": label, "findings": [f for f in found if f.check == check]}
        for check, label in CHECK_LABELS.items()
    ]
    context = {
        **admin.site.each_context(request),
        "title": _("数据一致性检查"),
        "groups": groups,
        "total": len(found),
        "acknowledged": acknowledged(findings),
    }
    return TemplateResponse(request, "admin/consistency.html", context)


def year_view(request, year=None):
    """The year's checklist (年度填报进度), for every staff role that may view the data."""
    if not request.user.has_perm("hightech_zone.view_indicatorvalue"):
        raise PermissionDenied
    if year is None:
        return redirect("admin_year", year=default_year())
    if not valid_year(year):
        raise Http404
    context = {
        **admin.site.each_context(request),
        "title": _("%(year)s年度填报进度") % {"year": year},
        "progress": year_progress(year),
        "previous_year": year - 1 if valid_year(year - 1) else None,
        "next_year": year + 1 if valid_year(year + 1) else None,
    }
    return TemplateResponse(request, "admin/year_progress.html", context)


def website_report_view(request):
    """The 政府网站工作年度报表's 信息发布 for a chosen year (?year=), or its XLSX (&download=1):
    updates per column, derived from the records' history."""
    if not request.user.has_perm("hightech_zone.view_disclosurereport"):
        raise PermissionDenied
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isascii() and raw.isdigit() else localdate().year - 1
    if not valid_year(year):
        return bad_request(
            request,
            _("年份必须在%(min)s年至%(max)s年之间。") % {"min": MIN_YEAR, "max": MAX_YEAR},
        )
    profile = ZoneProfile.objects.first()
    if request.GET.get("download") == "1":
        content = website_workbook(year, zone_name=profile.name if profile else "")
        return xlsx_response(content, f"政府网站工作年度报表-{year}.xlsx")
    columns = column_updates(year)
    context = {
        **admin.site.each_context(request),
        "title": _("%(year)s年度政府网站工作年度报表(信息发布)") % {"year": year},
        "year": year,
        "columns": columns,
        "total": total_updates(columns),
        "records": sum(c.records for c in columns),
        "previous_year": year - 1 if valid_year(year - 1) else None,
        "next_year": year + 1 if valid_year(year + 1) else None,
    }
    return TemplateResponse(request, "admin/website_report.html", context)


def workbook_view(request):
    """One workbook, one sheet per record type: download it, or import one with a preview.

    The sheets are named as the record types are (指标, 指标数值 …); a sheet may be left out.
    Export holds the types the user may view; import needs add and change on every type in
    the workbook, and is all or nothing across its sheets. A large workbook is checked and
    imported by a background job, and a large zone's export is made by one.
    """
    user = request.user
    allowed = exportable_resources(user)
    if not allowed:
        raise PermissionDenied
    if request.GET.get("download") == "1":
        datasets = [resource_class().export() for resource_class in allowed.values()]
        response = HttpResponse(write_workbook(datasets), content_type=XLSX.CONTENT_TYPE)
        name = f"园区数据工作簿-{localdate():%Y-%m-%d}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    rows = sum(r._meta.model._default_manager.count() for r in allowed.values())
    context = {
        **admin.site.each_context(request),
        "title": _("工作簿导入与导出(每种记录一个工作表)"),
        "sheet_titles": list(allowed),
        "all_titles": [
            str(r._meta.model._meta.verbose_name_plural) for r in resources.WORKBOOK_RESOURCES
        ],
        "import_limit_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024),
        "export_in_background": rows > settings.JOBS_INLINE_EXPORT_ROWS,
        "rows": rows,
    }
    if request.method == "POST" and request.POST.get("action") == "export":
        return start_job(request, kind=JobKind.WORKBOOK_EXPORT, record_type=_("工作簿"))
    if request.method == "POST":
        pending = request.POST.get("pending")
        upload = request.FILES.get("workbook")
        if (
            not pending
            and upload is not None
            and settings.JOBS_INLINE_MAX_BYTES < upload.size <= settings.IMPORT_MAX_BYTES
        ):
            return start_job(
                request, kind=JobKind.WORKBOOK_PREVIEW, record_type=_("工作簿"), upload=upload
            )
        # Sent back in a hidden field: kept to printable characters, as Django keeps uploads'.
        file_name = "".join(c for c in request.POST.get("file_name", "") if c.isprintable())
        outcome = import_uploaded_workbook(
            user=user,
            upload=upload,
            pending=pending,
            file_name=file_name if pending else None,
        )
        if outcome.done:
            messages.success(request, outcome.summary)
            return HttpResponseRedirect(reverse("admin_workbook"))
        context.update(outcome.context)
    return TemplateResponse(request, "admin/workbook.html", context)


def maintenance_view(request):
    """A superuser's upkeep, each run by a background job: a backup of every record and
    user, a restore into an empty database, the search index built again."""
    if not request.user.is_superuser:
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "backup":
            return start_job(request, kind=JobKind.BACKUP)
        if action == "search_index":
            return start_job(request, kind=JobKind.SEARCH_INDEX)
        if action == "restore":
            upload = request.FILES.get("backup")
            if upload is None:
                messages.error(request, _("请选择要恢复的备份工作簿。"))
            elif upload.size > settings.IMPORT_MAX_BYTES:
                messages.error(request, too_large())
            else:
                return start_job(request, kind=JobKind.RESTORE, upload=upload)
            return HttpResponseRedirect(request.get_full_path())
        return bad_request(request, _("未知的操作。"))
    context = {
        **admin.site.each_context(request),
        "title": _("备份、恢复与搜索索引"),
        "has_zone_data": has_zone_data(),
        "import_limit_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024),
    }
    return TemplateResponse(request, "admin/maintenance.html", context)
