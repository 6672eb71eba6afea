from decimal import Decimal

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import display_for_field as django_display_for_field
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, router, transaction
from django.db.models import Count, Max
from django.db.models.fields.files import FileDescriptor
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html_join
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm, SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_m2m_reverse_field_name

from . import resources, revisions, rules, services
from .consistency import CHECK_LABELS, acknowledged, problems, run_checks
from .downloads import attachment_response
from .formats import (
    EXPORT_FORMATS,
    XLSX,
    Spreadsheet,
    YearColumns,
    blank_template,
    write_workbook,
)
from .forms import VersionedForm, proposal_form
from .history_display import ChangeDisplay
from .middleware import bad_request
from .models import (
    Designation,
    ImportRecord,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
    ProjectStage,
    PublicationStatus,
    ReportSection,
    Revision,
    RevisionState,
    WorkReport,
    ZoneProfile,
)
from .numbers import format_number
from .permission_names import PermissionNamesAdmin
from .references import render_report
from .relation_fields import SafeRelationsAdmin
from .spreadsheets import (
    DatabaseStorage,
    SpreadsheetError,
    check_file_name,
    read_workbook,
    values_by_year,
)


class TrimmedDecimalInput(forms.NumberInput):
    """Show 72.6 rather than the stored 72.6000."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            value = format_number(value)
        return super().format_value(value)


DECIMAL_OVERRIDES = {models.DecimalField: {"widget": TrimmedDecimalInput}}


def display_for_field(value, field, empty_value_display, avoid_link=False):
    """Django pads a decimal to its field's places (12.5000); the admin shows a figure as every
    page does (numbers.format_number), in list columns and read-only fields alike."""
    if isinstance(field, models.DecimalField) and value not in field.empty_values:
        return format_number(value)
    return django_display_for_field(value, field, empty_value_display, avoid_link)


# The change list and the read-only fields call the function they imported; both get ours.
admin_list.display_for_field = helpers.display_for_field = display_for_field


admin.site.site_header = _("高新区管委会 数据管理后台")
admin.site.site_title = _("高新区数据管理")
admin.site.index_title = _("数据管理")


PUBLICATION_FIELDS = [
    "status",
    "withdrawn_reason",
    "published_at",
    "published_by",
    "withdrawn_at",
    "created_at",
    "updated_at",
    "loaded_version",
]


class GuardedChangeList(ChangeList):
    """Filters Django lets through to a 500 are bad filters like any other (a redirect to ?e=1):
    a date-hierarchy year whose range ends past 9999 (?published_on__year=9999), and, on
    SQLite, a relation's id too large for an integer (?groups__exact=99999999999999999999)."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            return super().get_results(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class JunkInputAdmin:
    """Junk in an admin address or post gets a 4xx where Django gave a 500: a bad filter
    (GuardedChangeList), a selected id that is no number."""

    def get_changelist(self, request, **kwargs):
        return GuardedChangeList

    def response_action(self, request, queryset):
        try:
            for pk in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                self.opts.pk.to_python(pk)
        except ValidationError:
            self.message_user(request, _("所选的记录无效,请重新选择。"), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


def guard_registered_admins():
    """Gives the admins other apps registered before ours (users, groups, axes' login
    records) the same guard: Django's own lists have the same holes."""
    for model in apps.get_models():
        if admin.site.is_registered(model):
            model_admin = type(admin.site.get_model_admin(model))
            if not issubclass(model_admin, JunkInputAdmin):
                admin.site.unregister(model)
                admin.site.register(
                    model, type(model_admin.__name__, (JunkInputAdmin, model_admin), {})
                )


def name_permissions_in_chinese():
    for model in (User, Group):
        model_admin = type(admin.site.get_model_admin(model))
        admin.site.unregister(model)
        admin.site.register(
            model, type(model_admin.__name__, (PermissionNamesAdmin, model_admin), {})
        )


guard_registered_admins()
name_permissions_in_chinese()


def fit_login_record_lists():
    """axes' login records list the browser's whole user agent, one unbreakable line wider
    than a 1366 px screen: it stays on each record's page and in the search."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        if admin.site.is_registered(model):
            model_admin = admin.site.get_model_admin(model)
            model_admin.list_display = [f for f in model_admin.list_display if f != "user_agent"]


fit_login_record_lists()


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
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("文件超过 %(mb)s MB,请拆分后再导入。") % {"mb": limit // (1024 * 1024)}
            )
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
        return resources.column_name(resource, field_name)


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
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        upload = request.FILES.get("import_file")
        if request.method == "POST" and upload is not None and not context.get("confirm_form"):
            form, result = context.get("form"), context.get("result")
            errors = list(getattr(result, "error_lines", []))
            if form is not None:
                errors += [str(m) for messages_ in form.errors.values() for m in messages_]
            self._record(request, upload.name, upload, errors=errors or [_("文件未通过检查。")])
            stored = getattr(upload, "tmp_storage_name", None)
            if stored:
                DatabaseStorage(name=stored).remove()
        if context.get("form") is not None:
            context["template_url"] = reverse(
                "admin:{}_{}_import_template".format(*self.get_model_info())
            )
            context["import_columns"] = self._columns(request)
        return response

    def _columns(self, request):
        resource = self.get_import_resource_classes(request)[0]()
        keys = set(resource._meta.import_id_fields)
        return [
            (f.column_name, name in keys) for name, f in resource.fields.items() if not f.readonly
        ]

    def _record(self, request, file_name, upload=None, *, data=None, result=None, errors=()):
        if data is None:
            upload.seek(0)
            data = upload.read() if upload.size <= settings.IMPORT_MAX_BYTES else b""
        services.record_import(
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
        self._record(request, file_name, data=data, result=result)
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


class ZoneModelAdmin(JunkInputAdmin, SafeRelationsAdmin, SimpleHistoryAdmin):
    """Every record's admin: history with revert, deleted-record recovery, no lost edits.

    Whether a user may change or delete a record, and every save (forms, inline rows, reverts
    and restores alike), is decided by rules.py.
    """

    form = VersionedForm
    formfield_overrides = DECIMAL_OVERRIDES
    list_per_page = 50
    change_list_template = "admin/hightech_zone/change_list.html"
    change_form_template = "admin/hightech_zone/change_form.html"
    object_history_form_template = "admin/hightech_zone/revert_form.html"

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        deleted = self.admin_site.admin_view(self.deleted_view)
        propose = self.admin_site.admin_view(self.propose_view)
        return [
            path("deleted/", deleted, name="{}_{}_deleted".format(*info)),
            path("<path:object_id>/propose/", propose, name="{}_{}_propose".format(*info)),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return rules.may_change(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return rules.may_delete(request.user, obj)

    def save_formset(self, request, form, formset, change):
        deleted = set(formset.deleted_forms)
        for row in formset.forms:
            if rules.has_state(formset.model) and row not in deleted and row.has_changed():
                services.apply_status(record=row.instance, user=request.user, before=row.before)
        super().save_formset(request, form, formset, change)

    def get_historical_record_context_helper(self, request, historical_record):
        return ChangeDisplay(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Revert a record to an earlier version, or restore a deleted one.

        Either way the result is a new version, saved through the same form, staleness check
        and rules as any other save: a revert brings back the version's content and keeps the
        record's present publication state; a restored record starts as a draft unless a
        publisher publishes it in the same step. django-simple-history's own view checks only
        the view permission, judges the historical row's state instead of the record's, and
        runs outside a transaction.
        """
        with transaction.atomic(using=router.db_for_write(self.model)):
            return self._revert_view(request, object_id, version_id, extra_context)

    def _revert_view(self, request, object_id, version_id, extra_context):
        request.current_app = self.admin_site.name
        opts = self.model._meta
        history = self.model.history.model
        try:
            pk = opts.pk.to_python(unquote(object_id))
            version = self.model.history.get(**{opts.pk.attname: pk, "history_id": int(version_id)})
        except (ValidationError, ValueError, history.DoesNotExist):
            raise Http404 from None
        current = self.get_object(request, str(pk))
        restoring = current is None
        if restoring:
            obj = restored_draft(version)
            may_view, may_save = self.has_view_permission(request), self.has_add_permission(request)
        else:
            obj = current
            may_view = self.has_view_permission(request, current)
            may_save = self.has_change_permission(request, current)
        if not may_view or (request.method == "POST" and not may_save):
            raise PermissionDenied
        if not may_save:  # shown, never saved: the version itself, read-only
            obj = version.instance
        form_class = self.get_form(request, current, change=not restoring)
        initial = version_initial(version, form_class, publication=restoring)
        if request.method == "POST":
            form = form_class(request.POST, request.FILES, instance=obj, initial=initial)
            if form.is_valid():
                record = self.save_form(request, form, change=True)
                record._change_reason = revert_reason(version, restoring=restoring)
                if restoring:  # versions only grow, across a deletion too
                    last = self.model.history.filter(**{opts.pk.attname: pk})
                    record.version = last.aggregate(v=Max("version"))["v"] + 1
                self.save_model(request, record, form, change=True)
                form.save_m2m()
                self.log_change(request, record, record._change_reason)
                return self.response_change(request, record)
        else:
            form = form_class(instance=obj, initial=initial)
        fieldsets = self.get_fieldsets(request, current)
        readonly = self.get_readonly_fields(request, current)
        if not may_save:  # as Django's own change form shows a record its user may only view
            readonly = flatten_fieldsets(fieldsets)
        url = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_%s"
        context = self.form_page_context(
            request,
            form,
            fieldsets,
            readonly,
            obj,
            title=(_("恢复%(name)s的历史版本") if may_save else _("查看%(name)s的历史版本"))
            % {"name": opts.verbose_name},
            version=version,
            restoring=restoring,
            change_url="" if restoring else reverse(url % "change", args=[pk]),
            deleted_url=reverse(url % "deleted"),
            revert_disabled=not may_save,
            change_history=False,
            has_view_permission=may_view,
            has_change_permission=may_save,
            **(extra_context or {}),
        )
        return TemplateResponse(request, self.object_history_form_template, context)

    def form_page_context(self, request, form, fieldsets, readonly, obj, **extra):
        """What Django's change-form template needs, for our own pages built on it (revert,
        restore, propose a revision)."""
        opts = self.model._meta
        admin_form = helpers.AdminForm(form, fieldsets, {}, readonly, model_admin=self)
        url = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_%s"
        return {
            **self.admin_site.each_context(request),
            "adminform": admin_form,
            "object_id": obj.pk,
            "original": obj,
            "is_popup": False,
            "media": self.media + admin_form.media,
            "errors": helpers.AdminErrorList(form, []),
            "app_label": opts.app_label,
            "original_opts": opts,
            "opts": opts,
            "changelist_url": reverse(url % "changelist"),
            "history_url": reverse(url % "history", args=[obj.pk]),
            "add": False,
            "change": True,
            "has_add_permission": self.has_add_permission(request),
            "has_delete_permission": False,
            "has_editable_inline_admin_formsets": False,
            "has_file_field": True,
            "has_absolute_url": False,
            "form_url": "",
            "content_type_id": ContentType.objects.get_for_model(self.model).pk,
            "save_as": False,
            "save_on_top": self.save_on_top,
            "inline_admin_formsets": [],
            **extra,
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self.get_object(request, unquote(object_id))
        extra_context = dict(extra_context or {})
        if record is not None:
            opts = self.model._meta
            if rules.may_propose(request.user, record) and not rules.may_change(
                request.user, record
            ):
                extra_context["propose_url"] = reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_propose", args=[record.pk]
                )
            pending = Revision.objects.of(record).pending().count()
            if pending:
                extra_context["pending_revisions"] = pending
                extra_context["revisions_url"] = (
                    reverse("admin:hightech_zone_revision_changelist")
                    + f"?content_type__id__exact={ContentType.objects.get_for_model(record).pk}"
                    + f"&object_id={record.pk}&state__exact=pending"
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def propose_view(self, request, object_id):
        """An editor's change to a public record, kept as a revision until a publisher
        publishes it (hightech_zone.revisions); the record and the public pages stay as
        they are."""
        with transaction.atomic(using=router.db_for_write(self.model)):
            return self._propose_view(request, object_id)

    def _propose_view(self, request, object_id):
        record = self.get_object(request, unquote(object_id))
        if record is None:
            raise Http404
        if not rules.may_propose(request.user, record):
            raise PermissionDenied
        # Built as for a record one may change: Django narrows the form of a record its user
        # may not change to read-only fields. Uploads cannot wait in a revision.
        fieldsets = self.get_fieldsets(request, record)
        names = flatten_fieldsets(fieldsets)
        uploads = [n for n in names if isinstance(getattr(self.model, n, None), FileDescriptor)]
        readonly = [*self.get_readonly_fields(request, record), *uploads]
        editable = [n for n in names if n not in readonly]
        base = self.get_form(request, record, change=False, fields=editable)
        form_class = proposal_form(base)
        fieldsets = [*fieldsets, (_("修订说明"), {"fields": ["revision_note"]})]
        if request.method == "POST":
            form = form_class(request.POST, instance=record)
            if form.is_valid():
                try:
                    revision = revisions.propose(
                        user=request.user, form=form, note=form.cleaned_data["revision_note"]
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.message_user(
                        request,
                        _("已提交修订草稿 #%(pk)s。审核发布人员发布之前,公众看到的仍是现在的内容。")
                        % {"pk": revision.pk},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:hightech_zone_revision_change", args=[revision.pk])
                    )
        else:
            form = form_class(instance=record)
        context = self.form_page_context(
            request,
            form,
            fieldsets,
            readonly,
            record,
            title=_("对%(name)s提出修改") % {"name": self.model._meta.verbose_name},
            has_view_permission=True,
            has_change_permission=True,
        )
        return TemplateResponse(request, "admin/hightech_zone/propose_form.html", context)

    def deleted_view(self, request):
        """Records that were deleted, each with a link to restore its last version."""
        if not self.has_add_permission(request) and not self.has_view_permission(request):
            raise PermissionDenied
        existing = self.model.objects.values_list("pk", flat=True)
        deletions = (
            self.model.history.filter(history_type="-")
            .exclude(id__in=existing)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )
        # A record deleted, restored and deleted again is listed once, by its last deletion.
        latest = {}
        for deletion in deletions:
            latest.setdefault(deletion.id, deletion)
        records = list(latest.values())
        context = {
            **self.admin_site.each_context(request),
            "title": _("已删除的%(name)s") % {"name": self.model._meta.verbose_name},
            "opts": self.model._meta,
            "records": records,
            "can_restore": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/hightech_zone/deleted.html", context)


def restored_draft(version):
    """A deleted record as its last version held it, back in the draft state: only a
    publisher may put it on a public page again."""
    record = version.instance
    record._state.adding = True
    if rules.has_state(type(record)):
        record.status = PublicationStatus.DRAFT
        record.published_at = record.published_by = record.withdrawn_at = None
        record.withdrawn_reason = ""
    return record


def version_initial(version, form_class, *, publication):
    """What the revert form starts from: the version's values of the form's fields, its
    relations included; its publication state only when ``publication`` (a restore)."""
    model = version.instance_type
    skip = {"loaded_version"} if publication else {"loaded_version", "status", "withdrawn_reason"}
    initial = {}
    for name in form_class.base_fields:
        if name in skip:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.many_to_many:
            target = get_m2m_reverse_field_name(field)
            initial[name] = list(getattr(version, name).values_list(target, flat=True))
        else:
            initial[name] = field.value_from_object(version.instance)
    return initial


def revert_reason(version, *, restoring):
    text = (
        _("恢复已删除的记录(第%(version)s版,%(date)s)")
        if restoring
        else _("恢复为第%(version)s版(%(date)s)的内容")
    )
    return text % {
        "version": version.version,
        "date": date_format(localtime(version.history_date), "DATETIME_FORMAT"),
    }


class PublishableAdmin(ZoneModelAdmin):
    """Editors prepare drafts; only publishers publish, withdraw, or change what is public."""

    list_filter = ["status"]
    actions = ["publish_selected", "return_selected_to_draft"]

    def can_publish(self, request):
        return rules.can_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        fields = ["published_at", "published_by", "withdrawn_at", "created_at", "updated_at"]
        if not self.can_publish(request):
            fields += ["status", "withdrawn_reason"]
        return [*super().get_readonly_fields(request, obj), *fields]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.can_publish(request):
            actions.pop("publish_selected", None)
            actions.pop("return_selected_to_draft", None)
        return actions

    def save_model(self, request, obj, form, change):
        services.apply_status(record=obj, user=request.user, before=form.before)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("发布所选记录"))
    def publish_selected(self, request, queryset):
        for record in queryset:
            services.publish(record=record, user=request.user)
        self.message_user(request, _("已发布 %(n)s 条记录。") % {"n": len(queryset)})

    @admin.action(description=_("将所选记录退回草稿(不再公开)"))
    def return_selected_to_draft(self, request, queryset):
        for record in queryset:
            services.return_to_draft(record=record, user=request.user)
        self.message_user(request, _("已退回草稿 %(n)s 条记录。") % {"n": len(queryset)})


@admin.register(ZoneProfile)
class ZoneProfileAdmin(ZoneModelAdmin):
    formfield_overrides = {**DECIMAL_OVERRIDES, models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "short_name", "founded_year", "area_km2", "population_wan"]
    search_fields = ["name", "short_name"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "administrative_status", "loaded_version"]}),
        (_("沿革"), {"fields": [("founded_year", "founded_month"), "origin"]}),
        (_("自然情况"), {"fields": [("area_km2", "population_wan"), "location", "transport"]}),
        (_("介绍与联系方式"), {"fields": ["overview", "address", "phone", "website"]}),
    ]

    def has_add_permission(self, request):
        # One zone per installation: the profile is edited, never added twice.
        return super().has_add_permission(request) and not ZoneProfile.objects.exists()


