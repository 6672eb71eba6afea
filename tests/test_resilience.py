"""Redis and the database may go away: pages still answer, saves still land, errors are logged."""

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from unittest import mock

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse

from config.redis_cache import RedisCache
from hightech_zone import cache as data_cache
from hightech_zone.models import IndicatorValue, Project

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def closed_redis_url():
    return f"redis://127.0.0.1:{free_port()}/0"


def run_python(code, **env):
    """Run code in a fresh process with these environment variables; (returncode, out, err)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_"))}
    clean.pop("DATABASE_URL", None)
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout, result.stderr


def caches_for(**env):
    """settings.CACHES as the settings module builds it from these environment variables."""
    code = "import django,json;from django.conf import settings;print(json.dumps(settings.CACHES))"
    returncode, out, err = run_python(code, **env)
    assert returncode == 0, err
    return json.loads(out)


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of our own on a free port, never the machine's shared one."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def hanging_server():
    """A socket that accepts connections and never answers, as a wedged Redis does."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0", accepted
    listener.close()
    for conn in accepted:
        conn.close()


def redis_cache(url, **options):
    return {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "resilience-tests",
            "OPTIONS": options,
        }
    }


def value_form(value, number):
    return {
        "indicator": value.indicator_id,
        "year": value.year,
        "value": number,
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


@pytest.fixture
def report(db):
    """A zone with a published report that cites a figure (72.6亿元) and a project in
    operation: the public pages these tests read have something to show."""
    from tests import factories

    factories.zone()
    gdp = factories.indicator(code="t_gdp", name="测试地区生产总值", is_headline=True)
    report = factories.report()
    factories.value(
        indicator=gdp,
        year=report.year,
        value="72.6",
        growth_pct="15.8",
        rank=2,
        rank_scope="全市",
        rank_basis="growth",
    )
    factories.section(report=report, body="测试地区生产总值[[t_gdp]]。")
    factories.progress(project=factories.project(name="测试广场"), stage="in_operation")
    return report


@pytest.fixture(autouse=True)
def nothing_owed():
    data_cache._owed = False
    yield
    data_cache._owed = False


# --- Redis is optional at run time ----------------------------------------------------------


def test_with_redis_url_at_a_closed_port_the_portal_renders_and_an_admin_save_succeeds(
    client, staff_user, report
):
    report_url = report.get_absolute_url()
    with override_settings(CACHES=caches_for(REDIS_URL=closed_redis_url())):
        for page in ["/", report_url, "/indicators/", "/projects/?stage=in_operation"]:
            response = client.get(page)
            assert response.status_code == 200, page
        assert "测试广场" in client.get("/projects/?stage=in_operation").content.decode()
        assert "72.6亿元" in client.get(report_url).content.decode()

        staff = Client()
        staff.force_login(staff_user)
        value = IndicatorValue.objects.get(indicator__code="t_gdp", year=report.year)
        url = reverse("admin:hightech_zone_indicatorvalue_change", args=[value.pk])
        assert staff.post(url, value_form(value, "99.9")).status_code == 302
        value.refresh_from_db()
        assert str(value.value) == "99.9000"
        assert "99.9亿元" in client.get(report_url).content.decode()


def test_every_cache_call_answers_like_a_miss_when_redis_is_refused():
    backend = RedisCache(closed_redis_url(), {"OPTIONS": {"breaker_seconds": 0}})
    assert backend.get("k", "default") == "default"
    assert backend.get_many(["a", "b"]) == {}
    assert backend.add("k", 1) is False
    assert backend.set("k", 1) is False
    assert backend.incr("k") is None
    assert backend.delete("k") is False
    assert backend.has_key("k") is False
    assert backend.touch("k") is False
    assert backend.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert backend.get_or_set("k", 5) == 5
    assert backend.clear() is False


def test_a_missing_key_still_raises_value_error_on_incr(private_redis):
    backend = RedisCache(private_redis, {})
    with pytest.raises(ValueError):
        backend.incr("never-set")
    backend.set("counter", 1)
    assert backend.incr("counter") == 2


def test_a_refused_redis_is_warned_about_once_a_minute(caplog):
    port = free_port()
    backend = RedisCache(f"redis://:secret@127.0.0.1:{port}/0", {"OPTIONS": {"breaker_seconds": 0}})
    with caplog.at_level(logging.WARNING, logger="hightech_zone.cache"):
        for _ in range(20):
            backend.get("k")
    warnings = [r.getMessage() for r in caplog.records if r.name == "hightech_zone.cache"]
    assert len(warnings) == 1
    assert f"127.0.0.1:{port}/0" in warnings[0] and "ConnectionError" in warnings[0]
    assert "secret" not in warnings[0]

    caplog.clear()
    backend.health.warned_at -= 61
    with caplog.at_level(logging.WARNING, logger="hightech_zone.cache"):
        backend.get("k")
        backend.get("k")
    assert len([r for r in caplog.records if r.name == "hightech_zone.cache"]) == 1


def test_redis_answering_again_is_logged_once(caplog, private_redis):
    backend = RedisCache(private_redis, {})
    backend.health.failed(redis.ConnectionError("down"), unreachable=False)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="hightech_zone.cache"):
        backend.set("k", 1)
        assert backend.get("k") == 1
    assert [r.getMessage() for r in caplog.records] == [
        f"Redis cache {private_redis.split('://')[1]} answers again"
    ]


