"""How often an anonymous client may call the API (settings.API_RATE, DJANGO_API_RATE), counted
before anything else answers: a kept response, a 304 and an error count alike."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .errors import error_response
from .middleware import OPEN_DATA_PATHS


class AnonymousRateThrottle(SimpleRateThrottle):
    """DRF's per-address throttle (its window, its cache keys, its reading of the client's
    address behind NUM_PROXIES), asked by the middleware rather than by each view, with its
    rate read from the settings on each request: DRF's own reads its rate once."""

    scope = "anon"

    def get_rate(self):
        return settings.API_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ThrottleMiddleware:
    """A JSON 429 with Retry-After for a client over the rate, on every open-data address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(OPEN_DATA_PATHS):
            return self.get_response(request)
        throttle = AnonymousRateThrottle()
        if throttle.allow_request(request, None):
            return self.get_response(request)
        wait = int(throttle.wait() + 0.999) or 1
        return error_response(
            429, {"retry_after_seconds": wait}, headers={"Retry-After": str(wait)}
        )
