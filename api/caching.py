"""Conditional GETs: an ETag from the data versions, Last-Modified, 304, Cache-Control."""

import hashlib

from django.core.cache import cache
from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_etags

from hightech_zone.cache import table_versions

CACHE_CONTROL = "public, max-age=60"


class NotModified(Exception):
    """The client holds the current representation (its If-None-Match names our ETag)."""


def entity_tag(models, url, media_type):
    """The ETag of the response at url, in media_type, built from models' tables: it changes
    with any write to them (hightech_zone.cache raises their versions), and with nothing else.
    None when the cache cannot be reached: the versions are unknown, so nothing is promised."""
    versions, _ = table_versions(models)
    if versions is None:
        return None
    digest = hashlib.sha256(repr((versions, url, media_type)).encode()).hexdigest()[:32]
    return f'"{digest}"'


def first_seen(etag):
    """When a response with this ETag was first served: a stable Last-Modified for data that
    keeps no time of its own (the zone profile)."""
    key = f"api:first-seen:{etag}"
    cache.add(key, timezone.now(), timeout=24 * 3600)
    return cache.get(key) or timezone.now()


class ConditionalGetMixin:
    """For an API view: ETag and Last-Modified on every 200, 304 for a matching If-None-Match
    (answered before the database is read), Cache-Control for shared caches.

    ``read_tables`` names the models whose tables the response reads; ``last_modified()``
    returns the newest change time it can read cheaply, or None for a stable stand-in.
    """

    read_tables = ()
    # GET and HEAD only, and Allow says so (CORS preflights never reach the view).
    http_method_names = ["get", "head"]

    def get_read_tables(self):
        return self.read_tables

    def last_modified(self):
        return None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # throttling first: a 304 counts too
        self.etag = None
        if request.method in ("GET", "HEAD"):
            # The media type too: Accept: text/csv is another representation at the same URL.
            self.etag = entity_tag(
                self.get_read_tables(), request.build_absolute_uri(), request.accepted_media_type
            )
            asked = request.headers.get("If-None-Match", "")
            if self.etag and asked and ("*" in asked or self.etag in weak_and_strong(asked)):
                raise NotModified

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            response = HttpResponseNotModified()
            response["ETag"] = self.etag
            response["Cache-Control"] = CACHE_CONTROL
            return response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and getattr(self, "etag", None):
            response["ETag"] = self.etag
            changed = self.last_modified() or first_seen(self.etag)
            response["Last-Modified"] = http_date(changed.timestamp())
            response["Cache-Control"] = CACHE_CONTROL
        return response


def weak_and_strong(header):
    """The entity tags an If-None-Match names, each also without its weak prefix (W/): a
    proxy that compressed the response may have weakened ours."""
    tags = parse_etags(header)
    return {tag.removeprefix("W/") for tag in tags} | set(tags)
