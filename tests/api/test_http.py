"""The API's HTTP manners: conditional GETs, caching, CORS, no cookies, JSON errors."""

import pytest

from tests.factories import PolicyFactory, ValueFactory

LISTS = [
    "/api/v1/indicators/",
    "/api/v1/observations/",
    "/api/v1/projects/",
    "/api/v1/policies/",
    "/api/v1/platforms/",
    "/api/v1/reports/",
]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_carries_an_etag_last_modified_and_cache_control(api, path):
    ValueFactory()
    response = api(path)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == "public, max-age=60"


def test_a_matching_if_none_match_answers_304_without_a_body(api):
    value = ValueFactory()
    etag = api("/api/v1/observations/")["ETag"]
    response = api("/api/v1/observations/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert api("/api/v1/observations/", HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert api("/api/v1/observations/", HTTP_IF_NONE_MATCH='"other"').status_code == 200
    detail = f"/api/v1/observations/{value.pk}/"
    assert api(detail)["ETag"] != etag, "each address has its own"


def test_a_write_changes_the_etag_and_a_write_elsewhere_does_not(api):
    value = ValueFactory(value=1)
    before = api("/api/v1/observations/")["ETag"]
    PolicyFactory()
    assert api("/api/v1/observations/")["ETag"] == before
    value.value = 2
    value.save()
    after = api("/api/v1/observations/")
    assert after["ETag"] != before
    assert api("/api/v1/observations/", HTTP_IF_NONE_MATCH=before).status_code == 200
    assert after.json()["results"][0]["value"] == 2


def test_last_modified_is_the_newest_change_of_the_list(api):
    from django.utils.http import http_date

    ValueFactory(year=2090)
    newest = ValueFactory(year=2091)
    assert api("/api/v1/observations/")["Last-Modified"] == http_date(newest.updated_at.timestamp())


def test_no_cookie_is_set_and_any_origin_may_read(api):
    ValueFactory()
    response = api("/api/v1/observations/", HTTP_ORIGIN="https://elsewhere.example")
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_the_portal_is_not_shared_across_origins(client, db):
    response = client.get("/", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in response


def test_an_unknown_address_under_api_is_a_json_404(api):
    for path in ("/api/nothing/", "/api/v1/nothing", "/api/v2/indicators/", "/api/v1/reports/x/"):
        response = api(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"] == {
            "code": "not_found",
            "message": "找不到该记录",
            "message_en": "Not found",
        }


def test_an_address_without_its_final_slash_is_sent_to_the_one_with_it(api):
    response = api("/api/v1/indicators?category=economy")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/indicators/?category=economy"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_any_method_but_get_is_a_json_405(client, db, method):
    response = getattr(client, method)("/api/v1/indicators/")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response.json()["error"]["message_en"] == "Only GET is allowed"
    assert response["Allow"] == "GET, HEAD"


def test_head_answers_like_get_without_a_body(client, db):
    ValueFactory()
    get, head = client.get("/api/v1/observations/"), client.head("/api/v1/observations/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]


def test_a_cors_preflight_is_answered_for_get(client, db):
    response = client.options(
        "/api/v1/indicators/",
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_throttling_answers_429_json_with_retry_after(api, settings):
    settings.API_RATE = "2/min"
    assert api("/api/v1/indicators/").status_code == 200
    assert api("/api/v1/indicators/").status_code == 200
    response = api("/api/v1/indicators/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    error = response.json()["error"]
    assert error["code"] == "throttled"
    assert error["message"] == "请求过于频繁,请稍后再试"
    assert error["message_en"] == "Too many requests; try again later"


def test_no_rate_means_no_throttle(api, settings):
    settings.API_RATE = None  # DJANGO_API_RATE=off
    assert all(api("/api/v1/indicators/").status_code == 200 for _ in range(5))
    settings.API_RATE = "4/min"
    assert [api("/api/v1/indicators/").status_code for _ in range(5)][-1] == 429


def test_the_swagger_ui_is_served_from_our_own_files_within_the_csp(client, db):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_the_rest_of_the_site_keeps_its_csp(client, db):
    assert (
        client.get("/")["Content-Security-Policy"]
        == client.get("/api/docs/")["Content-Security-Policy"]
    )


def test_a_made_up_forwarded_for_does_not_reset_the_rate(api, settings):
    settings.API_RATE = "2/min"
    assert api("/api/v1/indicators/").status_code == 200
    assert api("/api/v1/indicators/").status_code == 200
    for n in range(3):
        spoofed = api("/api/v1/indicators/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        assert spoofed.status_code == 429


def test_behind_one_proxy_the_rate_counts_the_address_it_forwards(api, settings, monkeypatch):
    from rest_framework.settings import api_settings

    settings.API_RATE = "1/min"
    monkeypatch.setitem(settings.REST_FRAMEWORK, "NUM_PROXIES", 1)
    api_settings.reload()
    try:
        assert api("/api/v1/indicators/", HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 200
        assert api("/api/v1/indicators/", HTTP_X_FORWARDED_FOR="10.0.0.1").status_code == 429
        assert api("/api/v1/indicators/", HTTP_X_FORWARDED_FOR="10.0.0.2").status_code == 200
    finally:
        monkeypatch.undo()
        api_settings.reload()


def test_parameters_in_accept_neither_change_the_answer_nor_fill_the_cache(client, db, monkeypatch):
    from api import caching

    stored = []
    store = caching.cache.set
    monkeypatch.setattr(
        caching.cache, "set", lambda key, *a, **k: (stored.append(key), store(key, *a, **k))
    )
    ValueFactory()
    plain = client.get("/api/v1/observations/", HTTP_ACCEPT="application/json")
    for n in range(5):
        again = client.get("/api/v1/observations/", HTTP_ACCEPT=f"application/json; x={n}")
        assert again["ETag"] == plain["ETag"] and again.content == plain.content
    kept = [key for key in stored if key.startswith("api:response:")]
    assert len(kept) == 1, "one kept copy, none per made-up parameter"
    indented = client.get("/api/v1/observations/", HTTP_ACCEPT="application/json; indent=2")
    assert indented["ETag"] != plain["ETag"] and b"\n  " in indented.content


def test_if_none_match_star_answers_304_only_for_what_exists(client, db):
    value = ValueFactory()
    assert client.get("/api/v1/observations/999999/", HTTP_IF_NONE_MATCH="*").status_code == 404
    bad = client.get("/api/v1/observations/?ordering=bogus", HTTP_IF_NONE_MATCH="*")
    assert bad.status_code == 400
    assert (
        client.get(f"/api/v1/observations/{value.pk}/", HTTP_IF_NONE_MATCH="*").status_code == 304
    )
    assert (
        client.get(f"/api/v1/observations/{value.pk}/", HTTP_IF_NONE_MATCH="*").status_code == 304
    )


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/", "/api/v1/", "/api/nothing", "/api/v1/policies"])
def test_a_write_anywhere_under_the_api_is_a_json_error_not_a_csrf_page(client, db, method, path):
    response = getattr(client, method)(path)
    assert response.status_code in (404, 405), response.status_code
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] in ("not_found", "method_not_allowed")


@pytest.mark.parametrize("path", ["/api/v1/zone/", "/api/v1/observations/", "/data.jsonld"])
def test_an_unknown_host_is_a_json_400(client, db, path):
    response = client.get(path, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "bad_request"
