"""Conditional GETs and kept responses: an ETag from the data versions, Last-Modified, 304,
Cache-Control, and each rendered response kept in the shared cache under its ETag."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_etags

from hightech_zone.cache import table_versions

CACHE_CONTROL = "public, max-age=60"
# A response larger than this (a big XLSX file) is rendered each time rather than kept.
MAX_KEPT_BYTES = 1024 * 1024


class NotModified(Exception):
    """The client holds the current representation (its If-None-Match names our ETag)."""


class Kept(Exception):
    """The current representation is in the cache: answered without reading the database."""

    def __init__(self, entry):
        super().__init__()
        self.entry = entry


def tag_and_kept(models, url, media_type):
    """(ETag, the response kept for it or None), in one round trip to the cache. The ETag is
    built from models' tables, url and media_type: it changes with any write to those tables
    (hightech_zone.cache raises their versions), and with nothing else; None when the cache
    cannot be reached (the versions are unknown, so nothing is promised).

    The response kept at this address in this media type is used only while the ETag it was
    stored with is current, as the portal's page cache uses a page only while its data
    version is (portal.middleware)."""
    key = kept_key(url, media_type)
    versions, found = table_versions(models, also=[key])
    if versions is None:
        return None, None
    digest = hashlib.sha256(repr((versions, url, media_type)).encode()).hexdigest()[:32]
    etag = f'"{digest}"'
    entry = found.get(key)
    return etag, (entry if entry is not None and entry[0] == etag else None)


def kept_key(url, media_type):
    return "api:response:" + hashlib.sha256(repr((url, media_type)).encode()).hexdigest()


def keep(key, etag, response):
    """Store a rendered 200 under its ETag, with the headers the view gave it (the
    middleware adds its own on the way out, kept or not)."""
    seconds = settings.API_CACHE_SECONDS
    if seconds and len(response.content) <= MAX_KEPT_BYTES:
        cache.set(key, (etag, response.content, list(response.items())), seconds)


def kept_response(entry):
    _, content, headers = entry
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response.kept = True
    return response


def first_seen(etag):
    """When a response with this ETag was first served: a stable Last-Modified for data that
    keeps no time of its own (the zone profile)."""
    key = f"api:first-seen:{etag}"
    cache.add(key, timezone.now(), timeout=24 * 3600)
    return cache.get(key) or timezone.now()


class ConditionalGetMixin:
    """For an API view: ETag and Last-Modified on every 200, 304 for a matching If-None-Match
    and the kept response for a current ETag (both answered before the database is read),
    Cache-Control for shared caches.

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
            url, media_type = request.build_absolute_uri(), request.accepted_media_type
            self.kept_key = kept_key(url, media_type)
            self.etag, entry = tag_and_kept(self.get_read_tables(), url, media_type)
            asked = request.headers.get("If-None-Match", "")
            if self.etag and asked and ("*" in asked or self.etag in weak_and_strong(asked)):
                raise NotModified
            if entry is not None:
                raise Kept(entry)

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            response = HttpResponseNotModified()
            response["ETag"] = self.etag
            response["Cache-Control"] = CACHE_CONTROL
            return response
        if isinstance(exc, Kept):
            return kept_response(exc.entry)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        etag = getattr(self, "etag", None)
        if response.status_code == 200 and etag and not getattr(response, "kept", False):
            response["ETag"] = etag
            changed = self.last_modified() or first_seen(etag)
            response["Last-Modified"] = http_date(changed.timestamp())
            response["Cache-Control"] = CACHE_CONTROL
            if not response.streaming:
                key = self.kept_key
                if hasattr(response, "add_post_render_callback"):  # DRF's, rendered later
                    response.add_post_render_callback(lambda done: keep(key, etag, done))
                else:
                    keep(key, etag, response)
        return response


def weak_and_strong(header):
    """The entity tags an If-None-Match names, each also without its weak prefix (W/): a
    proxy that compressed the response may have weakened ours."""
    tags = parse_etags(header)
    return {tag.removeprefix("W/") for tag in tags} | set(tags)
