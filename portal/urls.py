"""The public portal's addresses, under / in Chinese and /en/ in English."""

from django.urls import path

from . import disclosure_pages, display_mode, error_reports, feeds, views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/<int:year>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:year>/pdf/", views.ReportPdfView.as_view(), name="report_pdf"),
    path("disclosure/", disclosure_pages.DisclosureListView.as_view(), name="disclosure_list"),
    path(
        "disclosure/<int:year>/",
        disclosure_pages.DisclosureDetailView.as_view(),
        name="disclosure_detail",
    ),
    path("disclosure/<int:year>/xlsx/", disclosure_pages.disclosure_xlsx, name="disclosure_xlsx"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator_list"),
    path("indicators/<slug:code>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("policies/", views.PolicyListView.as_view(), name="policy_list"),
    path("policies/<int:pk>/", views.PolicyDetailView.as_view(), name="policy_detail"),
    path("policies/<int:pk>/attachment/", views.policy_attachment, name="policy_attachment"),
    path("platforms/", views.PlatformListView.as_view(), name="platform_list"),
    path("platforms/<int:pk>/", views.PlatformDetailView.as_view(), name="platform_detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("data/", views.OpenDataView.as_view(), name="open_data"),
    path("report-error/", error_reports.report_error, name="report_error"),
    path("report-error/thanks/", error_reports.report_error_thanks, name="report_error_thanks"),
    path("accessibility/", display_mode.switch_mode, name="display_mode"),
    path("feeds/policies/", feeds.PolicyFeed(), name="policy_feed"),
    path("feeds/reports/", feeds.ReportFeed(), name="report_feed"),
    path("feeds/projects/", feeds.ProjectFeed(), name="project_feed"),
]
