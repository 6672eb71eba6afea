"""Settings for the high-tech zone admin and portal.

Everything that differs between a laptop and a server comes from the environment;
see README.md and .env.example. The defaults are safe for local development only.
"""

import hashlib
import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    # A random key per checkout, so no key is ever committed or shared between machines.
    # Servers behind a load balancer must all set the same DJANGO_SECRET_KEY instead.
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # sitemap.xml's templates (portal.sitemaps); no Sites framework: the request's host is used.
    "django.contrib.sitemaps",
    "simple_history",
    "config.login_security.AxesConfig",
    "csp",
    # Before import_export: its `import` command is replaced by ours (Chinese refusals).
    # The job queue; before hightech_zone, whose admin replaces the queue's (English) one.
    "django_tasks",
    "django_tasks_db",
    "hightech_zone",
    "import_export",
    "django_tables2",
    "django_filters",
    "portal",
    # The open-data API (/api/): read-only JSON, its OpenAPI schema and Swagger UI, CORS.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Public pages gzipped on the way out, cached or not; never the admin (BREACH, see there).
    "portal.compression.PublicPageGZipMiddleware",
    # Cached public pages are answered here, whole, before the rest of the stack runs.
    "portal.middleware.PageCacheMiddleware",
    # As early as it can be, as django-cors-headers asks; it answers /api/ only.
    "corsheaders.middleware.CorsMiddleware",
    # The open data's own front: a NUL refused in JSON, the rate, then kept responses answered
    # whole, before the session, the language, CSRF and the rest are reached.
    "api.middleware.RefuseInJsonMiddleware",
    "api.throttling.ThrottleMiddleware",
    "api.caching.KeptResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # A NUL in the address is a 400 here, with the headers above, not a database error.
    "hightech_zone.middleware.RefuseNulMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hightech_zone.demo_notice.demo_data",
                "portal.display_mode.display_mode",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
    )
}
# psycopg 3's connection pool, shared by the threads of one app server (make serve turns it on).
if env_bool("DJANGO_DB_POOL") and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DJANGO_DB_POOL_MIN", "2")),
        "max_size": int(os.environ.get("DJANGO_DB_POOL_MAX", "10")),
        "timeout": float(os.environ.get("DJANGO_DB_POOL_TIMEOUT", "10")),
    }

# Public pages are cached for this long at most; any write makes them stale at once anyway.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
# Pieces of public pages (portal.fragments) are kept this long at most; a write to a table they
# read makes them stale at once, a write elsewhere leaves them. 0 renders every piece each time.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("DJANGO_FRAGMENT_CACHE_SECONDS", "3600"))

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_PREFIX", "hightech_zone"),
        }
    }
else:
    # Without Redis, files that every process of this installation shares: the dev server,
    # gunicorn's workers and manage.py commands (start_zone, import…), so that a write in any
    # of them makes every cached page stale in all of them. A folder per database, so that two
    # checkouts or databases on one machine never serve each other's pages.
    _database = DATABASES["default"]
    _identity = "|".join(
        str(_database.get(part, "")) for part in ("ENGINE", "NAME", "HOST", "PORT")
    )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR")
            or str(
                Path(tempfile.gettempdir())
                / "hightech_zone-cache"
                / hashlib.sha256(_identity.encode()).hexdigest()[:16]
            ),
        }
    }

