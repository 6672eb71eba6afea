"""The site's 500 handler: a database outage answers 503 with a maintenance page, not 500."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.views import defaults

# A PostgreSQL restart takes seconds; clients and proxies may try again after this long.
RETRY_AFTER_SECONDS = 10


def database_unavailable(error):
    """Whether error, or an error it was raised from, says the database cannot be used now."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """Django's 500, except while the database is unreachable: then 503 and Retry-After.

    Django calls this inside its handler of the exception, so sys.exc_info() is that error.
    The maintenance page is rendered without the request, so no context processor can touch
    the database (or the session, or the user) that is down.
    """
    if not database_unavailable(sys.exc_info()[1]):
        return defaults.server_error(request, template_name)
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        html = loader.render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
