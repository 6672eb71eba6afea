"""Public pages are cached, and no write ever leaves a stale figure in the cache."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hightech_zone import publishing
from hightech_zone.cache import data_version
from hightech_zone.models import Project

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_records")]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_warm_page_is_served_without_touching_the_database(client, site_records):
    url = site_records.report.get_absolute_url()
    cold, _ = queries_for(client, url)
    warm, html = queries_for(client, url)
    assert cold > 5 and warm == 0
    assert "72.6亿元" in html


def test_filters_languages_and_downloads_are_cached_separately(client, site_records):
    name = site_records.indicator.name
    economy = client.get("/indicators/", {"category": "economy"}).content.decode()
    reform = client.get("/indicators/", {"category": "reform"}).content.decode()
    assert name in economy and name not in reform
    assert "Indicators" in client.get("/en/indicators/").content.decode()
    download = client.get("/indicators/", {"_export": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    assert name in download.content.decode("utf-8-sig")


def test_an_admin_edit_is_shown_at_once(client, staff_user, site_records):
    report = site_records.report.get_absolute_url()
    indicator = site_records.indicator.get_absolute_url()
    pages = [report, "/", indicator, "/indicators/"]
    for page in pages:
        assert "72.6" in client.get(page).content.decode(), page  # cached now
    value = site_records.value
    staff = Client()
    staff.force_login(staff_user)
    form = {
        "indicator": value.indicator_id,
        "year": value.year,
        "value": "99.9",
        "qualifier": "",
        "baseline_qualifier": "",
        "growth_pct": "15.8",
        "rank": 2,
        "rank_scope": "全市",
        "rank_basis": "growth",
        "status": "published",
        "withdrawn_reason": "",
        "loaded_version": value.version,
    }
    url = reverse("admin:hightech_zone_indicatorvalue_change", args=[value.pk])
    assert staff.post(url, form).status_code == 302
    for page in pages:
        html = client.get(page).content.decode()
        assert "72.6" not in html, page
        assert "99.9" in html, page


def test_bulk_updates_and_deletes_are_shown_at_once(client, site_records):
    name = site_records.project.name
    assert name in client.get("/projects/").content.decode()
    Project.objects.filter(name=name).update(name=f"{name}二期")
    assert f"{name}二期" in client.get("/projects/").content.decode()
    Project.objects.filter(name=f"{name}二期").delete()
    assert name not in client.get("/projects/").content.decode()


def test_publishing_and_withdrawing_are_shown_at_once(client, publisher, site_records):
    project = site_records.project
    url = project.get_absolute_url()
    assert "本内容已于" not in client.get(url).content.decode()
    assert project.name in client.get("/projects/").content.decode()
    publishing.withdraw(record=project, user=publisher, reason="项目调整")
    assert "撤回理由:项目调整" in client.get(url).content.decode()
    assert project.name not in client.get("/projects/").content.decode()
    publishing.publish(record=project, user=publisher)
    assert "撤回理由" not in client.get(url).content.decode()
    assert project.name in client.get("/projects/").content.decode()


def test_relation_changes_are_shown_at_once(client, site_records):
    section, project = site_records.section, site_records.project
    report = site_records.report.get_absolute_url()
    assert project.get_absolute_url() in client.get(report).content.decode()
    section.projects.remove(project)
    assert project.get_absolute_url() not in client.get(report).content.decode()


def test_the_version_is_raised_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks, site_records
):
    before = data_version()
    value = site_records.value
    with django_capture_on_commit_callbacks(execute=True):
        value.save()
        during = data_version()
    assert during > before
    assert data_version() > during


REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
        "KEY_PREFIX": "hightech-zone-tests",
    }
}


@override_settings(CACHES=REDIS)
def test_pages_are_shared_through_redis_and_invalidated_there(client, site_records):
    redis = caches["default"]
    redis.clear()
    try:
        cold, _ = queries_for(client, "/policies/")
        warm, _ = queries_for(Client(), "/policies/")  # another "server" process, same Redis
        assert cold > 0 and warm == 0
        url = site_records.project.get_absolute_url()
        assert "新的投资方" not in Client().get(url).content.decode()  # cached now
        Project.objects.filter(pk=site_records.project.pk).update(investor="新的投资方")
        assert "新的投资方" in Client().get(url).content.decode()
    finally:
        redis.clear()


def test_cached_pages_keep_their_security_headers_and_set_no_cookie(client):
    client.get("/policies/")
    warm = client.get("/policies/")
    assert warm["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in warm["Content-Security-Policy"]
    assert not warm.cookies


def test_health_checks_and_the_admin_are_never_cached(client, staff_client):
    from django.core.cache import cache

    client.get("/healthz")
    staff_client.get("/admin/")
    staff_client.get("/admin/")
    assert not any(key.startswith(":1:page:") for key in cache._cache)  # locmem's own store


def page_keys():
    from django.core.cache import cache

    return sorted(key for key in cache._cache if ":page:" in key)  # locmem's own store


def test_a_cached_page_is_never_served_for_a_host_outside_allowed_hosts(client, site_records):
    cached = client.get("/policies/")
    assert cached.status_code == 200 and site_records.policy.title in cached.content.decode()
    response = client.get("/policies/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert site_records.policy.title not in response.content.decode()


def test_parameters_a_page_ignores_share_one_cache_entry(client, site_records):
    first, _ = queries_for(client, "/indicators/?category=economy")
    again, html = queries_for(client, "/indicators/?category=economy&utm_source=x")
    assert first > 0 and again == 0
    assert len(page_keys()) == 1
    assert site_records.indicator.name in html


def test_the_order_of_parameters_does_not_make_a_new_entry(client):
    queries_for(client, "/projects/?stage=in_operation&sort=-total_investment")
    warm, _ = queries_for(client, "/projects/?sort=-total_investment&stage=in_operation")
    assert warm == 0 and len(page_keys()) == 1


def test_pages_without_parameters_ignore_every_query_string(client, site_records):
    for junk in ["", "?a=1", "?utm_source=x&fbclid=y", "?q=科技"]:
        queries_for(client, site_records.report.get_absolute_url() + junk)
    assert len(page_keys()) == 1


def test_search_is_cached_per_query_and_nothing_else(client):
    queries_for(client, "/search/?q=科技")
    queries_for(client, "/search/?q=科技&page=3")
    queries_for(client, "/search/?q=测试")
    assert len(page_keys()) == 2


def test_junk_parameters_never_reach_the_links_of_a_stored_page(client):
    html = client.get("/projects/?stage=in_operation&utm_source=evil").content.decode()
    assert "evil" not in html and "utm_source" not in html
    assert "stage=in_operation" in html  # sort links keep the filter the page reads


def test_cached_pages_expire_after_page_cache_seconds(client, settings):
    import time

    from django.core.cache import cache

    client.get("/policies/")
    [key] = page_keys()
    expires_in = cache._expire_info[key] - time.time()
    assert settings.PAGE_CACHE_SECONDS - 5 < expires_in <= settings.PAGE_CACHE_SECONDS


def test_without_redis_a_write_in_another_process_makes_cached_pages_stale(
    client, site_records, tmp_path
):
    """The default cache without REDIS_URL is a folder that the dev server, gunicorn's workers
    and manage.py commands share: start_zone or an import run beside `make run` shows at once."""
    files = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    name = site_records.project.name
    url = site_records.project.get_absolute_url()
    with override_settings(CACHES=files):
        assert name in client.get(url).content.decode()
        with connection.cursor() as cursor:  # a write this process never hears of
            cursor.execute(
                f"UPDATE {Project._meta.db_table} SET name = %s WHERE id = %s",
                ["测试另一进程改名", site_records.project.pk],
            )
        assert name in client.get(url).content.decode()  # still the cached page
        env = {
            **os.environ,
            "DJANGO_CACHE_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        env.pop("REDIS_URL", None)
        code = (
            "import django; django.setup(); "
            "from hightech_zone.cache import bump_data_version; bump_data_version()"
        )
        subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, check=True, timeout=60
        )
        assert "测试另一进程改名" in client.get(url).content.decode()
