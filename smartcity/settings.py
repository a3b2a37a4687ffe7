"""Settings for Monev Smart City, read from the environment (django-environ).

With no environment at all the portal runs on the embedded default: a SQLite
file beside the code, Celery in eager mode, local-memory cache. Production sets
DATABASE_URL, CELERY_BROKER_URL, CACHE_URL, SECRET_KEY and ALLOWED_HOSTS.
"""
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")


def env_bool(name, default):
    """A yes/no setting from the environment, strictly: a word that is neither (`DEBUG=Ture`) stops the
    start with a clear error, where django-environ would quietly read it as False."""
    if name not in env:
        return default
    raw = env.str(name)
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value: use one of {', '.join(TRUE_WORDS)} "
        f"or {', '.join(FALSE_WORDS)} (any case).")


# The embedded default (no DATABASE_URL) is the developer's and demo's shape: DEBUG on unless
# said otherwise. Any configured database means production: DEBUG off unless said otherwise.
EMBEDDED = "DATABASE_URL" not in env
DEBUG = env_bool("DEBUG", default=EMBEDDED)

SECRET_KEY = env("SECRET_KEY", default=None)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-not-secret-monev-smart-city-embedded-default"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "smartcity.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_htmx",
    "django_bootstrap5",
    "bootstrap",
    "smartcity",
    "accounts",
    "regions",
    "programmes",
    "evaluations",
    "dashboards",
    "reports",
    "monitoring",
    "publik",
    "notifications",
    "wayfinding",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "smartcity.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "smartcity.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # With DEBUG on, the portal's own 404 and 500 pages unless DEBUG_TECHNICAL_PAGES (smartcity/errors.py).
    "smartcity.middleware.PortalErrorPagesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
    # On SQLite only (no ATOMIC_REQUESTS there): each POST, PUT, PATCH and DELETE is one transaction.
    "smartcity.middleware.WriteRequestTransactionMiddleware",
]

ROOT_URLCONF = "smartcity.urls"

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
                "smartcity.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "smartcity.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default, where several people may save at once (runserver serves each request in its own
    # thread): a write-ahead log lets reads go on while one writer writes; a write transaction takes the
    # write lock when it begins (IMMEDIATE), so two never deadlock half-way and the second waits its turn
    # (busy timeout, seconds) instead of failing with "database is locked". Only writing requests run in a
    # transaction (smartcity.middleware.WriteRequestTransactionMiddleware): a read in one would queue
    # behind every writer.
    DATABASES["default"]["ATOMIC_REQUESTS"] = False
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
    })
else:
    # Every request, read or write, is one transaction.
    DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A connection dropped by a PostgreSQL restart is replaced on the next request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Dashboards keep their figures per user and filters until a write changes the data (dashboards/cache.py);
# this bounds an entry's life in seconds, 0 turns the cache off.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=600)
# Public pages and open data (publik/): cached whole for this many seconds (the public may see a write that
# late); the open-data identifiers are built from PUBLIC_BASE_URL, never from the request's host.
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=60)
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
PUBLIC_DATA_LICENCE = env.str("PUBLIC_DATA_LICENCE", default="https://creativecommons.org/licenses/by/4.0/")
PUBLIC_PUBLISHER_ID = env.str("PUBLIC_PUBLISHER_ID", default="Kementerian Komunikasi dan Digital")
PUBLIC_PUBLISHER_EN = env.str("PUBLIC_PUBLISHER_EN", default="Ministry of Communication and Digital Affairs")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username + address pair after repeated failures.
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# How many reverse proxies in front of the portal append the address they saw to X-Forwarded-For
# (default 0: the socket's address is the client's, and X-Forwarded-For is never read). Every throttle and
# the sign-in lockout count by smartcity.net.client_ip, which reads this.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "smartcity.net.client_ip"

