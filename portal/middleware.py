"""The page cache in front of the public portal."""

import hashlib
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path

from hightech_zone.cache import get_versioned

from .display_mode import mode_of


class PageCacheMiddleware:
    """Serve public pages from the shared cache, before the rest of the middleware runs.

    Only views that declare themselves public (portal.public_pages.CachedPageMixin) are stored, with
    every header the full middleware stack gave them, and with the data version they were
    rendered from (hightech_zone.cache); an entry is used only while that version is current,
    so any write makes every cached page stale at once, and it expires after
    PAGE_CACHE_SECONDS anyway. The version and the entry come back in one round trip.

    A key holds the language, the display mode (portal.display_mode: the one cookie a public
    page reads, so 适老化 pages are kept apart from standard ones), the scheme and host, the
    path and only the query parameters the view reads (CachedPageMixin.cache_parameters),
    sorted by name: `?a=1&utm_source=x` shares the entry of `?a=1`, so junk parameters cannot
    fill Redis. The request is rewritten to that canonical query before the view runs, so a
    stored page is a pure function of its key (its pagination and sort links never carry the
    junk either). The Host header is checked against ALLOWED_HOSTS first, as Django would
    (400), so a cached page is no way around it. Public pages depend on nothing else: no
    session, no user, no CSRF token, no other cookie. They say `Vary: Cookie`, so that no cache
    outside (a proxy, the browser) mixes the two modes either.

    When the cache cannot be reached, pages are rendered and served uncached.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Never public pages: no cache round trip for them (the health check stays cheap).
        self.skipped = tuple(
            "/" + prefix.lstrip("/")
            for prefix in (
                settings.ADMIN_URL,
                "healthz",
                "i18n/",
                settings.STATIC_URL,
                # Open data answers in JSON and keeps its own responses (api.caching).
                "api/",
                "data.jsonld",
            )
        )

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or not settings.PAGE_CACHE_SECONDS
            or request.path_info.startswith(self.skipped)
        ):
            return self.get_response(request)
        request.get_host()  # DisallowedHost: Django's 400, never a cached page
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        parameters = cache_parameters(request.path_info, language)
        if parameters is None:
            return self.get_response(request)
        canonicalize(request, parameters)
        # The scheme and host too: a page may show its own absolute addresses (数据开放's curl
        # lines), and one site may answer on several names.
        path = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"page:{language}:{mode_of(request)}:{path}"
        version, entry = get_versioned(key)
        if entry is not None and entry[0] == version:
            request.public_page = True  # only public pages are stored
            _, status, content, headers = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if getattr(request, "public_page", False):
            patch_vary_headers(response, ("Cookie",))
        if (
            version is not None
            and getattr(request, "public_page", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            entry = (version, response.status_code, response.content, list(response.items()))
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        return response


@lru_cache(maxsize=4096)
def cache_parameters(path, language):
    """The query parameters the public page at path reads, or None if it is no public page."""
    from portal.public_pages import CachedPageMixin

    with translation.override(language):
        try:
            view = getattr(resolve(path).func, "view_class", None)
        except Resolver404:
            return None
    if view is None or not issubclass(view, CachedPageMixin):
        return None
    return tuple(sorted(set(view.cache_parameters())))


def canonicalize(request, parameters):
    """Keep only the parameters the view reads, in sorted order, each with all its values."""
    query = urlencode([(name, value) for name in parameters for value in request.GET.getlist(name)])
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
