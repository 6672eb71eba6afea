"""The username django-axes counts failed logins against."""

from django.conf import settings

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