# --- Outages: Redis, the database, and the log that tells about them -----------------------
# Redis is only a cache: config.redis_cache answers like a miss while it is down. A
# database outage answers 503 (config.errors). Every connection taken from the pool, or
# kept with DJANGO_CONN_MAX_AGE, is checked first, so none broken by a restart is ever used
# (Django hands CONN_HEALTH_CHECKS to psycopg's pool as its `check`); connecting gives up after
# a few seconds instead of waiting on an unreachable host forever.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    # PostgreSQL compiles a query with LLVM once its estimated cost passes jit_above_cost: a
    # list of 20,000 projects filtered by stage paid 25 ms of compiling for 120 ms of work, and
    # more at scale 10. A page's queries are short and never reused; compiling never pays.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A background job's import holds SQLite's write lock for its whole transaction. In WAL
    # mode pages keep reading meanwhile (a rollback journal locks readers out once the
    # transaction outgrows the page cache), and a write waits for the lock instead of failing.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("init_command", "PRAGMA journal_mode=WAL;")
    _options.setdefault("timeout", int(os.environ.get("DJANGO_SQLITE_TIMEOUT", "30")))
    # A file, not memory, so that the worker process a test starts sees the test's database.
    _checkout = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]
    DATABASES["default"].setdefault("TEST", {}).setdefault(
        "NAME", str(Path(tempfile.gettempdir()) / f"hightech_zone-test-{_checkout}.sqlite3")
    )

# With DEBUG off Django sends errors only to ADMINS by mail; send them, with their traceback,
# to stderr, which gunicorn (make serve) and systemd's journal keep. 4xx are left out.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "hightech_zone": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "psycopg.pool": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["hightech_zone.locale_formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "config.static_files.AppDirectoriesWithoutUnserved",
]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# Hashed, compressed file names with far-future caching once collectstatic has run (make serve);
# plain names otherwise, so that development and tests need no collectstatic.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST")
if STATIC_MANIFEST:
    # Served by the app server itself, compressed and cached for a year (see make serve).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
# Source maps (Swagger UI's, megabytes) are for a developer's browser: not worth compressing.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Nothing under MEDIA_ROOT is served by its address: readers download a public policy's
# attachment from its page (/policies/<id>/attachment/), staff from the admin (MEDIA_URL, set
# below under the admin's path). With nginx in front, its internal location (see
# docs/deploy.md) may send the files instead: set this to that location, e.g. /protected-media/.
MEDIA_ACCEL_REDIRECT = os.environ.get("DJANGO_MEDIA_ACCEL_REDIRECT", "")

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "admin:login"
# Where a login goes when its ?next= is refused as unsafe (Django's default is a 404).
LOGIN_REDIRECT_URL = "admin:index"

# Largest file staff may upload (policy attachments); imports get their own limit later.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Where the staff admin lives; a less guessable path is one line of configuration away.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
# Attachments' own addresses (the admin's file links) are staff-only, under the admin.
MEDIA_URL = f"/{ADMIN_URL}media/"


# --- Security -------------------------------------------------------------------------------
# Production sets DJANGO_HTTPS=1 (the site is only served over TLS) and, behind nginx or a load
# balancer that terminates TLS, DJANGO_PROXY_COUNT to the number of proxies in front of Django.
HTTPS = env_bool("DJANGO_HTTPS", default=False)
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))

SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# 我为政府网站找错: posts one address may make in a window before it gets 429 (no outside captcha).
ERROR_REPORTS_PER_ADDRESS = int(os.environ.get("DJANGO_ERROR_REPORTS_PER_ADDRESS", "5"))
ERROR_REPORTS_WINDOW_SECONDS = int(os.environ.get("DJANGO_ERROR_REPORTS_WINDOW_SECONDS", "600"))

# Only our own scripts and styles. ECharts' SVG renderer and Django's admin widgets set
# style attributes, which style-src-attr allows; no inline <script> or <style> is allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# django-axes: lock a username from an address after repeated failed logins.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DJANGO_LOGIN_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# Over-long usernames are cut to what axes can store, so that they get the ordinary error.
AXES_USERNAME_CALLABLE = "config.login_security.login_username"
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if PROXY_COUNT else ("REMOTE_ADDR",)
)

# Uploaded attachments: size is checked by the field validator (see models.py).
MAX_UPLOAD_BYTES = int(os.environ.get("DJANGO_MAX_UPLOAD_MB", "10")) * 1024 * 1024

# Largest spreadsheet staff may import.
IMPORT_MAX_BYTES = int(os.environ.get("DJANGO_IMPORT_MAX_MB", "10")) * 1024 * 1024