@admin.register(Designation)
class DesignationAdmin(SpreadsheetAdmin, PublishableAdmin):
    resource_classes = [resources.DesignationResource]
    list_display = ["name", "granting_body", "year", "month", "display_order", "status"]
    list_filter = ["status", "year", "granting_body"]
    search_fields = ["name", "granting_body", "description"]
    ordering = ["display_order", "year"]


class GuardedInline(SafeRelationsAdmin):
    """Inline rows get the same protections as their own pages.

    Each row is a VersionedForm: a stale row is refused and every added or changed row passes
    the rules of rules.py; a deleted row is judged as a deletion. Only a publisher sees the
    publication state as a field.
    """

    form = VersionedForm
    formfield_overrides = DECIMAL_OVERRIDES

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if rules.has_state(self.model) and not rules.can_publish(request.user, self.model):
            fields.append("status")
        return fields

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        form = type(formset.form.__name__, (formset.form,), {"user": request.user})
        return type(formset.__name__, (RuledFormSet, formset), {"form": form})


class RuledFormSet:
    """Deleted rows skip their forms' checks in Django's formsets; they are checked here."""

    def clean(self):
        super().clean()
        for row in self.deleted_forms:
            if row.instance.pk is None:
                continue
            if row.non_field_errors():  # stale, or the record is gone
                raise ValidationError(row.non_field_errors())
            try:
                rules.check_write(user=row.user, before=row.before, after=None)
            except PermissionDenied as denied:
                raise ValidationError(str(denied), code="denied") from None


