"""Links in published texts: internal ones resolved, external ones fetched when asked.

An internal link is resolved against the site's own addresses (each language's) without a
request: a record's page is then looked up as its view looks it up, so a link to a draft, or
to a record since deleted, is broken for a visitor though its address has the right shape.
The look-ups are gathered and made once per kind of page. Rendering each page through the
handler would also find these, at the cost of a whole page per link.
External links are fetched only on request (HEAD, then GET where HEAD is refused), a few at a
time, each within the timeout.
"""

import re
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import models
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..models import (
    Indicator,
    InnovationPlatform,
    PolicyDocument,
    Project,
    WorkReport,
    zone_data_models,
)
from .findings import BROKEN_LINK, EXTERNAL_LINK, Finding

HREF_RE = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
URL_RE = re.compile(r"""https?://[^\s<>"'\u3000-\u303f\uff00-\uffef]+""", re.IGNORECASE)
TRAILING = ".,;:!?)]}'\""
SKIPPED_SCHEMES = ("mailto", "tel", "javascript", "data")
# Shown only to staff, or only when a record is withdrawn: not what a visitor reads.
PRIVATE_FIELDS = {"withdrawn_reason", "acknowledged_discrepancy"}
EXTERNAL_WORKERS = 4
USER_AGENT = "hightech-zone-site-check/1.0"

# A record's page: which records answer at it, and the URL argument that names one.
PAGES = {
    "portal:report_detail": (WorkReport, "year", "year"),
    "portal:report_pdf": (WorkReport, "year", "year"),
    "portal:indicator_detail": (Indicator, "code", "code"),
    "portal:project_detail": (Project, "pk", "pk"),
    "portal:policy_detail": (PolicyDocument, "pk", "pk"),
    "portal:policy_attachment": (PolicyDocument, "pk", "pk"),
    "portal:platform_detail": (InnovationPlatform, "pk", "pk"),
}


@dataclass(frozen=True)
class Citation:
    """Where a link was found."""

    where: str
    admin_url: str


def _text_fields(model):
    return [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, models.TextField | models.URLField) and f.name not in PRIVATE_FIELDS
    ]


def _visible(model):
    """The rows of ``model`` a visitor reads: published, or parts of a published record."""
    if hasattr(model.objects, "published"):
        return model.objects.published()
    parent = getattr(model, "published_with", None)
    if parent is not None:
        return model.objects.filter(**{f"{parent}__status": "published"})
    return model.objects.all()


def links_in(text):
    """The links in a text: <a href> targets and bare http(s) addresses, each once."""
    found = [m.group(1).strip() for m in HREF_RE.finditer(text)]
    found += [m.group(0).rstrip(TRAILING) for m in URL_RE.finditer(text)]
    return list(dict.fromkeys(link for link in found if link))


def published_links():
    """{link: [Citation]} for every link in the public text of published records."""
    cited = defaultdict(list)
    for model in zone_data_models():
        fields = _text_fields(model)
        if not fields:
            continue
        opts = model._meta
        rows = _visible(model).order_by("pk").values_list("pk", *fields)
        for pk, *texts in rows.iterator():
            for field, text in zip(fields, texts, strict=True):
                if not text:
                    continue
                links = (
                    [text.strip()]
                    if isinstance(opts.get_field(field), models.URLField)
                    else links_in(text)
                )
                for link in links:
                    cited[link].append(
                        Citation(
                            where=_("%(model)s #%(pk)s 的%(field)s")
                            % {
                                "model": opts.verbose_name,
                                "pk": pk,
                                "field": opts.get_field(field).verbose_name,
                            },
                            admin_url=reverse(
                                f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk]
                            ),
                        )
                    )
    return cited


def own_hosts():
    """The host names the site answers to: its allowed hosts and trusted origins."""
    hosts = {h.lstrip(".").lower() for h in settings.ALLOWED_HOSTS if h not in ("*", "")}
    hosts |= {urlsplit(o).hostname or "" for o in settings.CSRF_TRUSTED_ORIGINS}
    return {h.strip("[]") for h in hosts if h and "*" not in h}


