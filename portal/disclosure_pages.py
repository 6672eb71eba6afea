"""The 政府信息公开工作年度报告 on the portal: the published reports by year, one report's six
parts with its tables, and its XLSX."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from hightech_zone.disclosure import (
    RESULT_LABELS,
    appeal_table,
    applicant_headings,
    policy_counts,
    request_table,
)
from hightech_zone.models import DisclosureReport
from hightech_zone.report_workbooks import disclosure_response

from .public_pages import ProfileMixin


class DisclosureListView(ProfileMixin, ListView):
    template_name = "portal/disclosurereport_list.html"
    context_object_name = "reports"

    def get_queryset(self):
        return DisclosureReport.objects.published().only(
            "year", "title", "issuing_body", "issued_on"
        )


class DisclosureDetailView(ProfileMixin, DetailView):
    """A report as published (or withdrawn, with its notice); a draft is not found."""

    template_name = "portal/disclosurereport_detail.html"
    context_object_name = "report"

    def get_object(self):
        return get_object_or_404(DisclosureReport.objects.public(), year=self.kwargs["year"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        context.update(
            policy_counts=policy_counts(report.year),
            request_table=request_table(report.request_rows.all()),
            organisation_headings=applicant_headings()[1:],
            result_labels=[str(label) for label in RESULT_LABELS.values()],
            appeal_table=appeal_table(report),
            paragraphs={
                name: [line.strip() for line in getattr(report, name).splitlines() if line.strip()]
                for name in ("overview", "problems", "other_matters")
            },
        )
        return context


def disclosure_xlsx(request, year):
    """A public report's XLSX, laid out as the official tables; 404 for a draft."""
    report = get_object_or_404(DisclosureReport.objects.public(), year=year)
    return disclosure_response(report)
