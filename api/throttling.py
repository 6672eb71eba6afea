"""How often an anonymous client may call the API (settings.API_RATE, DJANGO_API_RATE)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's per-address throttle, its rate read from the settings on each request: DRF's own
    reads its rate once, when the class is defined."""

    def get_rate(self):
        return settings.API_RATE
