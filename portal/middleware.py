import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language_from_path

from hightech_zone.cache import get_versioned


class PageCacheMiddleware:
    """Serve public pages from the shared cache, before the rest of the middleware runs.

    Only views that declare themselves public (portal.views.CachedPageMixin) are stored, with
    every header the full middleware stack gave them, and with the data version they were
    rendered from (hightech_zone.cache); an entry is used only while that version is current,
    so any write makes every cached page stale at once. The version and the entry come back in
    one round trip. Keys hold the language and the full address with its query string, so
    filters, sorts and downloads are cached separately. Public pages depend on nothing else:
    no session, no user, no CSRF token, no cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Never public pages: no cache round trip for them (the health check stays cheap).
        self.skipped = tuple(
            "/" + prefix.lstrip("/")
            for prefix in (settings.ADMIN_URL, "healthz", "i18n/", settings.STATIC_URL)
        )

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or not settings.PAGE_CACHE_SECONDS
            or request.path_info.startswith(self.skipped)
        ):
            return self.get_response(request)
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{language}:{path}"
        version, entry = get_versioned(key)
        if entry is not None and entry[0] == version:
            _, status, content, headers = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if (
            getattr(request, "public_page", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            entry = (version, response.status_code, response.content, list(response.items()))
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        return response
