"""Import and export of one record type from its list page (django-import-export)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm, SelectableFieldsExportForm

from ..importing.formats import EXPORT_FORMATS, XLSX, Spreadsheet, blank_template
from ..importing.pending import DatabaseStorage
from ..importing.reading import SpreadsheetError, check_file_name, too_large
from ..importing.services import log_import
from ..importing.zone_resource import column_name
from ..jobs.spreadsheets import params as job_params
from ..middleware import bad_request
from ..models import JobKind
from .jobs import start_job

BAD_EXPORT_FILTER = _("导出的筛选条件无效,请回到列表重新筛选后再导出。")


class SpreadsheetImportForm(ImportForm):
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["import_file"].label = _("要导入的文件")
        self.fields["format"].label = _("表格格式")
        # The file's kind is detected, so the choice is only of layout, and has a default.
        fmt = self.fields["format"]
        fmt.choices = [c for c in fmt.choices if c[0] != ""]
        fmt.initial = "0"
        for name in ("import_file", "format"):
            self.fields[name].widget.attrs.pop("class", None)

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(too_large())
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        try:
            check_file_name(upload.name, head)
        except SpreadsheetError as error:
            raise ValidationError(str(error)) from None
        return upload


class SpreadsheetExportForm(SelectableFieldsExportForm):
    """The export form with each column under its Chinese name, and XLSX chosen."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        fmt = self.fields["format"]
        fmt.label = _("文件格式")
        fmt.choices = [c for c in fmt.choices if c[0] != ""]
        fmt.initial = str(formats.index(XLSX)) if XLSX in formats else "0"

    def _get_field_label(self, resource, field_name):
        return column_name(resource, field_name)


