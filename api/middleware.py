"""The open data's answer to a NUL in a request: a JSON 400, where the site answers with a page."""

from .errors import error_response

# The API and the DCAT catalogue: what answers in JSON, and what the rate limits.
OPEN_DATA_PATHS = ("/api/", "/data.jsonld")


class RefuseNulInApiMiddleware:
    """A NUL in an API request's address, cookies or headers is refused here, in JSON, before
    hightech_zone.middleware.RefuseNulMiddleware would render its HTML page (PostgreSQL can
    neither store nor compare NUL, so the request could only fail further on)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(OPEN_DATA_PATHS) and holds_nul(request):
            return error_response(
                400, {"request": ["网址、Cookie 或标头中含有空字符 / NUL character in the request"]}
            )
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
