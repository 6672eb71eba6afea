"""The open data's answer to a request it cannot serve (a NUL, a host not ours): a JSON 400,
where the site answers with a page."""

import logging

from django.core.exceptions import DisallowedHost

from .errors import error_response

security_logger = logging.getLogger("django.security.DisallowedHost")

# The API and the DCAT catalogue: what answers in JSON, and what the rate limits.
OPEN_DATA_PATHS = ("/api/", "/data.jsonld")


class RefuseInJsonMiddleware:
    """An open-data request is refused here, in JSON, where the site would render a page:

    * a NUL in its address, cookies or headers, before hightech_zone.middleware's HTML 400
      (PostgreSQL can neither store nor compare NUL, so it could only fail further on);
    * a Host header not in ALLOWED_HOSTS, logged as Django logs it, before Django's HTML 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(OPEN_DATA_PATHS):
            return self.get_response(request)
        if holds_nul(request):
            return error_response(
                400, {"request": ["网址、Cookie 或标头中含有空字符 / NUL character in the request"]}
            )
        try:
            request.get_host()
        except DisallowedHost as refused:
            security_logger.error(str(refused))
            return error_response(400, {"host": ["不是本站的域名 / Not a host of this site"]})
        return self.get_response(request)


def holds_nul(request):
    return (
        "\x00" in request.path_info
        or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        )
        or any("\x00" in value for value in request.COOKIES.values())
        or any("\x00" in value for key, value in request.META.items() if key.startswith("HTTP_"))
    )
