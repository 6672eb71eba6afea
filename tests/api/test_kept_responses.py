"""Rendered responses are kept in the cache under their ETag: an identical request is answered
without a database query, and a write to a table the response read makes the next one miss."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PolicyFactory, ReportFactory, ValueFactory, ZoneFactory


def get(client, path, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **extra)
    assert response.status_code == 200, response.content
    return response, len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/zone/",
        "/api/v1/observations/",
        "/api/v1/observations/{value}/",
        "/api/v1/indicators/?ordering=-code",
        "/api/v1/reports/{year}/",
        "/api/v1/observations/?format=xlsx",
    ],
)
def test_a_second_identical_request_makes_no_query(client, db, path):
    ZoneFactory()
    value = ValueFactory()
    report = ReportFactory()
    path = path.format(value=value.pk, year=report.year)
    first, queries = get(client, path)
    assert queries > 0
    second, queries = get(client, path, HTTP_ORIGIN="https://elsewhere.example")
    assert queries == 0
    assert second.content == first.content
    for header in ("Content-Type", "ETag", "Last-Modified", "Cache-Control"):
        assert second[header] == first[header], header
    assert second["Access-Control-Allow-Origin"] == "*", "the middleware still answers"


def test_a_write_to_a_table_read_makes_the_next_request_miss(client, db):
    value = ValueFactory(value=1)
    first, _ = get(client, "/api/v1/observations/")
    PolicyFactory()  # a table the list does not read
    assert get(client, "/api/v1/observations/")[1] == 0
    value.value = 2
    value.save()
    after, queries = get(client, "/api/v1/observations/")
    assert queries > 0
    assert after["ETag"] != first["ETag"]
    assert after.json()["results"][0]["value"] == 2
    value.indicator.name = "测试改名"
    value.indicator.save()
    assert get(client, "/api/v1/observations/")[1] > 0, "the indicator's table is read too"


def test_formats_and_addresses_are_kept_apart(client, db):
    ValueFactory()
    as_json, _ = get(client, "/api/v1/observations/")
    as_xlsx, _ = get(client, "/api/v1/observations/?format=xlsx")
    again, queries = get(client, "/api/v1/observations/")
    assert queries == 0
    assert again["Content-Type"] == "application/json"
    assert again.content == as_json.content != as_xlsx.content
    assert get(client, "/api/v1/observations/?limit=5")[1] > 0


def test_a_csv_download_is_streamed_then_kept_once_it_streamed_out_whole(client, db):
    ValueFactory()
    first, _ = get(client, "/api/v1/observations/?format=csv")
    assert first.streaming
    assert get(client, "/api/v1/observations/?format=csv")[1] > 0, "not kept before it ends"
    body = b"".join(first.streaming_content)
    again, queries = get(client, "/api/v1/observations/?format=csv")
    assert queries == 0
    assert again.content == body
    assert again["Content-Type"] == first["Content-Type"]
    assert again["ETag"] == first["ETag"]


def test_a_file_larger_than_the_limit_is_not_kept(client, db, monkeypatch):
    monkeypatch.setattr("api.caching.MAX_KEPT_BYTES", 10)
    ValueFactory()
    for path in ("/api/v1/observations/?format=csv", "/api/v1/observations/"):
        first, _ = get(client, path)
        b"".join(first) if first.streaming else first.content
        assert get(client, path)[1] > 0, path


def test_junk_parameters_share_the_kept_response_and_never_reach_the_links(client, db):
    ValueFactory.create_batch(3)
    first, _ = get(client, "/api/v1/observations/?limit=1")
    again, queries = get(client, "/api/v1/observations/?utm_source=x&limit=1&_=123")
    assert queries == 0
    assert again.content == first.content
    assert "utm_source" not in again.json()["next"]


def test_the_order_of_parameters_does_not_matter(client, db):
    ValueFactory.create_batch(3)
    get(client, "/api/v1/observations/?limit=1&offset=1")
    assert get(client, "/api/v1/observations/?offset=1&limit=1")[1] == 0


def test_a_kept_response_does_not_claim_a_language(client, db):
    ValueFactory()
    first, _ = get(client, "/api/v1/observations/", HTTP_ACCEPT_LANGUAGE="en")
    again, queries = get(client, "/api/v1/observations/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert queries == 0
    assert not first.has_header("Content-Language")
    assert not again.has_header("Content-Language")
    assert "Accept" in again["Vary"]


def test_nothing_is_kept_when_the_setting_is_zero(client, db, settings):
    settings.API_CACHE_SECONDS = 0
    ValueFactory()
    get(client, "/api/v1/observations/")
    assert get(client, "/api/v1/observations/")[1] > 0


def test_a_kept_response_still_counts_against_the_rate(client, db, settings):
    settings.API_RATE = "2/min"
    ValueFactory()
    get(client, "/api/v1/observations/")
    get(client, "/api/v1/observations/")
    assert client.get("/api/v1/observations/").status_code == 429