# --- Background jobs (hightech_zone.jobs) --------------------------------------------------
# The queue is the database (django-tasks' DatabaseBackend); `manage.py run_jobs` is a worker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# An upload up to this size (about 2,000 rows of CSV) is previewed and imported within the
# request; a larger one becomes a job with a page that shows its progress.
JOBS_INLINE_MAX_BYTES = int(os.environ.get("DJANGO_JOBS_INLINE_MAX_KB", "100")) * 1024
# A workbook export of more rows than this is offered as a job, not as a direct download.
JOBS_INLINE_EXPORT_ROWS = int(os.environ.get("DJANGO_JOBS_INLINE_EXPORT_ROWS", "20000"))
# Jobs one user may have queued or running at once.
JOBS_PER_USER = int(os.environ.get("DJANGO_JOBS_PER_USER", "2"))
# A job still running after this many seconds is stopped and marked failed.
JOBS_TIME_LIMIT = int(os.environ.get("DJANGO_JOBS_TIME_LIMIT", "1800"))
# Finished jobs are deleted after this many days; their import log (ImportRecord) stays.
JOBS_KEEP_DAYS = int(os.environ.get("DJANGO_JOBS_KEEP_DAYS", "30"))

# --- The open-data API (api/, issue 16) -----------------------------------------------------
# Read-only and anonymous: no session, no cookie, no CSRF; JSON, and lists as CSV or XLSX
# files (api.downloads). Every error is JSON in Chinese and English (api.errors).
# Requests per anonymous client address, e.g. 120/min, 1000/hour, 10/s; "off" for no limit
# (a proxy in front that limits, or a benchmark measuring serving rather than refusing).
API_RATE = os.environ.get("DJANGO_API_RATE", "120/min").strip()
API_RATE = None if API_RATE.lower() in ("", "off") else API_RATE
# Most rows a list's CSV or XLSX file holds (?format=csv|xlsx; JSON pages hold 1000 at most).
API_DOWNLOAD_MAX_ROWS = int(os.environ.get("DJANGO_API_DOWNLOAD_MAX_ROWS", "200000"))
# A rendered API response is kept in the cache under its ETag this long at most (0: never);
# any write to a table it read makes it stale at once anyway.
API_CACHE_SECONDS = int(os.environ.get("DJANGO_API_CACHE_SECONDS", "600"))
# The licence the open data is published under (/data.jsonld's dct:license, the 数据开放 page).
OPEN_DATA_LICENSE = os.environ.get(
    "DJANGO_OPEN_DATA_LICENSE", "https://creativecommons.org/licenses/by/4.0/"
)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # No OPTIONS metadata: the API's views answer GET and HEAD only (CORS preflights are
    # answered by django-cors-headers before any view).
    "DEFAULT_METADATA_CLASS": None,
    # Throttled by api.throttling.ThrottleMiddleware, before any view (kept responses count).
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.LimitOffsetPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "api.filters.StrictOrderingFilter",
    ],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
    "ORDERING_PARAM": "ordering",
    # The client's address behind DJANGO_PROXY_COUNT proxies, as django-axes reads it; with
    # none, REMOTE_ADDR (DRF's None would trust every X-Forwarded-For a client makes up).
    "NUM_PROXIES": PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "高新区开放数据接口 · High-tech zone open data API",
    "DESCRIPTION": (
        "园区公开发布的数据:园区概况、指标与指标数值、投资项目、政策文件、创新平台、年度工作报告。"
        "只读,无需登录;草稿和已撤回的记录不会出现。\n\n"
        "The zone's published records: profile, indicators and their yearly observations, "
        "projects, policy documents, innovation platforms and yearly work reports. Read-only "
        "and anonymous; drafts and withdrawn records never appear."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge fetched from validator.swagger.io: nothing leaves the site.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "QualifierEnum": "hightech_zone.models.Qualifier",
        "ProjectStageEnum": "hightech_zone.models.ProjectStage",
    },
}
# Any origin may read the API and its catalogue (GET only); nothing else on the site is shared
# across origins.
CORS_URLS_REGEX = r"^/(api/.*|data\.jsonld)$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
