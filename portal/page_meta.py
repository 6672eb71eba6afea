"""The <meta> tags inspectors' crawlers read (SiteName, ColumnName, ArticleTitle…), in one place."""

from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy

# The column (栏目) of each page: its section of the main navigation, by URL name.
COLUMNS = {
    "home": gettext_lazy("首页"),
    "report_list": gettext_lazy("工作报告"),
    "report_detail": gettext_lazy("工作报告"),
    "indicator_list": gettext_lazy("指标数据"),
    "indicator_detail": gettext_lazy("指标数据"),
    "project_list": gettext_lazy("投资项目"),
    "project_detail": gettext_lazy("投资项目"),
    "policy_list": gettext_lazy("政策文件"),
    "policy_detail": gettext_lazy("政策文件"),
    "platform_list": gettext_lazy("创新平台"),
    "platform_detail": gettext_lazy("创新平台"),
    "search": gettext_lazy("搜索"),
    "open_data": gettext_lazy("数据开放"),
    "disclosure_list": gettext_lazy("政府信息公开"),
    "disclosure_detail": gettext_lazy("政府信息公开"),
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