class SpreadsheetAdmin(ImportExportMixin):
    """Import with preview and confirmation, export, and a blank template, for one record type.

    django-import-export's admin, with: our file reading (encoding detection, hostile-file
    checks), the upload kept in the database between preview and confirmation, import only
    for those who may add and change, export for those who may view, every import logged
    (ImportRecord) and in the records' history, and errors in Chinese naming row and column.
    """

    import_formats = [Spreadsheet]
    export_formats = EXPORT_FORMATS
    tmp_storage_class = DatabaseStorage
    import_form_class = SpreadsheetImportForm
    export_form_class = SpreadsheetExportForm
    import_template_name = "admin/hightech_zone/import.html"
    import_export_change_list_template = None  # ours shows the buttons (change_list.html)
    # History and the import log record every import; a LogEntry per row would not scale.
    skip_admin_log = True

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        template = self.admin_site.admin_view(self.template_view)
        return [
            path("import-template/", template, name="{}_{}_import_template".format(*info)),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        opts = self.opts
        return all(
            request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
            for action in ("add", "change")
        )

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
            "has_export_permission": self.has_export_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def get_export_filename(self, request, queryset, file_format):
        name = self.model._meta.verbose_name_plural
        return f"{name}-{localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        response = super()._do_file_export(file_format, request, queryset, export_form)
        filename = self.get_export_filename(request, queryset, file_format)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

    def template_view(self, request):
        """A blank workbook with this record type's columns, and how to fill them in."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.get_import_resource_classes(request)[0]()
        response = HttpResponse(blank_template(resource), content_type=XLSX.CONTENT_TYPE)
        name = f"{self.model._meta.verbose_name_plural}-空白模板.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", _("无法读取这个文件。请上传 XLSX、CSV 或 JSON 表格。"))

    def get_import_context_data(self, **kwargs):
        return {**super().get_import_context_data(**kwargs), "import_limit_mb": self._limit_mb()}

    @staticmethod
    def _limit_mb():
        return settings.IMPORT_MAX_BYTES // (1024 * 1024)

    def import_action(self, request, **kwargs):
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if (
                form.is_valid()
                and form.cleaned_data["import_file"].size > settings.JOBS_INLINE_MAX_BYTES
            ):
                return self._queue_import(request, form)
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        upload = request.FILES.get("import_file")
        if request.method == "POST" and upload is not None and not context.get("confirm_form"):
            form, result = context.get("form"), context.get("result")
            errors = list(getattr(result, "error_lines", []))
            if form is not None:
                errors += [str(m) for messages_ in form.errors.values() for m in messages_]
            self._log_import(request, upload.name, upload, errors=errors or [_("文件未通过检查。")])
            stored = getattr(upload, "tmp_storage_name", None)
            if stored:
                DatabaseStorage(name=stored).remove()
        if context.get("form") is not None:
            context["template_url"] = reverse(
                "admin:{}_{}_import_template".format(*self.get_model_info())
            )
            context["import_columns"] = self._columns(request)
        return response

    def _queue_import(self, request, form):
        """A large file is previewed by a background worker; staff watch it on the job page."""
        resources = self.get_import_resource_classes(request)
        formats = self.get_import_formats()
        return start_job(
            request,
            kind=JobKind.IMPORT_PREVIEW,
            record_type=self.model._meta.verbose_name_plural,
            upload=form.cleaned_data["import_file"],
            params=job_params(
                resource_class=resources[int(form.cleaned_data.get("resource") or 0)],
                format_class=formats[int(form.cleaned_data["format"])],
            ),
        )

    def _columns(self, request):
        resource = self.get_import_resource_classes(request)[0]()
        keys = set(resource._meta.import_id_fields)
        return [
            (f.column_name, name in keys) for name, f in resource.fields.items() if not f.readonly
        ]

    def _log_import(self, request, file_name, upload=None, *, data=None, result=None, errors=()):
        if data is None:
            upload.seek(0)
            data = upload.read() if upload.size <= settings.IMPORT_MAX_BYTES else b""
        log_import(
            user=request.user,
            record_type=self.model._meta.verbose_name_plural,
            file_name=file_name,
            data=data,
            size=upload.size if upload is not None else len(data),
            result=result,
            errors=errors,
        )

    def process_import(self, request, **kwargs):
        try:
            # The library takes the hidden format and resource numbers as list indexes.
            choices = [self.get_import_formats(), self.get_import_resource_classes(request)]
            for name, options in zip(("format", "resource"), choices, strict=True):
                if not 0 <= int(request.POST.get(name) or 0) < len(options):
                    raise ValueError
        except ValueError:
            messages.error(request, _("确认导入的表单已损坏,请重新上传文件。"))
            return HttpResponseRedirect(
                reverse("admin:{}_{}_import".format(*self.get_model_info()))
            )
        try:
            return super().process_import(request, **kwargs)
        except SpreadsheetError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(
                reverse("admin:{}_{}_import".format(*self.get_model_info()))
            )

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            return bad_request(request, BAD_EXPORT_FILTER)

    def process_dataset(self, dataset, form, request, **kwargs):
        # Not the library's: it keeps every imported instance in memory for its LogEntry rows.
        resource_class = self.choose_import_resource_class(form, request)
        resource = resource_class(**self.get_import_resource_kwargs(request, form=form))
        file_name = form.cleaned_data.get("original_file_name", "")
        result = resource.import_data(
            dataset, dry_run=False, file_name=file_name, user=request.user
        )
        data = DatabaseStorage(name=form.cleaned_data["import_file_name"]).read()
        self._log_import(request, file_name, data=data, result=result)
        return result

    def process_result(self, result, request):
        if result.error_lines:
            # The records changed between the preview and the confirmation.
            messages.error(
                request,
                _("导入未完成,没有写入任何记录:%(errors)s")
                % {"errors": ";".join(result.error_lines[:5])},
            )
            return HttpResponseRedirect(
                reverse("admin:{}_{}_import".format(*self.get_model_info()))
            )
        messages.success(
            request,
            _("导入完成:新增 %(new)s 条,更新 %(update)s 条,未变 %(skip)s 条。")
            % {
                "new": result.totals["new"],
                "update": result.totals["update"],
                "skip": result.totals["skip"],
            },
        )
        return HttpResponseRedirect(
            reverse("admin:{}_{}_changelist".format(*self.get_model_info()))
        )
