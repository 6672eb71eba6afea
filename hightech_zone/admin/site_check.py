"""The site check in the admin: the 网站检查 page, and the column intervals staff set."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..models import COLUMN_CATEGORIES, DEFAULT_INTERVAL_DAYS, Column, ColumnSchedule
from ..rules import check_write
from ..site_check.columns import WARNING_MAX_DAYS, column_states
from ..site_check.findings import CHECK_LABELS, EMPTY, EXTERNAL_LINK, OVERDUE
from ..site_check.runs import last_runs, run_site_check, store_run
from .base import JunkInputAdmin

VIEW_PERMISSION = "hightech_zone.view_columnschedule"
RUN_PERMISSION = "hightech_zone.add_sitecheckrun"
# A zone's first run may find thousands (every policy without its 索引号); the page lists the
# first of each kind, the command lists them all.
SHOWN_PER_CHECK = 100


def category_choices():
    """The categories, grouped by their column, for the interval form's select."""
    groups = [("", _("(整个栏目)"))]
    for column, categories in COLUMN_CATEGORIES.items():
        if categories is not None:
            groups.append((column.label, list(categories.choices)))
    return groups


class ColumnScheduleForm(forms.ModelForm):
    category = forms.ChoiceField(label=_("分类"), required=False, choices=category_choices)

    class Meta:
        model = ColumnSchedule
        fields = ["column", "category", "interval_days"]
        help_texts = {
            "category": _("不选表示整个栏目;未单独设置的分类沿用栏目的周期。"),
        }


@admin.register(ColumnSchedule)
class ColumnScheduleAdmin(JunkInputAdmin, admin.ModelAdmin):
    """Intervals staff set; a column or category without one keeps the inspection's default."""

    form = ColumnScheduleForm
    # Not the records' list and form, with their import, deleted-records and proposal tools.
    change_list_template = "admin/change_list.html"
    change_form_template = "admin/change_form.html"
    list_display = ["column", "category_name", "interval_days"]
    list_filter = ["column"]

    @admin.display(description=_("分类"))
    def category_name(self, schedule):
        if not schedule.category:
            return _("(整个栏目)")
        return dict(COLUMN_CATEGORIES[Column(schedule.column)].choices).get(
            schedule.category, schedule.category
        )

    def save_model(self, request, obj, form, change):
        before = ColumnSchedule.objects.get(pk=obj.pk) if change else None
        check_write(user=request.user, before=before, after=obj)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        check_write(user=request.user, before=obj, after=None)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for schedule in queryset:
            check_write(user=request.user, before=schedule, after=None)
        super().delete_queryset(request, queryset)


def site_check_view(request):
    """网站检查: each column's freshness (read now), and the last run's other findings.

    The columns cost a fixed number of queries and are read live; the links and files are
    read by a run (the button here, or manage.py check_site), which is stored. External
    links are only ever checked by the command.
    """
    if not request.user.has_perm(VIEW_PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        if not request.user.has_perm(RUN_PERMISSION):
            raise PermissionDenied  # 只读 reads the page; a run is stored
        try:
            store_run(run_site_check(external=False))
        except DatabaseError:
            messages.error(request, _("检查未完成:数据库暂时无法访问,请稍后再试。"))
        else:
            messages.success(request, _("已完成检查(不含外部链接)。"))
        return HttpResponseRedirect(reverse("admin_site_check"))
    columns = column_states()
    runs = last_runs()
    found = [f for f in runs.findings() if f.check not in (OVERDUE, EMPTY)]
    groups = []
    for check, label in CHECK_LABELS.items():
        if check not in (OVERDUE, EMPTY):
            listed = [f for f in found if f.check == check]
            groups.append(
                {
                    "check": check,
                    "label": label,
                    "count": len(listed),
                    "findings": listed[:SHOWN_PER_CHECK],
                    "more": max(len(listed) - SHOWN_PER_CHECK, 0),
                }
            )
    context = {
        **admin.site.each_context(request),
        "title": _("网站检查"),
        "columns": columns,
        "failing_columns": sum(1 for c in columns if c.failing),
        "run": runs.run,
        "external_run": runs.external_run,
        "groups": groups,
        "external_label": CHECK_LABELS[EXTERNAL_LINK],
        "problem_total": len(found),
        "defaults": [(c.label, DEFAULT_INTERVAL_DAYS[c]) for c in Column],
        "warning_days": WARNING_MAX_DAYS,
        "can_set_intervals": request.user.has_perm("hightech_zone.change_columnschedule"),
        "can_run": request.user.has_perm(RUN_PERMISSION),
    }
    return TemplateResponse(request, "admin/site_check.html", context)
