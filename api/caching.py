"""Conditional GETs and kept responses: an ETag from the versions of the tables a response
reads, Last-Modified, 304, Cache-Control, and whole responses kept in the shared cache and
answered before the rest of the middleware, DRF and the database are reached."""

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from hightech_zone.cache import table_versions
from portal.filters import query_parameters
from portal.middleware import canonicalize

CACHE_CONTROL = "public, max-age=60"
# A response larger than this (a big XLSX or CSV file) is rendered each time rather than kept.
MAX_KEPT_BYTES = 1024 * 1024
# The headers of the inner middleware that say nothing true of a kept response: the API's
# answers are the same in every language (their messages name both).
LANGUAGE_HEADERS = ("Content-Language",)


class ConditionalGetMixin:
    """For an API view: ETag, Last-Modified and Cache-Control on every 200.
    ``KeptResponseMiddleware`` answers 304s and kept responses before the view is reached,
    from what the view class declares:

    * ``read_tables_for(action)``, the models whose tables the response reads;
    * ``query_parameters_for(action)``, the query parameters it reads (others are dropped);
    * ``renderers_for(action)``, the formats it answers in.

    ``last_modified()`` returns the newest change time the view can read cheaply, or None for
    a stable stand-in.
    """

    read_tables = ()
    # GET and HEAD only, and Allow says so (CORS preflights never reach the view).
    http_method_names = ["get", "head"]

    @classmethod
    def read_tables_for(cls, action):
        return tuple(cls.read_tables)

    @classmethod
    def query_parameters_for(cls, action):
        return (settings.REST_FRAMEWORK.get("URL_FORMAT_OVERRIDE", "format"),)

    @classmethod
    def renderers_for(cls, action):
        return tuple(cls.renderer_classes)

    def get_renderers(self):
        return [renderer() for renderer in self.renderers_for(getattr(self, "action", None))]

    def last_modified(self):
        return None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        etag = getattr(request, "api_etag", None)
        if response.status_code == 200 and etag:
            response["ETag"] = etag
            changed = self.last_modified() or first_seen(etag)
            response["Last-Modified"] = http_date(changed.timestamp())
            response["Cache-Control"] = CACHE_CONTROL
        return response


@dataclass(frozen=True)
class Route:
    """What a conditional API view at an address reads and answers in, known before it runs."""

    tables: tuple
    parameters: tuple
    renderers: tuple
    negotiation: type


@lru_cache(maxsize=4096)
def route(path):
    """The Route of a ConditionalGetMixin view at path, or None for any other address."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    view = getattr(match.func, "cls", None) or getattr(match.func, "view_class", None)
    if view is None or not issubclass(view, ConditionalGetMixin):
        return None
    action = (getattr(match.func, "actions", None) or {}).get("get")
    return Route(
        tables=view.read_tables_for(action),
        parameters=tuple(sorted(set(view.query_parameters_for(action)))),
        renderers=view.renderers_for(action),
        negotiation=view.content_negotiation_class,
    )


def list_parameters(filterset_class):
    """A list's query parameters: its filters', paging's, ordering's and the format's."""
    rest = settings.REST_FRAMEWORK
    return (
        *query_parameters(filterset_class),
        "limit",
        "offset",
        rest.get("ORDERING_PARAM", "ordering"),
        rest.get("URL_FORMAT_OVERRIDE", "format"),
    )


