"""The site's error pages: 404 and 500 carry the zone's name, a database outage answers 503."""

import logging
import sys
from urllib.parse import quote

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotFound
from django.template import loader
from django.utils import translation
from django.views import defaults

from hightech_zone.outages import RETRY_AFTER_SECONDS, database_unavailable

logger = logging.getLogger(__name__)

# What an error page shows of the zone: its name in the header, its identity in the footer.
PAGE_FIELDS = (
    "name",
    "address",
    "phone",
    "management_body",
    "site_sponsor",
    "site_code",
    "icp_number",
    "police_record_number",
    "contact_email",
    "conac_url",
)


def zone_profile():
    """The zone's profile for an error page, or None when there is none or it cannot be read.

    An error page must never fail itself: the database may be what went wrong, or the failed
    request may have left its transaction unusable.
    """
    from hightech_zone.models import ZoneProfile

    try:
        return ZoneProfile.objects.only(*PAGE_FIELDS).first()
    except DatabaseError:
        logger.warning("error page: the zone's name could not be read", exc_info=True)
        return None


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    """Django's 404, with the zone's name in the header and title like every public page."""
    context = {"request_path": quote(request.path), "profile": zone_profile()}
    html = loader.render_to_string(template_name, context, request=request)
    return HttpResponseNotFound(html)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """Django's 500, except while the database is unreachable: then 503 and Retry-After.

    Django calls this inside its handler of the exception, so sys.exc_info() is that error.
    The maintenance page is rendered without the request, so no context processor can touch
    the database (or the session, or the user) that is down.
    """
    if not database_unavailable(sys.exc_info()[1]):
        # Rendered without the request, as Django renders it: no context processor may fail.
        profile = zone_profile()
        html = loader.render_to_string(template_name, {"zone_name": profile and profile.name})
        return HttpResponse(html, status=500)
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        html = loader.render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
