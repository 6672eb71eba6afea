"""sitemap.xml (the public pages, every published record, both languages) and robots.txt."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from hightech_zone.models import (
    DisclosureReport,
    Indicator,
    InnovationPlatform,
    PolicyDocument,
    Project,
    WorkReport,
)

DEFAULT_ADMIN_URL = "admin/"

# The pages of the main navigation and the other pages that are not a record's.
PAGES = (
    "home",
    "report_list",
    "indicator_list",
    "project_list",
    "policy_list",
    "platform_list",
    "open_data",
    "disclosure_list",
)


class BilingualSitemap(Sitemap):
    """Each address under / and /en/, each with the other as its hreflang alternate."""

    i18n = True
    alternates = True
    x_default = True


class PageSitemap(BilingualSitemap):
    changefreq = "weekly"

    def items(self):
        return PAGES

    def location(self, item):
        return reverse(f"portal:{item}")


class RecordSitemap(BilingualSitemap):
    """A record type's published records, lastmod their last change; a query per page of the
    sitemap (and one to count them), whatever their number."""

    model = None
    fields = ("pk",)

    def items(self):
        return self.model.objects.published().only(*self.fields, "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # The index's date for the section, in one query (Django's reads every record).
        return self.model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class ReportSitemap(RecordSitemap):
    model = WorkReport
    fields = ("year",)


class DisclosureSitemap(RecordSitemap):
    model = DisclosureReport
    fields = ("year",)


class IndicatorSitemap(RecordSitemap):
    model = Indicator
    fields = ("code",)


def record_sitemap(record_model):
    return type(f"{record_model.__name__}Sitemap", (RecordSitemap,), {"model": record_model})


SITEMAPS = {
    "pages": PageSitemap,
    "reports": ReportSitemap,
    "indicators": IndicatorSitemap,
    "projects": record_sitemap(Project),
    "policies": record_sitemap(PolicyDocument),
    "platforms": record_sitemap(InnovationPlatform),
    "disclosure": DisclosureSitemap,
}


@require_GET
def robots_txt(request):
    """Crawl everything public; not the API (JSON pages of the same records) nor search
    results. The admin is named only at its well-known default address: DJANGO_ADMIN_URL may
    be a secret path, and robots.txt is the first file an attacker reads."""
    lines = ["User-agent: *", "Allow: /"]
    if settings.ADMIN_URL == DEFAULT_ADMIN_URL:
        lines.append(f"Disallow: /{DEFAULT_ADMIN_URL}")
    lines += [
        "Disallow: /api/",
        f"Disallow: {reverse('portal:search')}",
        "Disallow: /en/search/",
        "Disallow: /i18n/",
        # Actions, not content: the 适老化 switch and the error-report form.
        f"Disallow: {reverse('portal:display_mode')}",
        "Disallow: /en/accessibility/",
        f"Disallow: {reverse('portal:report_error')}",
        "Disallow: /en/report-error/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
