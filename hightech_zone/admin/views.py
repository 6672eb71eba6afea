"""The admin's own pages: attachment downloads, the consistency report, the workbook."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from .. import resources, services
from ..consistency import CHECK_LABELS, acknowledged, problems, run_checks
from ..downloads import attachment_response
from ..formats import (
    XLSX,
    write_workbook,
)
from ..models import (
    PolicyDocument,
)
from ..spreadsheets import (
    DatabaseStorage,
    SpreadsheetError,
    read_workbook,
)


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


def workbook_view(request):
    """One workbook, one sheet per record type: download it, or import one with a preview.

    The sheets are named as the record types are (指标, 指标数值 …); a sheet may be left out.
    Export holds the types the user may view; import needs add and change on every type in
    the workbook, and is all or nothing across its sheets.
    """
    user = request.user
    allowed = {
        str(r._meta.model._meta.verbose_name_plural): r
        for r in resources.WORKBOOK_RESOURCES
        if user.has_perm(_perm(r._meta.model, "view"))
        or user.has_perm(_perm(r._meta.model, "change"))
    }
    if not allowed:
        raise PermissionDenied
    if request.GET.get("download") == "1":
        datasets = [resource_class().export() for resource_class in allowed.values()]
        response = HttpResponse(write_workbook(datasets), content_type=XLSX.CONTENT_TYPE)
        name = f"园区数据工作簿-{localdate():%Y-%m-%d}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    context = {
        **admin.site.each_context(request),
        "title": _("工作簿导入与导出(每种记录一个工作表)"),
        "sheet_titles": list(allowed),
        "all_titles": [
            str(r._meta.model._meta.verbose_name_plural) for r in resources.WORKBOOK_RESOURCES
        ],
        "import_limit_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024),
    }
    if request.method == "POST":
        context.update(_workbook_import(request))
        if context.pop("done", False):
            return HttpResponseRedirect(reverse("admin_workbook"))
    return TemplateResponse(request, "admin/workbook.html", context)


def _perm(model, action):
    return f"{model._meta.app_label}.{get_permission_codename(action, model._meta)}"


def _workbook_import(request):
    confirm = request.POST.get("pending")
    storage = DatabaseStorage(name=confirm) if confirm else DatabaseStorage()
    upload = request.FILES.get("workbook")
    if confirm:
        # Sent back in a hidden field: kept to printable characters, as Django keeps uploads'.
        file_name = "".join(c for c in request.POST.get("file_name", "") if c.isprintable())
    else:
        file_name = getattr(upload, "name", "")
    try:
        if confirm:
            data = storage.read()
        elif upload is None:
            raise SpreadsheetError("请选择要导入的工作簿文件。")
        elif upload.size > settings.IMPORT_MAX_BYTES:
            raise SpreadsheetError(
                f"文件超过 {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB,请拆分后再导入。"
            )
        else:
            data = upload.read()
        sheets = read_workbook(data)
    except SpreadsheetError as error:
        return _workbook_refused(request, file_name, upload, storage, [str(error)])
    models_in_file = [
        r._meta.model
        for r in resources.WORKBOOK_RESOURCES
        if str(r._meta.model._meta.verbose_name_plural) in sheets
    ]
    denied = [
        str(m._meta.verbose_name_plural)
        for m in models_in_file
        if not (
            request.user.has_perm(_perm(m, "add")) and request.user.has_perm(_perm(m, "change"))
        )
    ]
    if denied:
        problems = [f"您没有导入以下记录的权限:{'、'.join(denied)}。"]
        return _workbook_refused(request, file_name, upload, storage, problems, data)
    results, problems = services.import_workbook(
        sheets=sheets, user=request.user, file_name=file_name, dry_run=not confirm
    )
    problems += [
        f"工作表“{title}”{line}" for title, result in results for line in result.error_lines
    ]
    if problems:
        return _workbook_refused(request, file_name, upload, storage, problems, data)
    if not confirm:
        storage.save(data)
        return {"results": results, "pending": storage.name, "file_name": file_name}
    storage.remove()
    for title, result in results:
        services.record_import(
            user=request.user,
            record_type=title,
            file_name=file_name,
            data=data,
            layout="工作簿",
            result=result,
        )
    summary = ";".join(
        f"{title}:新增 {r.totals['new']} 条,更新 {r.totals['update']} 条,未变 {r.totals['skip']} 条"
        for title, r in results
    )
    messages.success(request, f"工作簿导入完成。{summary}。")
    return {"done": True}


def _workbook_refused(request, file_name, upload, storage, problems, data=None):
    if storage.name:
        storage.remove()
    if upload is not None or data is not None:
        size = upload.size if upload is not None else len(data)
        services.record_import(
            user=request.user,
            record_type="工作簿",
            file_name=file_name,
            data=data or b"",
            size=size,
            layout="工作簿",
            errors=problems,
        )
    return {"problems": problems}
