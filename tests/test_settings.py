"""Configuration comes from the environment, with safe development defaults."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

PROBE = """
import json, django
from django.conf import settings
from django.template import engines

django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "name": settings.DATABASES["default"]["NAME"],
    "host": settings.DATABASES["default"].get("HOST"),
    "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS,
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "secret": settings.SECRET_KEY,
    "admin": settings.ADMIN_URL,
    "language": settings.LANGUAGE_CODE,
    "tz": settings.TIME_ZONE,
    "db_options": settings.DATABASES["default"].get("OPTIONS", {}).get("options", ""),
    "loaders": [
        type(loader).__module__ for loader in engines["django"].engine.template_loaders
    ],
}))
"""

CONFIG_VARS = [
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_ADMIN_URL",
    "DJANGO_CACHE_DIR",
]


def settings_under(**env):
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_defaults_are_sqlite_a_cache_folder_shared_by_processes_debug_off_chinese():
    config = settings_under()
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["name"].endswith("db.sqlite3")
    assert config["debug"] is False
    assert config["cache"].endswith("FileBasedCache")
    assert config["cache_location"] == settings_under()["cache_location"]
    assert config["admin"] == "admin/"
    assert (config["language"], config["tz"]) == ("zh-hans", "Asia/Shanghai")
    assert len(config["secret"]) >= 50


def test_environment_selects_postgresql_redis_and_production_values():
    config = settings_under(
        DATABASE_URL="postgres://zone@db.internal:5432/zone",
        REDIS_URL="redis://cache.internal:6379/1",
        DJANGO_SECRET_KEY="k" * 60,
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="zone.example.gov.cn, www.zone.example.gov.cn",
        DJANGO_ADMIN_URL="/staff-only/",
    )
    assert config["engine"] == "django.db.backends.postgresql"
    assert (config["name"], config["host"]) == ("zone", "db.internal")
    assert config["cache"] == "config.redis_cache.RedisCache"
    assert config["cache_location"] == "redis://cache.internal:6379/1"
    assert config["secret"] == "k" * 60
    assert config["hosts"] == ["zone.example.gov.cn", "www.zone.example.gov.cn"]
    assert config["admin"] == "staff-only/"


def test_postgresql_connections_never_compile_queries_with_jit():
    assert "jit=off" in settings_under(DATABASE_URL="postgres://zone@db/zone")["db_options"]
    assert settings_under()["db_options"] == ""  # SQLite has no such option


@pytest.mark.django_db
def test_the_database_connection_has_jit_off_on_postgresql():
    if connection.vendor != "postgresql":  # SQLite compiles nothing: no option to pass
        assert "options" not in connection.settings_dict.get("OPTIONS", {})
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_templates_are_loaded_once_per_process_with_debug_on_and_off():
    for debug in ("0", "1"):
        loaders = settings_under(DJANGO_DEBUG=debug)["loaders"]
        assert loaders == ["django.template.loaders.cached"], (debug, loaders)


def test_debug_is_on_only_when_asked():
    assert settings_under(DJANGO_DEBUG="1")["debug"] is True
    assert settings_under(DJANGO_DEBUG="off")["debug"] is False


def test_no_secret_key_is_committed():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout.split()
    assert ".secret_key" not in tracked
    assert ".env" not in tracked


def test_each_database_has_its_own_cache_folder_unless_one_is_named():
    sqlite = settings_under()["cache_location"]
    other = settings_under(DATABASE_URL="postgres://u@db.internal:5432/zone")["cache_location"]
    assert sqlite != other and "hightech_zone-cache" in sqlite
    assert settings_under(DJANGO_CACHE_DIR="/srv/cache")["cache_location"] == "/srv/cache"


def test_static_files_leave_out_redoc_but_keep_swagger_ui_and_the_app_by_its_name():
    from django.contrib.staticfiles import finders

    paths = [path for finder in finders.get_finders() for path, _storage in finder.list([])]
    assert any("swagger-ui-dist" in path for path in paths)
    assert not any("redoc" in path for path in paths)
    # pytest-django's live server (the browser tests) serves static files only then.
    assert "django.contrib.staticfiles" in settings.INSTALLED_APPS