class KeptResponseMiddleware:
    """Answer the API's GETs from kept responses, before the rest of the stack runs.

    For an address of a ConditionalGetMixin view, the query is cut to the parameters the view
    reads (sorted, as portal.middleware does for pages: junk parameters cannot fill the cache),
    the representation is chosen as DRF would choose it, and the ETag is built from the
    versions of the tables the view reads, the address and that representation, in one round trip
    to the cache that also fetches the response kept for them. A matching If-None-Match is a
    304; a response kept under the current ETag is answered whole, with the headers the inner
    middleware gave it; otherwise the view runs and its 200 is kept, a CSV file as it streams
    out. When the cache cannot be reached, nothing is promised and the view answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = route(request.path_info) if request.method in ("GET", "HEAD") else None
        if found is None:
            return self.get_response(request)
        canonicalize(request, found.parameters)
        representation = negotiated(request, found)
        if representation is None:  # no such format: the view says so
            return self.get_response(request)
        url = request.build_absolute_uri()
        etag, entry = tag_and_kept(found.tables, url, representation)
        request.api_etag = etag
        if etag is None:
            return self.get_response(request)
        asked = request.headers.get("If-None-Match", "")
        # "*" matches only a representation that exists: a kept one, or the view's 200 below.
        if asked and (etag in weak_and_strong(asked) or ("*" in asked and entry is not None)):
            return not_modified(etag)
        if entry is not None:
            return kept_response(entry)
        response = self.get_response(request)
        if response.status_code == 200 and response.get("ETag") == etag:
            for name in LANGUAGE_HEADERS:
                del response[name]
            patch_vary_headers(response, ("Accept",))
            keep(kept_key(url, representation), etag, response)
            if "*" in asked:
                return not_modified(etag)
        return response


def not_modified(etag):
    response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(response, ("Accept",))
    return response


def negotiated(request, found):
    """The representation the view will answer with (?format= or Accept), or None when none
    fits: its renderer's media type and, for JSON, the indent asked for. Nothing else of the
    Accept header changes the body, so nothing else keys the cache: a parameter invented per
    request (`application/json; x=123`) would otherwise store a copy each time."""
    try:
        renderer, media_type = found.negotiation().select_renderer(
            Request(request), [renderer() for renderer in found.renderers]
        )
    except (APIException, Http404):  # NotAcceptable, or DRF's 404 for an unknown ?format=
        return None
    indent = renderer.get_indent(media_type, {}) if hasattr(renderer, "get_indent") else None
    return f"{renderer.media_type}; indent={indent}"


def tag_and_kept(models, url, representation):
    """(ETag, the response kept for it or None), in one round trip to the cache. The ETag
    changes with any write to models' tables (hightech_zone.cache raises their versions), and
    with nothing else; None when the cache cannot be reached (the versions are unknown).

    A kept response is used only while the ETag it was stored with is current, as the
    portal's page cache uses a page only while its data version is (portal.middleware)."""
    key = kept_key(url, representation)
    versions, found = table_versions(models, also=[key])
    if versions is None:
        return None, None
    digest = hashlib.sha256(repr((versions, url, representation)).encode()).hexdigest()[:32]
    etag = f'"{digest}"'
    entry = found.get(key)
    return etag, (entry if entry is not None and entry[0] == etag else None)


def kept_key(url, representation):
    return "api:response:" + hashlib.sha256(repr((url, representation)).encode()).hexdigest()


def keep(key, etag, response):
    """Store a 200 under its ETag with its headers; a streamed one once it has streamed out
    whole, if it stayed within MAX_KEPT_BYTES."""
    seconds = settings.API_CACHE_SECONDS
    if not seconds:
        return
    headers = list(response.items())
    if not response.streaming:
        if len(response.content) <= MAX_KEPT_BYTES:
            cache.set(key, (etag, response.content, headers), seconds)
        return

    def kept_as_it_streams(chunks):
        held, size = [], 0
        for chunk in chunks:
            yield chunk
            if held is not None:
                size += len(chunk)
                if size <= MAX_KEPT_BYTES:
                    held.append(chunk)
                else:
                    held = None
        if held is not None:
            cache.set(key, (etag, b"".join(held), headers), seconds)

    response.streaming_content = kept_as_it_streams(response.streaming_content)


def kept_response(entry):
    _, content, headers = entry
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def first_seen(etag):
    """When a response with this ETag was first served: a stable Last-Modified for data that
    keeps no time of its own (the zone profile)."""
    key = f"api:first-seen:{etag}"
    cache.add(key, timezone.now(), timeout=24 * 3600)
    return cache.get(key) or timezone.now()


def weak_and_strong(header):
    """The entity tags an If-None-Match names, each also without its weak prefix (W/): a
    proxy that compressed the response may have weakened ours."""
    tags = parse_etags(header)
    return {tag.removeprefix("W/") for tag in tags} | set(tags)