def test_a_hanging_redis_costs_one_timeout_then_is_skipped_until_the_breaker_closes(
    hanging_server,
):
    url, accepted = hanging_server
    backend = RedisCache(url, {"OPTIONS": {"socket_timeout": 0.1, "breaker_seconds": 1}})
    assert backend.get("k", "missed") == "missed"  # after one read timeout
    assert len(accepted) == 1
    for _ in range(50):
        assert backend.get_many(["k"]) == {}
        assert backend.set("k", 1) is False
    assert len(accepted) == 1  # the breaker kept every other call off the socket
    time.sleep(1.1)
    backend.get("k")  # the breaker has closed: one call tries Redis again
    assert len(accepted) == 2 and backend.health.skipping()


def test_one_threads_failure_opens_the_breaker_for_every_thread(hanging_server):
    url, accepted = hanging_server
    options = {"OPTIONS": {"socket_timeout": 0.1, "breaker_seconds": 30}}
    RedisCache(url, options).get("k")
    other = []
    thread = threading.Thread(target=lambda: other.append(RedisCache(url, options).get("k", 0)))
    thread.start()
    thread.join()
    assert other == [0] and len(accepted) == 1


def test_redis_settings_use_short_timeouts():
    backend = caches_for(REDIS_URL="redis://cache.internal:6379/1")["default"]
    cache = RedisCache(backend["LOCATION"], backend)
    assert cache._cache._pool_options["socket_connect_timeout"] <= 0.5
    assert cache._cache._pool_options["socket_timeout"] <= 0.5


# --- The data version across an outage --------------------------------------------------------


def test_a_write_during_a_redis_outage_makes_pages_cached_before_it_stale(
    client, private_redis, report
):
    with override_settings(CACHES=redis_cache(private_redis)):
        backend = caches["default"]
        assert "测试广场" in client.get("/projects/").content.decode()  # cached now
        backend.health.skip_until = time.monotonic() + 3600  # Redis unreachable, data kept
        Project.objects.filter(name="测试广场").update(name="测试广场二期")
        assert data_cache._owed
        backend.health.skip_until = 0.0  # Redis answers again
        html = client.get("/projects/").content.decode()
        assert "测试广场二期" in html
        assert not data_cache._owed


def test_a_missing_version_starts_above_any_version_a_page_was_stored_with():
    first = data_cache.data_version()
    for _ in range(3):
        data_cache.bump_data_version()
    stored = data_cache.data_version()
    caches["default"].delete(data_cache.KEY)  # evicted, or Redis restarted
    assert data_cache.data_version() > stored > first > 1


def test_while_the_cache_is_unreachable_no_page_is_stored_or_served(client, private_redis, report):
    with override_settings(CACHES=redis_cache(private_redis)):
        backend = caches["default"]
        backend.health.skip_until = time.monotonic() + 3600
        assert client.get("/policies/").status_code == 200
        backend.health.skip_until = 0.0
        keys = redis.Redis.from_url(private_redis).keys("resilience-tests:*page:*")
        assert keys == []


# --- A database outage answers 503 ------------------------------------------------------------


@pytest.fixture
def quiet_client(client):
    """A client that answers as a server does instead of re-raising the view's error."""
    client.raise_request_exception = False
    return client


def database_down():
    """Every new query fails as it does while PostgreSQL restarts."""
    return mock.patch.object(
        connection,
        "cursor",
        side_effect=OperationalError("terminating connection due to administrator command"),
    )


