"""System checks for what the portal needs from the machine beyond Python packages."""

from django.core.checks import Warning, register
from django.utils.translation import gettext as _

from .pdf import missing_libraries


@register()
def pdf_libraries(app_configs, **kwargs):
    missing = missing_libraries()
    if not missing:
        return []
    return [
        Warning(
            _("缺少生成 PDF 所需的系统库:%(names)s,工作报告的 PDF 下载将无法使用。")
            % {"names": "、".join(missing)},
            hint=_("以 root 运行 make pdf-deps 安装(Debian 软件包)。"),
            id="portal.W001",
        )
    ]
