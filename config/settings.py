"""Settings, read from the environment.

Defaults are the safe production ones (DEBUG off, secure cookies, HSTS); `make run` and
the test settings turn on what development needs. See README.md for every variable.
"""

import os
from email.utils import getaddresses
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set, so there is no database connection: use `make run` / "
        "`make test` (they start a local PostgreSQL), or point DATABASE_URL at a PostgreSQL "
        "server."
    )
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A form sent with a stale or missing token: a page in the portal's layout and language.
CSRF_FAILURE_VIEW = "portal.views.errors.csrf_failure"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_countries",
    "simple_history",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "common",
    "partners",
    "cooperation",
    "calls",
    "funding",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.FrenchFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "common.middleware.PrivatePagesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "partners.staff_security.StaffSecurityMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "partners.context_processors.portal",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ["DATABASE_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partners.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Twelve characters at least (ANSSI's recommendation for a password without a second
# factor), not close to the e-mail or name, not among the 20 000 most common ones.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "partners:account_home"
LOGOUT_REDIRECT_URL = "portal:home"

# django-allauth: e-mail as the login, verified before the first login.
SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "partners.forms.SignupDetailsForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Coopérations ESS] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
ACCOUNT_ADAPTER = "partners.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "partners.staff_security.MFAAdapter"
# Staff and superusers must activate a second factor before anything else (on by default
# in production; `make run` runs with DEBUG on, so the demo accounts log in as before).
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", not DEBUG)
# A staff session left without a request that long asks for the password again (a form
# sent then is kept and sent once re-authenticated).
STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("STAFF_SESSION_IDLE_MINUTES", "60"))
# Re-authentication holds for five minutes (allauth's default), then sensitive account
# changes ask again.
MFA_TOTP_ISSUER = "Coopérations ESS"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# Off: ids and numbers in attributes must never read "1 125"; amounts and figures are
# grouped on purpose by the templates (intcomma, the `decimal` and `euros` filters).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files live outside any public path and are served by views that check access.
MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# Uploaded files are private: views check who asks, then send them. No address serves
# them directly, so their URL points nowhere (a host that cannot exist); Django's test
# server, which serves MEDIA_URL when it is a path, serves nothing either.
MEDIA_URL = "https://fichiers-prives.invalid/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
COUNTRIES_FIRST = ["FR"]

# E-mail: console in development, SMTP in production (EMAIL_URL-like variables).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds before a silent mail server is given up on (the task is then retried): without
# it, one hanging server would hold the worker, and every e-mail behind it, for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Coopérations ESS <ne-pas-repondre@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def env_admins(name: str) -> list[tuple[str, str]]:
    """``ADMINS="Name <a@example.org>, b@example.org"``: who receives the server errors."""
    admins = []
    for display_name, address in getaddresses([os.environ.get(name, "")]):
        if not address:
            continue
        if "@" not in address:
            raise ImproperlyConfigured(f"{name}: {address!r} is not an e-mail address.")
        admins.append((display_name or address, address))
    return admins


ADMINS = env_admins("ADMINS")