def test_a_database_outage_answers_503_with_retry_after_and_a_chinese_page(quiet_client, report):
    with database_down():
        response = quiet_client.get(report.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "系统维护中" in html and "10秒后" in html
    assert "Traceback" not in html and "administrator command" not in html


def test_the_maintenance_page_speaks_english_under_en(quiet_client, report):
    with database_down():
        response = quiet_client.get(f"/en{report.get_absolute_url()}")
    assert response.status_code == 503
    html = response.content.decode()
    assert "Down for maintenance" in html and 'href="/en/"' in html


def test_the_admin_answers_503_too_while_the_database_is_down(staff_client):
    staff_client.raise_request_exception = False
    with database_down():
        response = staff_client.get(reverse("admin:hightech_zone_project_changelist"))
    assert response.status_code == 503


def test_cached_pages_are_still_served_while_the_database_is_down(quiet_client, report):
    url = report.get_absolute_url()
    assert quiet_client.get(url).status_code == 200
    # The indicator's page answers while the database is up; a new data version drops it
    # from the cache again, so that below it is the page that must be read from the database.
    assert quiet_client.get("/indicators/t_gdp/").status_code == 200
    data_cache.bump_data_version()
    assert quiet_client.get(url).status_code == 200
    with database_down():
        cached = quiet_client.get(url)
        uncached = quiet_client.get("/indicators/t_gdp/")
    assert cached.status_code == 200 and "72.6亿元" in cached.content.decode()
    assert uncached.status_code == 503


def test_any_other_error_still_answers_the_ordinary_500(quiet_client):
    with mock.patch("portal.views.HomeView.get_context_data", side_effect=RuntimeError("boom")):
        response = quiet_client.get("/")
    assert response.status_code == 500
    assert "服务暂时不可用" in response.content.decode()
    assert "Retry-After" not in response


REQUEST = """
import django
django.setup()
from django.test import Client
response = Client(raise_request_exception=False).get({path!r})
print(response.status_code, response.get("Retry-After"))
"""


@pytest.mark.parametrize("pool", ["0", "1"])
def test_an_unreachable_postgresql_answers_503_and_logs_the_traceback(pool):
    returncode, out, err = run_python(
        REQUEST.format(path="/reports/2017/"),
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/nothing",
        DJANGO_DB_POOL=pool,
        DJANGO_DB_POOL_TIMEOUT="1",
        DJANGO_PAGE_CACHE_SECONDS="0",
    )
    assert returncode == 0, err
    assert out.split() == ["503", "10"]
    assert "Traceback" in err and "OperationalError" in err


def test_a_500_is_logged_with_its_traceback_on_stderr_with_debug_off(tmp_path):
    code = """
import django
django.setup()
from unittest import mock
from django.test import Client
with mock.patch("portal.views.HomeView.get_context_data", side_effect=RuntimeError("boom-4711")):
    print(Client(raise_request_exception=False).get("/").status_code)
"""
    returncode, out, err = run_python(
        code, DJANGO_DEBUG="0", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    assert returncode == 0, err
    assert out.strip() == "500"
    assert "ERROR django.request: Internal Server Error: /" in err
    assert "Traceback (most recent call last)" in err and "RuntimeError: boom-4711" in err


POOL = """
import django, json
django.setup()
from django.db import connection
from psycopg_pool import ConnectionPool
print(json.dumps([connection.pool._check is ConnectionPool.check_connection,
                  connection.settings_dict["OPTIONS"].get("connect_timeout")]))
"""


def test_pooled_connections_are_checked_before_use():
    returncode, out, err = run_python(
        POOL, DATABASE_URL="postgres://zone@db.internal:5432/zone", DJANGO_DB_POOL="1"
    )
    assert returncode == 0, err
    assert json.loads(out) == [True, 5]


STALE = """
import django, psycopg, time
django.setup()
from django.db import connection
def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]
first = backend_pid()
connection.close()  # back to the pool, as at the end of a request
with psycopg.connect({url!r}, autocommit=True) as other:
    other.execute("SELECT pg_terminate_backend(%s)", [first])  # as a restart does
time.sleep(0.2)
print(first != backend_pid())
"""


def test_a_pooled_connection_broken_while_idle_is_never_handed_to_a_request():
    url = "postgresql://postgres@127.0.0.1:5432/postgres"
    returncode, out, err = run_python(
        STALE.format(url=url),
        DATABASE_URL=url.replace("postgresql", "postgres", 1),
        DJANGO_DB_POOL="1",
        DJANGO_DB_POOL_MIN="1",
        DJANGO_DB_POOL_MAX="1",
    )
    assert returncode == 0, err
    assert out.strip() == "True"
