"""Every error of the API as JSON, in Chinese and English: never an HTML page."""

import logging

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from hightech_zone.outages import RETRY_AFTER_SECONDS, database_unavailable

# (code, Chinese, English) for each status the API answers with an error.
MESSAGES = {
    400: ("bad_request", "请求参数有误", "Bad request parameters"),
    404: ("not_found", "找不到该记录", "Not found"),
    405: ("method_not_allowed", "只允许 GET 请求", "Only GET is allowed"),
    406: ("not_acceptable", "不支持请求的格式", "The requested format is not available"),
    429: ("throttled", "请求过于频繁,请稍后再试", "Too many requests; try again later"),
    503: (
        "unavailable",
        "数据库暂时不可用,请稍后再试",
        "The database is unavailable; try again later",
    ),
}
logger = logging.getLogger("django.request")
UNEXPECTED = (status.HTTP_500_INTERNAL_SERVER_ERROR, "server_error", "服务器错误", "Server error")


def error_body(status_code, details=None):
    """The body of an error: its code and message in both languages, and what was wrong."""
    code, message, message_en = MESSAGES.get(status_code, UNEXPECTED[1:])
    error = {"code": code, "message": message, "message_en": message_en}
    if details:
        error["details"] = details
    return {"error": error}


def error_response(status_code, details=None, headers=None):
    """A plain Django response with the error body: for answers given outside DRF's views."""
    response = JsonResponse(
        error_body(status_code, details),
        status=status_code,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def exception_handler(exc, context):
    """DRF's handler (it sets Retry-After on 429 and Allow on 405), with our body."""
    response = drf_exception_handler(exc, context)
    if response is None:
        # Not an API error: a bug (500) or the database away (503), still in JSON.
        logger.error("API error", exc_info=exc)
        if database_unavailable(exc):
            return error_response(503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
        return error_response(500)
    details = None
    if isinstance(exc, exceptions.ValidationError):
        details = exc.detail  # {parameter: [what is wrong]}
    elif isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        details = {"retry_after_seconds": int(exc.wait + 0.999)}
    # A plain JSON response, not DRF's: whatever format was asked for (?format=csv), an error
    # is JSON, and it needs no renderer (a format that does not exist has none).
    kept = {name: response[name] for name in ("Retry-After",) if response.has_header(name)}
    return error_response(response.status_code, details, headers=kept)


@csrf_exempt  # nothing here writes: a POST gets its JSON answer, not the CSRF page
def not_found(request, *args, **kwargs):
    """Any address under /api/ that names nothing; one that lacks only its final slash is
    sent to the address with it, as Django's APPEND_SLASH does for the site (a 405 for a
    method other than GET, which a redirect would turn into a GET)."""
    from django.http import HttpResponsePermanentRedirect
    from django.urls import Resolver404, resolve

    path = request.path_info
    if not path.endswith("/"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            if request.method not in ("GET", "HEAD"):
                return error_response(405, headers={"Allow": "GET, HEAD"})
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return error_response(404)
