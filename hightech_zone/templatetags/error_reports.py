"""{% error_report_summary %}: the answer times of 我为政府网站找错, for any admin page (the
site-check dashboard, the reports' own list)."""

from django import template

from .. import error_reports

register = template.Library()


@register.inclusion_tag("admin/includes/error_report_summary.html")
def error_report_summary():
    return {"summary": error_reports.answer_times()}
