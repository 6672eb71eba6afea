"""The base classes every record's admin builds on: guarded input, history with revert and
restore, proposals for published records, inlines under the same write rules."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import DatabaseError, router, transaction
from django.db.models import Max
from django.db.models.fields.files import FileDescriptor
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_m2m_reverse_field_name

from .. import publishing, revisions, rules
from ..models import (
    PublicationStatus,
    Revision,
)
from .figures import DECIMAL_OVERRIDES
from .forms import VersionedForm, proposal_form
from .history_display import ChangeDisplay
from .relation_fields import SafeRelationsAdmin

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
    a date-hierarchy year whose range ends past 9999 (?published_on__year=9999), on SQLite a
    relation's id too large for an integer (?groups__exact=99999999999999999999), and any
    lookup the database refuses: Django allows every lookup on a list's own fields, so
    ?username__regex=( reaches the database, as does a JSON lookup SQLite lacks."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request):
        try:
            return super().get_results(request)
        except (OverflowError, DatabaseError) as error:
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
            return super().response_action(request, queryset)
        except (ValidationError, OverflowError):  # an id SQLite cannot hold
            self.message_user(request, _("所选的记录无效,请重新选择。"), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


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

    # What staff search besides the text the public search reads (the model's searched_fields).
    staff_search_fields = ()

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        if not self.search_fields:
            self.search_fields = [*getattr(model, "searched_fields", ()), *self.staff_search_fields]

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
                publishing.apply_status(record=row.instance, user=request.user, before=row.before)
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
        publishing.apply_status(record=obj, user=request.user, before=form.before)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("发布所选记录"))
    def publish_selected(self, request, queryset):
        for record in queryset:
            publishing.publish(record=record, user=request.user)
        self.message_user(request, _("已发布 %(n)s 条记录。") % {"n": len(queryset)})

    @admin.action(description=_("将所选记录退回草稿(不再公开)"))
    def return_selected_to_draft(self, request, queryset):
        for record in queryset:
            publishing.return_to_draft(record=record, user=request.user)
        self.message_user(request, _("已退回草稿 %(n)s 条记录。") % {"n": len(queryset)})


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


class RecordedOnlyAdmin(JunkInputAdmin, admin.ModelAdmin):
    """Records the application writes itself (revisions, import logs): staff read them, and
    act on them only through the application's own views."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
