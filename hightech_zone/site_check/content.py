"""What the site shows and owes: attachments missing from storage, policy documents without
the elements 政务公开 requires of them, and visitors' error reports left unanswered."""

from django.core.exceptions import SuspiciousFileOperation
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..error_reports import ANSWER_WORKING_DAYS, overdue_reports
from ..models import PolicyDocument, zone_data_models
from .findings import MISSING_ATTACHMENT, POLICY_METADATA, UNANSWERED_REPORT, Finding

# 政务公开's elements of a policy document, as PolicyDocument holds them (主题分类 and 有效性
# are required by the form itself).
REQUIRED_POLICY_FIELDS = (
    "index_number",
    "issuing_body",
    "doc_number",
    "written_on",
    "published_on",
)


def _admin_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def _file_fields(model):
    return [f.name for f in model._meta.get_fields() if f.get_internal_type() == "FileField"]


def _stored(file):
    try:
        return file.storage.exists(file.name)
    except (SuspiciousFileOperation, OSError):  # a name outside the storage, a bad path
        return False


def missing_attachments():
    """Every public record's file that its storage does not hold: the download answers 404."""
    found = []
    for model in zone_data_models():
        names = _file_fields(model)
        if not names or not hasattr(model.objects, "public"):
            continue
        records = model.objects.public().order_by("pk").only("pk", "status", *names)
        for field in names:
            for record in records.exclude(**{field: ""}).iterator():
                stored = getattr(record, field)
                if not _stored(stored):
                    found.append(
                        Finding(
                            check=MISSING_ATTACHMENT,
                            message=_("%(model)s“%(record)s”的%(field)s“%(name)s”在存储中不存在。")
                            % {
                                "model": model._meta.verbose_name,
                                "record": record,
                                "field": model._meta.get_field(field).verbose_name,
                                "name": stored.name,
                            },
                            admin_url=_admin_url(record),
                        )
                    )
    return found


def incomplete_policies():
    """Published policy documents (not plans or studies) lacking a required element."""
    fields = [PolicyDocument._meta.get_field(name) for name in REQUIRED_POLICY_FIELDS]
    found = []
    records = (
        PolicyDocument.objects.published()
        .policies()
        .order_by("pk")
        .only("pk", "title", *REQUIRED_POLICY_FIELDS)
    )
    for policy in records.iterator():
        missing = [str(f.verbose_name) for f in fields if getattr(policy, f.name) in ("", None)]
        if missing:
            found.append(
                Finding(
                    check=POLICY_METADATA,
                    message=_("已发布的政策文件“%(title)s”缺少:%(fields)s。")
                    % {"title": policy.title, "fields": "、".join(missing)},
                    admin_url=_admin_url(policy),
                )
            )
    return found


def unanswered_reports(*, now=None):
    """我为政府网站找错 reports unanswered past the deadline: inspections fail a site whose
    public questions go unanswered (互动回应差, 单项否决)."""
    return [
        Finding(
            check=UNANSWERED_REPORT,
            message=_("%(when)s 收到的纠错(页面 %(page)s)超过 %(days)s 个工作日仍未答复。")
            % {
                "when": timezone.localtime(report.created_at).strftime("%Y-%m-%d"),
                "page": report.page,
                "days": ANSWER_WORKING_DAYS,
            },
            admin_url=_admin_url(report),
        )
        for report in overdue_reports(now=now)
    ]
