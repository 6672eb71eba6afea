"""Pages light on a phone: the small deferred ECharts build, reserved chart heights, gzip for
public pages only (BREACH) and far-future caching of hashed static files."""

import gzip
import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory, override_settings

from portal.compression import PublicPageGZipMiddleware
from tests import factories

pytestmark = pytest.mark.django_db

VENDOR = settings.BASE_DIR / "static" / "vendor" / "echarts"
BUNDLE = "vendor/echarts/echarts.custom.min.js"


def chart_indicator():
    indicator = factories.indicator(unit="亿元")
    factories.value(indicator=indicator, year=2091, value="50", growth_pct="10")
    factories.value(indicator=indicator, year=2092, value="60", growth_pct="20", target_value="70")
    return indicator


def script_tags(html):
    return re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)


def test_the_full_echarts_build_is_gone_and_the_custom_build_is_half_its_size():
    assert not (VENDOR / "echarts.min.js").exists()
    bundle = (VENDOR / "echarts.custom.min.js").read_bytes()
    assert 300_000 < len(bundle) < 600_000  # the full build was 1,121,883 bytes
    assert b"Apache License, Version 2.0" in bundle[:400]
    assert (VENDOR / "LICENSE").exists() and (VENDOR / "NOTICE").exists()


def test_an_indicator_chart_page_loads_only_deferred_scripts_naming_the_custom_build(client):
    html = client.get(chart_indicator().get_absolute_url()).content.decode()
    (tag,) = script_tags(html)
    assert " defer " in tag and "/static/js/charts.js" in tag
    assert f'data-echarts-src="/static/{BUNDLE}"' in tag
    assert "echarts.min.js" not in html


def test_a_chart_page_names_the_worker_that_draws_its_charts_and_the_options_it_shares(client):
    html = client.get(chart_indicator().get_absolute_url()).content.decode()
    (tag,) = script_tags(html)
    assert 'data-worker-src="/static/js/charts-worker.js"' in tag
    assert 'data-options-src="/static/js/chart-options.js"' in tag
    for name in ("charts-worker.js", "chart-options.js"):
        assert (settings.BASE_DIR / "static" / "js" / name).exists()


def test_the_echarts_build_offers_setplatformapi_for_measuring_text_in_the_worker():
    assert b"setPlatformAPI" in (VENDOR / "echarts.custom.min.js").read_bytes()


def test_the_report_page_defers_its_scripts_and_names_the_custom_build(client, site_records):
    other = factories.indicator(name="测试财政收入")
    factories.value(indicator=other, year=site_records.report.year, growth_pct="22.3")
    site_records.section.indicators.add(other)
    html = client.get(site_records.report.get_absolute_url()).content.decode()
    tags = script_tags(html)
    assert len(tags) == 2 and all(" defer " in tag for tag in tags)
    assert f'data-echarts-src="/static/{BUNDLE}"' in html


def test_the_page_reserves_the_charts_height_so_nothing_moves_when_it_is_drawn(client):
    html = client.get(chart_indicator().get_absolute_url()).content.decode()
    data = json.loads(
        re.search(r'<script id="indicator-chart-data"[^>]*>(.*?)</script>', html, re.S).group(1)
    )
    # Two panels (value with its target, growth) of 176 px, the title, the margin, the legend.
    assert data["height"] == 36 + 2 * 176 + 8 + 28
    assert f'data-chart-source="indicator-chart-data" style="height: {data["height"]}px"' in html


def test_a_public_page_is_gzipped_for_a_browser_that_accepts_it(client, site_records):
    url = site_records.indicator.get_absolute_url()
    plain = client.get(url)
    zipped = client.get(url, headers={"accept-encoding": "gzip"})
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content


def test_a_public_page_from_the_page_cache_is_gzipped_too(client, site_records):
    url = site_records.report.get_absolute_url()
    client.get(url)  # fills the cache
    again = client.get(url, headers={"accept-encoding": "gzip"})
    assert again["Content-Encoding"] == "gzip"
    assert "工作报告" in gzip.decompress(again.content).decode()
    # The cache keeps the page as rendered: a reader without gzip gets it plain.
    assert "Content-Encoding" not in client.get(url)


def test_the_admin_login_with_its_csrf_token_is_never_gzipped(client):
    response = client.get(f"/{settings.ADMIN_URL}login/", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "Content-Encoding" not in response


def test_an_admin_page_for_signed_in_staff_is_never_gzipped(staff_client):
    response = staff_client.get(f"/{settings.ADMIN_URL}", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_a_public_page_that_used_the_csrf_token_is_not_gzipped():
    request = RequestFactory().get("/", headers={"accept-encoding": "gzip"})
    request.public_page = True
    token = get_token(request)
    response = HttpResponse(f"<form>{token}</form>" * 50)
    response = PublicPageGZipMiddleware(lambda r: response)(request)
    assert "Content-Encoding" not in response


@pytest.mark.parametrize(
    ("content_type", "zipped"),
    [
        ("text/html; charset=utf-8", True),
        ("text/csv; charset=utf-8", True),
        ("application/pdf", False),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False),
    ],
)
def test_only_text_from_public_pages_is_gzipped_a_pdf_or_workbook_is_compressed_already(
    content_type, zipped
):
    request = RequestFactory().get("/", headers={"accept-encoding": "gzip"})
    request.public_page = True
    response = HttpResponse(b"x" * 5000, content_type=content_type)
    response = PublicPageGZipMiddleware(lambda r: response)(request)
    assert (response.get("Content-Encoding") == "gzip") is zipped


def manifest_settings(static_root):
    """make serve's static files: the compressed manifest storage, whitenoise in front."""
    storage = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    middleware = [settings.MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware"]
    middleware += settings.MIDDLEWARE[1:]
    return override_settings(STORAGES=storage, STATIC_ROOT=static_root, MIDDLEWARE=middleware)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic once for the module (it compresses every file: seconds)."""
    static_root = tmp_path_factory.mktemp("static")
    with manifest_settings(static_root):
        call_command("collectstatic", "--noinput", verbosity=0)
    return static_root


@pytest.fixture
def manifest_static(collected):
    with manifest_settings(collected):
        yield collected


def test_hashed_static_files_are_cached_for_a_year_and_served_compressed(manifest_static):
    from django.contrib.staticfiles.storage import staticfiles_storage

    url = staticfiles_storage.url(BUNDLE)
    assert re.search(r"echarts\.custom\.min\.[0-9a-f]{12}\.js$", url)
    response = Client().get(url, headers={"accept-encoding": "gzip, br"})
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1)) >= 365 * 86400
    assert response["Content-Encoding"] in ("gzip", "br")
    assert int(response["Content-Length"]) < 250_000


def test_pages_under_the_manifest_storage_name_the_hashed_build(manifest_static):
    html = Client().get(chart_indicator().get_absolute_url()).content.decode()
    assert re.search(
        r'data-echarts-src="/static/vendor/echarts/echarts\.custom\.min\.[0-9a-f]{12}\.js"', html
    )
