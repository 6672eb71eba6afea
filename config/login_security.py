"""django-axes, the login lockout: its admin section under a Chinese name, and the username it
counts failed logins against."""

from axes.apps import AppConfig as AxesAppConfig
from django.conf import settings
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def _when(record):
    return date_format(localtime(record.attempt_time), "Y-m-d H:i:s")


class AxesConfig(AxesAppConfig):
    """django-axes names neither its app nor its records in a translatable way; the admin
    shows both (section title, breadcrumbs, delete confirmations)."""

    verbose_name = _("登录安全")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = lambda r: (
            gettext("%(user)s 于 %(time)s 的登录尝试")
            % {
                "user": r.username,
                "time": _when(r),
            }
        )
        AccessFailureLog.__str__ = lambda r: (
            gettext("%(user)s 于 %(time)s 登录失败")
            % {
                "user": r.username,
                "time": _when(r),
            }
        )
        AccessLog.__str__ = lambda r: (
            gettext("%(user)s 于 %(time)s 的登录记录")
            % {
                "user": r.username,
                "time": _when(r),
            }
        )


# axes keeps usernames in varchar(255) columns (AccessAttempt, AccessFailureLog).
AXES_USERNAME_LENGTH = 255


def login_username(request, credentials=None):
    """The username as typed (axes' own rule), cut to the length axes can store.

    axes does not shorten it (django-axes issue 1381), so a longer one, as scanners send,
    failed to be recorded and the login page answered 500 on PostgreSQL instead of its
    ordinary error. No account has such a name (Django allows 150 characters), and
    failures under the shortened name still count towards its lockout.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else request.POST.get(field)
    return username[:AXES_USERNAME_LENGTH] if isinstance(username, str) else username
