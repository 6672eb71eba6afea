"""The <meta> tags inspectors' crawlers read (SiteName, ColumnName, ArticleTitle…), in one place."""

from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy

from hightech_zone.models import Column

# The column (栏目) of each page: its section of the main navigation, by URL name.
# The watched columns' names are the site check's (hightech_zone.models.Column).
COLUMNS = {
    "home": gettext_lazy("首页"),
    "report_list": Column.REPORTS.label,
    "report_detail": Column.REPORTS.label,
    "indicator_list": Column.INDICATORS.label,
    "indicator_detail": Column.INDICATORS.label,
    "project_list": Column.PROJECTS.label,
    "project_detail": Column.PROJECTS.label,
    "policy_list": Column.POLICIES.label,
    "policy_detail": Column.POLICIES.label,
    "platform_list": Column.PLATFORMS.label,
    "platform_detail": Column.PLATFORMS.label,
    "disclosure_list": Column.DISCLOSURE.label,
    "disclosure_detail": Column.DISCLOSURE.label,
    "search": gettext_lazy("搜索"),
    "open_data": gettext_lazy("数据开放"),
    "report_error": gettext_lazy("我为政府网站找错"),
    "report_error_thanks": gettext_lazy("我为政府网站找错"),
}

# Inspectors read PubDate in Beijing time whatever the server's zone.
BEIJING = ZoneInfo("Asia/Shanghai")
DESCRIPTION_CHARS = 120


def column_of(request):
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != "portal":
        return ""
    return str(COLUMNS.get(match.url_name, ""))


def article_title(record):
    return getattr(record, "display_name", "") or getattr(record, "title", "") or str(record)


def pub_date(record):
    """When the record went public, as YYYY-MM-DD HH:MM in Beijing time; records loaded from
    fixtures carry no publication time, and their last change stands in for it."""
    when = record.published_at or record.updated_at
    return timezone.localtime(when, BEIJING).strftime("%Y-%m-%d %H:%M") if when else ""


def page_meta(*, request, profile, record=None):
    """[(name, content)]: the tags every page carries, then a record page's; a tag whose value
    is unknown (a profile field left blank) is left out, never written empty."""
    column = column_of(request)
    name = profile.name if profile else ""
    # Who a record without its own issuing body comes from: the committee, else the site.
    body = (profile.management_body or profile.site_sponsor or profile.name) if profile else ""
    keywords = [profile.short_name or name] if profile else []
    description = profile.overview if profile else ""
    tags = [
        ("SiteName", name),
        ("SiteDomain", request.get_host() if request else ""),
        ("SiteIDCode", profile.site_code if profile else ""),
        ("ColumnName", column),
    ]
    if record is not None:
        title = article_title(record)
        keywords = [title, *keywords]
        # A policy's or project's 摘要, an indicator's definition, else the title.
        description = getattr(record, "summary", "") or getattr(record, "definition", "") or title
        tags += [
            ("ArticleTitle", title),
            ("PubDate", pub_date(record)),
            ("ContentSource", getattr(record, "issuing_body", "") or body),
        ]
    keywords.append(column)
    tags += [
        ("Keywords", ",".join(dict.fromkeys(word for word in keywords if word))),
        ("Description", Truncator(" ".join(description.split()) or name).chars(DESCRIPTION_CHARS)),
    ]
    return [(tag, value) for tag, value in tags if value]
