"""Answers to malformed requests: a 400 page in the reader's language instead of a 500."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def bad_request(request, reason):
    """The 400 page, saying in the reader's language what was wrong with the request."""
    return render(request, "400.html", {"reason": reason}, status=400)


class RefuseNulMiddleware:
    """Refuses an address whose path or query string holds a NUL character (%00).

    PostgreSQL can neither store nor compare text containing NUL, so any filter, search or
    lookup given one would fail with a 500; no real link has one. Invalid percent-encoded
    UTF-8 needs nothing here: Django decodes query strings with U+FFFD in its place and keeps
    undecodable bytes of the path percent-encoded, so no lone surrogate reaches a view.
    Placed after the middleware that set security headers, so that this page has them too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return bad_request(request, _("网址中含有不允许的字符(空字符)。"))
        return self.get_response(request)