def classify(link, hosts):
    """'internal' (with its path), 'external', 'invalid', or None for what is not a page
    address."""
    try:
        parts = urlsplit(link)
        parts.hostname  # noqa: B018  (raises on a malformed host, such as "http://[x")
    except ValueError:
        return "invalid", ""
    scheme = parts.scheme.lower()
    if scheme in SKIPPED_SCHEMES or link.startswith("#"):
        return None, ""
    if scheme in ("http", "https") or link.startswith("//"):
        if (parts.hostname or "").lower() in hosts:
            return "internal", parts.path or "/"
        return "external", ""
    if scheme:
        return None, ""
    path = parts.path if parts.path.startswith("/") else f"/{parts.path}"
    return "internal", path


def _resolve(path):
    """The view's name and arguments at ``path`` in any of the site's languages, or None."""
    for code, _name in settings.LANGUAGES:
        with override(code):
            try:
                match = resolve(path)
            except Resolver404:
                continue
            return match.view_name, match.kwargs
    return None


def internal_problem(path):
    """Why ``path`` fails a visitor ("" if it may not), and the record its page needs."""
    path = unquote(path)
    if path.startswith(settings.STATIC_URL):
        name = path[len(settings.STATIC_URL) :]
        return ("" if finders.find(name) else _("静态文件不存在")), None
    if path.startswith(settings.MEDIA_URL):
        return _("上传文件不按地址公开,请链接到政策文件的附件下载地址"), None
    if path.lstrip("/").startswith(settings.ADMIN_URL):
        return _("指向管理后台,公众无法访问"), None
    found = _resolve(path)
    if found is None and settings.APPEND_SLASH and not path.endswith("/"):
        found = _resolve(f"{path}/")  # CommonMiddleware redirects there
    if found is None:
        return _("页面不存在"), None
    view_name, kwargs = found
    if view_name not in PAGES:
        return "", None
    model, field, argument = PAGES[view_name]
    return "", (model, field, str(kwargs[argument]))


def check_internal(cited, hosts):
    """Findings for the internal links of ``cited`` that fail a visitor."""
    needed = []
    found = []
    for link, citations in cited.items():
        kind, path = classify(link, hosts)
        if kind == "invalid":
            found += _findings(BROKEN_LINK, link, _("地址格式错误"), citations)
            continue
        if kind != "internal":
            continue
        reason, record = internal_problem(path)
        if reason:
            found += _findings(BROKEN_LINK, link, reason, citations)
        elif record is not None:
            needed.append((link, record, citations))
    keys = defaultdict(set)
    for _link, (model, field, value), _citations in needed:
        keys[model, field].add(value)
    # One query per kind of page: the records that answer at their own address.
    existing = {
        (model, field): {
            str(v)
            for v in model.objects.public()
            .filter(**{f"{field}__in": values})
            .values_list(field, flat=True)
        }
        for (model, field), values in keys.items()
    }
    for link, (model, field, value), citations in needed:
        if value not in existing[model, field]:
            reason = _("指向的%(model)s不存在或未发布") % {"model": model._meta.verbose_name}
            found += _findings(BROKEN_LINK, link, reason, citations)
    return found


def _findings(check, link, reason, citations):
    return [
        Finding(
            check=check,
            message=_("%(where)s中的链接 %(link)s:%(reason)s。")
            % {"where": c.where, "link": link, "reason": reason},
            admin_url=c.admin_url,
            link=link,
        )
        for c in citations
    ]


def fetch_problem(link, timeout):
    """Why an external address fails, or "": HEAD first, GET where HEAD is not answered."""
    problem = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(link, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if method == "GET":
                    response.read(1024)
                return ""
        except urllib.error.HTTPError as error:
            problem = _("服务器回答 %(status)s") % {"status": error.code}
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError) or "timed out" in str(reason):
                problem = _("%(seconds)s 秒内没有回应") % {"seconds": timeout}
            else:
                problem = _("无法连接(%(reason)s)") % {"reason": reason}
    return problem


def check_external(cited, hosts, *, timeout):
    links = {link: c for link, c in cited.items() if classify(link, hosts)[0] == "external"}
    if not links:
        return []
    with ThreadPoolExecutor(max_workers=EXTERNAL_WORKERS) as pool:
        problems = dict(
            zip(links, pool.map(lambda link: fetch_problem(link, timeout), links), strict=True)
        )
    found = []
    for link, reason in problems.items():
        if reason:
            found += _findings(EXTERNAL_LINK, link, reason, links[link])
    return found


def link_findings(*, external=False, timeout=10):
    """Broken links in published texts; external ones only when ``external`` is true."""
    cited = published_links()
    hosts = own_hosts()
    found = check_internal(cited, hosts)
    if external:
        found += check_external(cited, hosts, timeout=timeout)
    return found
