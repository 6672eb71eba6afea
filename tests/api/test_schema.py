"""The OpenAPI schema describes the API truly: schemathesis calls every operation with data the
schema allows (and some it forbids) and finds no 5xx, no undocumented status, no response
that breaks its schema; and every field and parameter says what it is."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import whole_zone

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"
# What the API promises; the fuzzer's other checks (e.g. that any value the schema allows is
# accepted) would hold it to more than a string parameter's type says.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# Loaded when the module is collected (schemathesis 4.32's from_fixture fails on pytest 9: it
# sets the test item's _nodeid, which pytest 9 no longer has). Serving the schema reads no
# table; the throttle's count goes to a cache of this process, not the installation's.
with override_settings(CACHES={"default": {"BACKEND": LOCAL_MEMORY}}):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def zone_records(db, settings):
    """Records to find, in every state. The WSGI handler closes the database connection after
    each request, which would end the test's transaction: like Django's test client, the
    requests here leave it open."""
    settings.API_RATE = "100000/min"  # the fuzzer's calls are not what the throttle is for
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield whole_zone()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_schema_says(case, zone_records):
    case.call_and_validate(checks=CHECKS)


def test_every_field_and_parameter_is_described_in_chinese_and_english(client, db):
    document = client.get("/api/schema/?format=json").json()
    missing = []
    for name, component in document["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            if " / " not in spec.get("description", ""):
                missing.append(f"{name}.{field}")
    for path, methods in document["paths"].items():
        for operation in methods.values():
            for parameter in operation.get("parameters", []):
                if " / " not in parameter.get("description", ""):
                    missing.append(f"{path} ?{parameter['name']}")
            assert {"400", "404", "429"} <= set(operation["responses"]), path
    assert missing == []


def test_the_schema_carries_an_etag_and_answers_304_without_building_again(client, db, monkeypatch):
    from drf_spectacular.views import SpectacularAPIView

    from api.docs import SchemaView

    monkeypatch.setattr(SchemaView, "built", {})
    builds = []
    build = SpectacularAPIView.get

    def counted(*args, **kwargs):
        builds.append(1)
        return build(*args, **kwargs)

    monkeypatch.setattr(SpectacularAPIView, "get", counted)
    first = client.get("/api/schema/")
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"].endswith("GMT")
    assert first["Cache-Control"] == "public, max-age=60"
    again = client.get("/api/schema/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    whole = client.get("/api/schema/")
    assert whole.content == first.content and whole["ETag"] == first["ETag"]
    assert len(builds) == 1, "the document is built once per process and representation"
    as_json = client.get("/api/schema/?format=json")
    assert as_json["ETag"] != first["ETag"] and as_json.json()["openapi"].startswith("3.")
    for junk in ("xx", "yy"):
        assert client.get(f"/api/schema/?lang={junk}").status_code == 200
    assert len(SchemaView.built) == 2, "a junk ?lang= is never kept"