# Internationalisation: Bahasa Indonesia first, English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# A list filter's empty choice says what it means ("Semua"), not django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["smartcity.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded documents and built reports live on the local disk by default, in an S3-compatible bucket
# (MinIO, Ceph, AWS…) when S3_BUCKET is set. Files are only ever served through views that ask the
# policy, so the bucket stays private (no ACL, signed URLs only).
if env("S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "access_key": env("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("S3_SECRET_ACCESS_KEY", default=None),
            "region_name": env("S3_REGION", default=None),
            "location": env("S3_PREFIX", default=""),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Bootstrap's .map files are shipped next to the bundles; missing ones must not break collectstatic.
WHITENOISE_MANIFEST_STRICT = False

BOOTSTRAP5 = {
    # django-bootstrap5 points at a CDN by default; the portal serves its own copy.
    "css_url": {"url": "/static/bootstrap/css/bootstrap.min.css"},
    "javascript_url": {"url": "/static/bootstrap/js/bootstrap.bundle.min.js"},
    "set_placeholder": False,
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PARSER_CLASSES": ["smartcity.parsers.JSONParser", "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"token": env("TOKEN_THROTTLE_RATE", default="10/min")},
    # For any DRF throttle that does not ask smartcity.net.client_ip (ours do): the same trust.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # The domain's refusals (PermissionDenied, ValidationError, Conflict, StaleVersion) become answers here, once.
    "EXCEPTION_HANDLER": "smartcity.exceptions.api_exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Monev Smart City API",
    "DESCRIPTION": "REST API v1 of the Gerakan Menuju 100 Smart City monitoring and evaluation portal.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Two models call their choices `kind`: name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "RegionKindEnum": "regions.models.Region.Kind",
        "ReportKindEnum": "reports.models.Report.Kind",
        "YearlyReportStatusEnum": "monitoring.models.YearlyReport.Status",
        "EnrolmentStatusEnum": "regions.models.Enrolment.Status",
        "FundingSourceEnum": "programmes.models.FundingSource",
    },
}

# Celery: no broker configured means eager execution inside the web process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None) or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_STORE_EAGER_RESULT = True
CELERY_TASK_ACKS_LATE = True
# A worker killed mid-task: its pool child's death requeues the message at once; the whole worker's
# death leaves it unacknowledged, and Redis delivers it again after the visibility timeout (which
# must exceed the longest task).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # How often a worker looks for such messages (seconds × every nth look); kombu's default is ~100 s.
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=1),
}
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# WeasyPrint does not hand memory back to the OS: recycle the worker process.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=20)
CELERY_TIMEZONE = TIME_ZONE

# Stored files nobody owns: superseded reports and files no record points to are removed once they are this
# many days old (reports.cleanup), every night by Celery beat (the `beat` service) or `manage.py clean_files`.
FILE_RETENTION_DAYS = env.int("FILE_RETENTION_DAYS", default=30)
if FILE_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("FILE_RETENTION_DAYS must be at least 1 (a younger file may belong to a save "
                               "still in progress).")
# A static schedule (no database scheduler): `celery -A smartcity beat`, one process for the whole site.
from celery.schedules import crontab  # noqa: E402 (kept with the one setting that needs it)

CELERY_BEAT_SCHEDULE = {
    "clean-files": {"task": "reports.tasks.clean_files", "schedule": crontab(hour=2, minute=30)},  # 02:30 WIB
    # The day's reminders and the one digest mail per user (notifications.services.send_reminders).
    "send-reminders": {"task": "notifications.tasks.send_reminders", "schedule": crontab(hour=7, minute=0)},
}

# Mail: EMAIL_URL (django-environ), e.g. smtp+tls://user:pass@mail.example.go.id:587; on the embedded default
# mails are written as files to mail/ in the checkout (filemail), so the demo's digests can be read there.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default=f"filemail:///{BASE_DIR / 'mail'}" if EMBEDDED else "smtp://localhost:25")
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_FILE_PATH = EMAIL_CONFIG.get("EMAIL_FILE_PATH", "")
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = EMAIL_CONFIG.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = EMAIL_CONFIG.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Monev Smart City <noreply@smartcity.localhost>")
# The address the portal is reached at, for the links in mails.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

# Security. Defaults are strict unless DEBUG; each can be relaxed by the environment
# (the test suite serves over plain HTTP on loopback).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", default=False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): scripts only from our own static files — no inline
# script and no on*="" handler exists in the templates, and htmx runs with allowEval off.
# Styles from our static files too, with two exceptions named exactly: Swagger UI's page keeps its
# <style> block with the request's nonce (templates/drf_spectacular/swagger_ui.html), and the
# self-contained 500 page (rendered without a request, so without a nonce) by the hash of its one
# <style> (tests/security/test_headers.py recomputes it). The charts are hand-built SVG without
# <style>. data: images are Bootstrap's CSS icons (select arrows, validation marks).
ERROR_PAGE_STYLE_HASH = "'sha256-+GClsE4xOZR6PkrQ0++PJQcKGauIpcxCfxed8pHAQGM='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE, ERROR_PAGE_STYLE_HASH],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
PERMISSIONS_POLICY = ["camera", "microphone", "geolocation", "payment", "usb", "display-capture"]

# Uploaded files larger than this stay on disk while they are checked.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

PORTAL_NAME = _("Monev Smart City")

# With DEBUG on (the embedded default) a missing or out-of-scope page and an error still show the portal's
# own 404/400/500 pages, as in production; a developer who wants Django's technical pages (URL patterns,
# tracebacks, settings) asks for them.
DEBUG_TECHNICAL_PAGES = env_bool("DEBUG_TECHNICAL_PAGES", default=False)
DEFAULT_EXCEPTION_REPORTER = "smartcity.errors.PortalExceptionReporter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}
