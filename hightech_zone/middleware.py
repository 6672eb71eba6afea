"""Answers to malformed requests: a 400 page in the reader's language instead of a 500."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def bad_request(request, reason):
    """The 400 page, saying in the reader's language what was wrong with the request."""
    return render(request, "400.html", {"reason": reason}, status=400)


class RefuseNulMiddleware:
    """Refuses a request whose address, cookies or headers hold a NUL character.

    PostgreSQL can neither store nor compare text containing NUL, so any filter, search or
    lookup given one (%00 in the address; a session cookie written "\\000…", which Django
    decodes to NULs; a User-Agent that django-axes records) would fail with a 500; no real
    browser sends one. Invalid percent-encoded UTF-8 needs nothing here: Django decodes query
    strings with U+FFFD in its place and keeps undecodable bytes of the path percent-encoded,
    so no lone surrogate reaches a view. Placed after the middleware that sets security
    headers, so that this page has them too; nothing before it loads the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return bad_request(request, _("网址中含有不允许的字符(空字符)。"))
        if any("\x00" in value for value in request.COOKIES.values()) or any(
            "\x00" in value for key, value in request.META.items() if key.startswith("HTTP_")
        ):
            return bad_request(
                request,
                _("请求的 Cookie 或标头中含有不允许的字符(空字符),请清除本站的 Cookie 后再试。"),
            )
        return self.get_response(request)
