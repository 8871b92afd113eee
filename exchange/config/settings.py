"""Settings for the exchange-partner manager.

One module for every environment: production differs only by environment
variables, read through the small typed helpers below.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from exchange.core.country_names import country_overrides
from exchange.core.logs import logging_config
from exchange.ops.reporting import init_error_reporting

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# Development by default, like `make run`; production sets DEBUG=0 and SECRET_KEY.
DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "exchange",
    "partners",
    "shipments",
]

MIDDLEWARE = [
    # /healthz for the load balancer, before the host check and the HTTPS redirect.
    "exchange.ops.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app server itself, compressed and cached for ever.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL in the address is a 404 before anything queries the database with it.
    "exchange.core.security.RefuseNulMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in user's language, else the cookie, else LANGUAGE_CODE.
    "exchange.core.preferences.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Reports read from the replica (DATABASE_REPLICA_URL) and come from the cache
    # (REDIS_URL) while their data are unchanged; neither does anything without them.
    "exchange.reports.replica.ReportReadsMiddleware",
    "exchange.reports.cache.ReportCacheMiddleware",
    # Last: turns a sign-in refused for too many failures into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses sign-in attempts while locked out, then Django checks.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, with a user's permissions and groups read in one query.
    "exchange.core.access.AccessBackend",
]

ROOT_URLCONF = "exchange.config.urls"

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
                "exchange.config.context_processors.exchange",
            ],
        },
    },
]

WSGI_APPLICATION = "exchange.config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The development server serves requests in threads: writers wait for each other
    # (a busy timeout, transactions that take the write lock when they begin) instead
    # of failing with "database is locked", and readers never wait (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Several hosts behind a load balancer: nothing that matters is kept on a host (sessions
# in the database, with REDIS_URL in Redis in front of it; uploads waiting for their
# confirmation in the database). Reports may read from a PostgreSQL replica.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("CONN_MAX_AGE", 60)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["exchange.reports.replica.ReportReplicaRouter"]
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "exchange",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Report pages kept in the cache (exchange.reports.cache), only when it is shared.
EXCHANGE_REPORT_CACHE = env_bool("REPORT_CACHE", bool(REDIS_URL))
EXCHANGE_REPORT_CACHE_SECONDS = env_int("REPORT_CACHE_SECONDS", 60 * 60)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["exchange.config.formats"]
# Taiwan, Hong Kong and Macao as regions of China; CLDR's names where the list's are wrong.
COUNTRIES_OVERRIDE = country_overrides()
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# In production, file names carry a hash of their content (so browsers may cache them for
# ever) and `collectstatic` must have run; development and tests need neither.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

# The currency every value is converted to in reports; its rate is always 1.
EXCHANGE_BASE_CURRENCY = env_str("EXCHANGE_BASE_CURRENCY", "CNY").upper()
# The library's names until an administrator fills in its identity (admin: Library identity).
EXCHANGE_LIBRARY_NAME = env_str("EXCHANGE_LIBRARY_NAME", "National Library of China")
EXCHANGE_LIBRARY_NAME_ORIGINAL = env_str("EXCHANGE_LIBRARY_NAME_ORIGINAL", "中国国家图书馆")
# A partner we send to that has sent nothing counted for this many months is to be claimed.
EXCHANGE_CLAIM_AFTER_MONTHS = env_int("EXCHANGE_CLAIM_AFTER_MONTHS", 12)
# An outgoing shipment dispatched this many days ago and never acknowledged is to be confirmed.
EXCHANGE_CONFIRM_AFTER_DAYS = env_int("EXCHANGE_CONFIRM_AFTER_DAYS", 120)

# A selection from an offer list worth more than this (in the base currency, at today's
# rates) is approved by a department head as well as by staff.
EXCHANGE_APPROVAL_THRESHOLD = env_int("EXCHANGE_APPROVAL_THRESHOLD", 5000)

# Imports: what one file may be (exchange.transfer.limits). A file past a limit is
# refused whole, before or while it is read, with one message; the import page shows
# the limits.
EXCHANGE_IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 50)
EXCHANGE_IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
EXCHANGE_IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 100)
EXCHANGE_IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 5_000)
EXCHANGE_IMPORT_MAX_UNPACKED_MB = env_int("IMPORT_MAX_UNPACKED_MB", 300)
EXCHANGE_IMPORT_MAX_RATIO = env_int("IMPORT_MAX_RATIO", 100)
EXCHANGE_IMPORT_MAX_PROBLEMS = env_int("IMPORT_MAX_PROBLEMS", 200)
# Uploads waiting for their confirmation: so many per user, for so many hours.
EXCHANGE_IMPORT_PENDING_PER_USER = env_int("IMPORT_PENDING_PER_USER", 5)
EXCHANGE_IMPORT_PENDING_HOURS = env_int("IMPORT_PENDING_HOURS", 24)

# Security ---------------------------------------------------------------------------

# A session lasts a working day at most, and ends when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Production is served over HTTPS only; behind a proxy that ends TLS, set
# SECURE_PROXY_SSL_HEADER=1 so that the proxy's X-Forwarded-Proto is trusted.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy: everything from this site, nothing inline (no <script> without
# src, no on… handlers, no style="" attributes: tests/test_security.py scans the templates).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Sign-in throttling (django-axes): after 5 failures for one user name from one address,
# that user name is locked out there for a while. A successful sign-in resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind reverse proxies every request comes from the nearest: with PROXY_COUNT=N (the
# number of proxies) the client is the N-th address from the right of X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "exchange.core.security.client_ip"
EXCHANGE_PROXY_COUNT = env_int("PROXY_COUNT", 0)
# Web addresses typed without a scheme are taken as https (the Django 6 default).
FORMS_URLFIELD_ASSUME_HTTPS = True

# Operations (docs/deployment.md) -------------------------------------------------------

# To standard error: a line per import, export, bulk action and job (exchange.core.logs);
# LOG_FORMAT=json writes JSON lines for a log collector.
LOGGING = logging_config(env_str("LOG_LEVEL", "INFO"), env_str("LOG_FORMAT", "text"))

# /healthz checks the database, the cache where it is shared (Redis), and these: dotted
# paths of functions returning None when all is well, else a short reason. By default the
# jobs' worker's heartbeat (docs/deployment.md, "Jobs").
HEALTH_CHECKS = env_list("HEALTH_CHECKS", "exchange.jobs.health.check_worker")

# Errors reported to Sentry when SENTRY_DSN is set; nothing is sent otherwise.
SENTRY_ENABLED = init_error_reporting(os.environ)

# Scheduled jobs (docs/deployment.md, "Scheduled jobs"): `manage.py scheduler` enqueues
# each task when due ("daily at HH:MM", "weekly on Monday at HH:MM", in TIME_ZONE; "off"
# turns one off); the worker runs it.
SCHEDULE = {
    "backup": {
        "task": "exchange.ops.tasks.nightly_backup",
        "when": env_str("SCHEDULE_BACKUP", "daily at 02:00"),
    },
    "summary_check": {
        "task": "exchange.ops.tasks.check_balance_summary",
        "when": env_str("SCHEDULE_SUMMARY_CHECK", "daily at 03:00"),
    },
    "overdue_digest": {
        "task": "exchange.ops.tasks.overdue_digest",
        "when": env_str("SCHEDULE_OVERDUE_DIGEST", "weekly on Monday at 07:00"),
    },
}
# The nightly backups kept in backups/ (0: all).
EXCHANGE_BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
# The site's address, for the links of e-mails.
EXCHANGE_SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# E-mail (the digest): SMTP in production; printed to the console in development.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")

# The application's own pages for these errors, in the user's language.
CSRF_FAILURE_VIEW = "exchange.ops.errors.csrf_failure"

# Long work in the background (docs/deployment.md): Django's tasks API; by default its
# database backend, whose worker (`manage.py db_worker`) needs no other server.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Jobs (exchange.jobs): a finished job's file is kept so many days; a download or an
# export of more rows than JOBS_SYNC_ROWS runs as a job; a worker unseen for
# JOBS_WORKER_STALE_SECONDS is taken for dead, and a running job silent for
# JOBS_STALE_MINUTES for abandoned (exchange.jobs.recovery).
JOBS_RESULT_DAYS = env_int("JOBS_RESULT_DAYS", 7)
JOBS_SYNC_ROWS = env_int("JOBS_SYNC_ROWS", 5000)
JOBS_WORKER_STALE_SECONDS = env_int("JOBS_WORKER_STALE_SECONDS", 60)
JOBS_STALE_MINUTES = env_int("JOBS_STALE_MINUTES", 15)
