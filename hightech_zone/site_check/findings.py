"""What the site check finds: one problem, in words staff can act on, with where to fix it."""

from dataclasses import asdict, dataclass

from django.utils.translation import gettext_lazy as _

OVERDUE = "overdue"
EMPTY = "empty"
BROKEN_LINK = "broken_link"
EXTERNAL_LINK = "external_link"
MISSING_ATTACHMENT = "missing_attachment"
POLICY_METADATA = "policy_metadata"
UNANSWERED_REPORT = "unanswered_report"

CHECK_LABELS = {
    OVERDUE: _("栏目已超期未更新"),
    EMPTY: _("空白栏目"),
    BROKEN_LINK: _("站内链接失效"),
    EXTERNAL_LINK: _("外部链接失效"),
    MISSING_ATTACHMENT: _("附件文件缺失"),
    POLICY_METADATA: _("政策文件缺少政务公开要素"),
    UNANSWERED_REPORT: _("网民纠错超期未答复"),
}


@dataclass(frozen=True)
class Finding:
    check: str
    message: str
    admin_url: str = ""
    link: str = ""

    def as_dict(self):
        return asdict(self)

    @property
    def check_label(self):
        return CHECK_LABELS.get(self.check, self.check)