class IndicatorValueInline(GuardedInline, admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = [
        "year",
        "value",
        "qualifier",
        "growth_pct",
        "rank",
        "rank_scope",
        "rank_basis",
        "rank_change",
        "status",
        "loaded_version",
    ]
    ordering = ["-year"]
    show_change_link = True


class ComponentInline(GuardedInline, admin.TabularInline):
    model = Indicator
    fk_name = "parent"
    extra = 0
    fields = ["code", "name", "unit", "display_order", "status", "loaded_version"]
    verbose_name = _("组成指标")
    verbose_name_plural = _("组成指标(构成比的各部分)")
    show_change_link = True


@admin.register(Indicator)
class IndicatorAdmin(SpreadsheetAdmin, PublishableAdmin):
    resource_classes = [resources.IndicatorResource]
    # Chosen to fit a 1366 px screen beside the sidebars; kind and parent are list filters.
    list_display = [
        "name",
        "code_display",
        "unit",
        "category",
        "is_headline",
        "value_count",
        "status",
    ]
    list_display_links = ["name", "code_display"]
    list_filter = ["category", "kind", "is_headline", "status", "unit"]
    search_fields = ["code", "name", "definition"]
    ordering = ["category", "display_order", "code"]
    autocomplete_fields = ["parent", "change_of"]
    inlines = [IndicatorValueInline, ComponentInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "unit", "category", "kind", "parent"]}),
        (_("说明与显示"), {"fields": ["definition", "display_order", "is_headline"]}),
        (
            _("一致性检查"),
            {"fields": ["counts_platform_kind", "counts_platform_level", "change_of"]},
        ),
        (_("发布"), {"fields": PUBLICATION_FIELDS}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .annotate(_value_count=Count("values"))
        )

    @admin.display(description=_("指标代码"), ordering="code")
    def code_display(self, obj):
        # A long code (univ_park_ceremony_signed_projects) may break after its underscores.
        return format_html_join(
            mark_safe("_<wbr>"), "{}", ((part,) for part in obj.code.split("_"))
        )

    @admin.display(description=_("数值条数"), ordering="_value_count")
    def value_count(self, obj):
        return obj._value_count


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SpreadsheetAdmin, PublishableAdmin):
    resource_classes = [resources.IndicatorValueResource]
    import_formats = [Spreadsheet, YearColumns]
    list_display = [
        "indicator",
        "year",
        "display_value",
        "display_growth",
        "display_rank",
        "status",
    ]
    list_filter = ["year", "indicator__category", "status", "rank_basis"]
    search_fields = ["indicator__name", "indicator__code", "note", "source", "rank_scope"]
    ordering = ["-year", "indicator__category", "indicator__display_order"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator"]
    fieldsets = [
        (None, {"fields": ["indicator", "year", ("value", "qualifier")]}),
        (_("前后对比"), {"fields": [("baseline_value", "baseline_qualifier")]}),
        (_("增长"), {"fields": ["growth_pct", "prior_multiple"]}),
        (_("排名"), {"fields": ["rank", "rank_scope", "rank_basis", "rank_change"]}),
        (_("说明"), {"fields": ["note", "source", "acknowledged_discrepancy"]}),
        (_("发布"), {"fields": PUBLICATION_FIELDS}),
    ]

    def get_urls(self):
        by_year = self.admin_site.admin_view(self.export_by_year_view)
        return [
            path("export-by-year/", by_year, name="hightech_zone_indicatorvalue_export_by_year"),
            *super().get_urls(),
        ]

    def export_by_year_view(self, request):
        """The values the list shows (its filters apply), as 指标 | 单位 | one column per year."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        try:
            values = self.get_export_queryset(request)
        except IncorrectLookupParameters:
            return bad_request(request, BAD_EXPORT_FILTER)
        dataset = values_by_year(values)
        dataset.title = "按年份"
        response = HttpResponse(XLSX().export_data(dataset), content_type=XLSX.CONTENT_TYPE)
        name = f"{self.model._meta.verbose_name_plural}-按年份-{localdate():%Y-%m-%d}.xlsx"
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response

    @admin.display(description=_("数值"), ordering="value")
    def display_value(self, obj):
        return obj.display_value or "—"

    @admin.display(description=_("同比增长"), ordering="growth_pct")
    def display_growth(self, obj):
        return obj.display_growth or "—"

    @admin.display(description=_("排名"))
    def display_rank(self, obj):
        return obj.display_rank or "—"


@admin.register(InnovationPlatform)
class InnovationPlatformAdmin(SpreadsheetAdmin, PublishableAdmin):
    resource_classes = [resources.InnovationPlatformResource]
    list_display = [
        "name",
        "kind",
        "level",
        "host_organisation",
        "year_recognised",
        "operating_state",
        "status",
    ]
    list_filter = ["kind", "level", "status", "year_recognised"]
    search_fields = ["name", "host_organisation", "description"]
    ordering = ["kind", "name"]


class ProjectProgressInline(GuardedInline, admin.TabularInline):
    model = ProjectProgress
    extra = 1
    ordering = ["-year"]


class ProjectStageFilter(admin.SimpleListFilter):
    title = _("最新建设阶段")
    parameter_name = "stage"

    def lookups(self, request, model_admin):
        return ProjectStage.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(latest_stage=self.value())
        return queryset


@admin.register(Project)
class ProjectAdmin(SpreadsheetAdmin, PublishableAdmin):
    resource_classes = [resources.ProjectResource]
    # Chosen to fit a 1366 px screen beside the sidebars; the investor and platform are on
    # the project's page and found by the search.
    list_display = [
        "name",
        "phase",
        "industry",
        "total_investment",
        "latest_stage_display",
        "latest_year",
        "status",
    ]
    list_filter = [ProjectStageFilter, "progress__year", "industry", "status"]
    search_fields = ["name", "investor", "summary", "progress__progress"]
    ordering = ["name"]
    autocomplete_fields = ["platform"]
    list_select_related = ["platform"]
    inlines = [ProjectProgressInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_latest_progress()

    @admin.display(description=_("最新建设阶段"), ordering="latest_stage")
    def latest_stage_display(self, obj):
        return ProjectStage(obj.latest_stage).label if obj.latest_stage else "—"

    @admin.display(description=_("最新年度"), ordering="latest_year")
    def latest_year(self, obj):
        return obj.latest_year or "—"


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(SpreadsheetAdmin, PublishableAdmin):
    resource_classes = [resources.PolicyDocumentResource]
    list_display = [
        "title",
        "doc_number",
        "issuing_body",
        "kind",
        "category",
        "validity",
        "year",
        "published_on",
        "status",
    ]
    list_filter = ["validity", "category", "kind", "year", "issuing_body", "status"]
    search_fields = ["title", "doc_number", "index_number", "issuing_body", "summary", "body"]
    ordering = ["-year", "title"]
    date_hierarchy = "published_on"
    fieldsets = [
        (
            None,
            {"fields": ["title", "index_number", "doc_number", "issuing_body", "kind", "category"]},
        ),
        (
            _("时效"),
            {
                "fields": [
                    "validity",
                    "year",
                    ("written_on", "published_on"),
                    ("effective_on", "expires_on"),
                ]
            },
        ),
        (_("内容"), {"fields": ["summary", "body", "attachment"]}),
        (_("发布"), {"fields": PUBLICATION_FIELDS}),
    ]


class ReportSectionInline(GuardedInline, admin.StackedInline):
    model = ReportSection
    extra = 0
    ordering = ["order"]
    autocomplete_fields = ["indicators", "projects", "policies", "platforms"]


@admin.register(WorkReport)
class WorkReportAdmin(PublishableAdmin):
    change_form_template = "admin/hightech_zone/workreport/change_form.html"

    list_display = ["year", "title", "issuing_body", "issued_on", "section_count", "status"]
    list_display_links = ["year", "title"]
    list_filter = ["status", "year"]
    search_fields = ["title", "issuing_body", "sections__heading", "sections__body"]
    ordering = ["-year"]
    inlines = [ReportSectionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_section_count=Count("sections"))

    @admin.display(description=_("章节数"), ordering="_section_count")
    def section_count(self, obj):
        return obj._section_count

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<int:pk>/preview/", preview, name="hightech_zone_workreport_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        """The report as the public will read it, with every dangling reference flagged."""
        report = get_object_or_404(WorkReport, pk=pk)
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        include_drafts = request.GET.get("drafts") == "1"
        sections = list(report.sections.order_by("order"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("预览:%(report)s") % {"report": report},
            "opts": self.model._meta,
            "original": report,
            "report": report,
            "rendered": render_report(report, sections, published_only=not include_drafts),
            "include_drafts": include_drafts,
            "preview": True,
        }
        return TemplateResponse(request, "admin/hightech_zone/workreport/preview.html", context)


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


class RecordedOnlyAdmin(JunkInputAdmin, admin.ModelAdmin):
    """Records the application writes itself (revisions, import logs): staff read them, and
    act on them only through the application's own views."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportSection)
class ReportSectionAdmin(ZoneModelAdmin):
    list_display = ["heading", "report", "order"]
    list_filter = ["report__year"]
    search_fields = ["heading", "body"]
    ordering = ["-report__year", "order"]
    list_select_related = ["report"]
    autocomplete_fields = ["report", "indicators", "projects", "policies", "platforms"]


@admin.register(ProjectProgress)
class ProjectProgressAdmin(ZoneModelAdmin):
    list_display = ["project", "year", "stage"]
    list_filter = ["year", "stage"]
    search_fields = ["project__name", "progress"]
    ordering = ["-year", "project__name"]
    list_select_related = ["project"]
    autocomplete_fields = ["project"]


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


@admin.register(ImportRecord)
class ImportRecordAdmin(RecordedOnlyAdmin):
    """The log of spreadsheet imports; written by the import itself, never by hand."""

    change_list_template = "admin/change_list.html"  # not the records' list with its tools
    list_display = [
        "created_at",
        "user",
        "record_type",
        "file_name",
        "outcome",
        "rows_total",
        "rows_created",
        "rows_updated",
        "rows_skipped",
    ]
    list_filter = ["outcome", "record_type", "created_at"]
    search_fields = ["file_name", "user__username", "errors"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]


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