# Security: strict by default, relaxed only when DEBUG is on (local HTTP).
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preloading puts the whole domain (a council's, with its other sites) in the browsers'
# built-in HTTPS-only list, which takes months to undo: the operator opts in. Without it,
# Django's deployment check W021 is expected and silenced.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The client's address behind reverse proxies (rate limits, security log): either the
# number of proxies in front of the portal that append to X-Forwarded-For
# (TRUSTED_PROXY_COUNT=1 behind one nginx), or a header that the proxy sets and the
# client cannot (TRUSTED_CLIENT_IP_HEADER=X-Real-IP). Neither: the TCP peer's address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER") or None
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
X_FRAME_OPTIONS = "DENY"

# Map tiles (/carte/): an XYZ tile URL, OpenStreetMap by default; an empty MAP_TILE_URL
# draws the map without a background layer (markers and the list still work offline).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
# The tile host joins the CSP img-src; a "{s}." subdomain pattern becomes "*.".
_map_tile = urlsplit(MAP_TILE_URL.replace("{s}.", "x-subdomain."))
MAP_TILE_ORIGIN = (
    f"{_map_tile.scheme}://{_map_tile.netloc.replace('x-subdomain.', '*.')}"
    if _map_tile.scheme in ("http", "https") and _map_tile.netloc
    else None
)

# django-csp 4: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MAP_TILE_ORIGIN] if MAP_TILE_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}


def logging_settings(
    admins: list[tuple[str, str]], security_log_file: str | None = None
) -> dict[str, Any]:
    """Everything goes to the console (the server's log); with ADMINS, the errors of
    Django's requests (500s) are also mailed to them. The security log (common/security.py)
    is kept at INFO whatever LOG_LEVEL says, and also written to SECURITY_LOG_FILE if set
    (reopened after logrotate)."""
    security_file = (
        {
            "security_file": {
                "class": "logging.handlers.WatchedFileHandler",
                "filename": security_log_file,
                "formatter": "security",
            }
        }
        if security_log_file
        else {}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
        "formatters": {
            "security": {"format": "time=%(asctime)s level=%(levelname)s %(message)s"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler"},
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["require_debug_false"],
            },
            **security_file,
        },
        "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "loggers": {
            # Django's default handlers replaced: its messages reach the root's console.
            "django": {"handlers": []},
            "django.request": {"handlers": ["mail_admins"] if admins else []},
            # One line per task state change is noise; failures are still logged.
            "django_tasks": {"level": "WARNING"},
            "security": {"level": "INFO", "handlers": list(security_file)},
            # An e-mail given up after its retries: the console, and ADMINS if set (that
            # mail may not get through either, hence the console first).
            "common.tasks": {
                "handlers": ["console", "mail_admins"] if admins else ["console"],
                "propagate": False,
            },
        },
    }


LOGGING = logging_settings(ADMINS, os.environ.get("SECURITY_LOG_FILE"))

# Background work (e-mails, reminders, the purge of old applications): Django's task API
# (the django-tasks backport), stored in the database and run by `manage.py run_worker`;
# `manage.py schedule_tasks` queues the recurring ones. TASKS_BACKEND may name another
# backend (e.g. django_tasks.backends.immediate.ImmediateBackend: run in the request).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Two caches. "default" holds what must be shared by every worker and must not be pushed
# out by traffic: allauth's rate-limit counters. Redis when REDIS_URL is set, else a table
# of the database (created after `migrate`), never a per-process memory that would
# multiply the limits by the number of workers. "public" holds the anonymous visitors'
# pages and figures: Redis (own key prefix) or one bounded memory cache per process.
if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "limits",
        },
        "public": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "public",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "common_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
        "public": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
# How long anonymous visitors' pages and the public figures are kept at most; any write
# to the public data makes them stale at once (see partners/public_cache.py). 0 turns
# the page cache off.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "120"))

# Largest uploaded file (documents, evidence, applications' attachments), in bytes.
MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_SIZE", str(10 * 1024 * 1024)))

# Pagination of public and staff lists.
PAGE_SIZE = 20

# The public page cache (common/public_cache.py): the apps whose tables feed public pages,
# and the tables of theirs that do not. Writing those (a login updates the user row; an
# applicant saving a draft, a reviewer scoring) must not throw away every cached page;
# what the public sees of applications (results of a call) changes with its grants.
PUBLIC_DATA_APPS = ("partners", "cooperation", "calls", "funding")
PUBLIC_DATA_PRIVATE_MODELS = frozenset(
    {
        "partners.user",
        "partners.departmentmembership",
        "partners.departmentinvitation",
        "partners.structuremembership",
        # A proposed change of a structure's identity is public only once accepted, which
        # writes the structure itself.
        "partners.structurerevision",
        "calls.application",
        "calls.application_sdgs",
        "calls.teammember",
        "calls.budgetline",
        "calls.applicationdocument",
        "calls.applicationevent",
        "calls.message",
        "calls.reviewassignment",
        "calls.score",
        "calls.finalreport",
    }
)
