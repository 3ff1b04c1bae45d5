"""Kooperacja settings: one module, configured from the environment.

`DATABASE_URL` picks the database (SQLite in `data/` by default, PostgreSQL in production and CI).
`KOOPERACJA_ENV` is `production` (default), `demo` or `test`; only `demo` and `test` relax anything.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("KOOPERACJA_DATA_DIR", PROJECT_DIR / "data"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("KOOPERACJA_ENV", "production")
DEMO = ENVIRONMENT == "demo"
TESTING = ENVIRONMENT == "test"

DEBUG = env_bool("DEBUG", default=False)
# Without SECRET_KEY, management commands (migrations, checks, dev tools) still run on a key marked insecure,
# which `check --deploy` reports; serving the application (wsgi/asgi) refuses to start in production.
_INSECURE_KEY = "django-insecure-demo-key-only-for-local-demo-and-tests-never-in-production-0123456789"
SECRET_KEY_CONFIGURED = bool(os.environ.get("SECRET_KEY")) or DEMO or TESTING or DEBUG
SECRET_KEY = os.environ.get("SECRET_KEY") or _INSECURE_KEY


def require_secret_key() -> None:
    """Serving (wsgi, asgi, `kooperacja serve`) needs a real SECRET_KEY and, in production, DATABASE_URL."""
    from django.core.exceptions import ImproperlyConfigured

    if not SECRET_KEY_CONFIGURED:
        raise ImproperlyConfigured("Ustaw zmienną środowiskową SECRET_KEY (set SECRET_KEY).")
    if DATABASE_URL_MISSING:
        raise ImproperlyConfigured(DATABASE_URL_MESSAGE)


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEMO or TESTING or DEBUG) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # first: its createsuperuser (Polish prompts) replaces django.contrib.auth's (the first app with a command wins)
    "kooperacja.core.commands",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    # ours, in layer order (an app depends only on the ones above it)
    "kooperacja.core",
    "kooperacja.accounts",
    "kooperacja.organisations",
    "kooperacja.catalog",
    "kooperacja.commissioning",
    "kooperacja.consortia",
    "kooperacja.delivery",
    "kooperacja.cooperation",
    "kooperacja.participation",
    "kooperacja.learning",
    "kooperacja.monitoring",
    "kooperacja.api",
    "kooperacja.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kooperacja.core.middleware.NoStoreForPersonalDataMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kooperacja.accounts.middleware.SlidingSessionMiddleware",  # Django's, writing only on change or once a minute
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kooperacja.core.middleware.PolishFirstLocaleMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kooperacja.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kooperacja.urls"
WSGI_APPLICATION = "kooperacja.wsgi.application"
ASGI_APPLICATION = "kooperacja.asgi.application"

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
                "csp.context_processors.nonce",
                "kooperacja.core.context_processors.platform",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "rules.templatetags.rules",
                "kooperacja.core.templatetags.kooperacja_tags",
            ],
        },
    }
]

# Production never falls back to a SQLite file in data/: without DATABASE_URL the database is a dummy that
# nothing can use, and cli.py refuses every command that needs one in one line (translation tools still run).
DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASE_URL_MISSING = not DATABASE_URL and not (DEMO or TESTING or DEBUG)
DATABASE_URL_MESSAGE = (
    "Ustaw zmienną środowiskową DATABASE_URL (np. postgres://kooperacja:hasło@127.0.0.1:5432/kooperacja); "
    "produkcja nie działa bez bazy PostgreSQL (set DATABASE_URL)."
)
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "60"))
DATABASES = {
    "default": {"ENGINE": "django.db.backends.dummy"}
    if DATABASE_URL_MISSING
    else dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{DATA_DIR / 'kooperacja.sqlite3'}",
        conn_max_age=CONN_MAX_AGE,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# Scale-out (docs/scale.md): a read replica for the monitoring app's reads. Writes, migrations and every read
# inside a write transaction stay on the primary (kooperacja.core.dbrouter).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=CONN_MAX_AGE)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["kooperacja.core.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions in Redis when REDIS_URL is set (several app servers behind a load balancer share them);
# otherwise the per-process memory cache and sessions in the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kooperacja",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Sessions: 30 minutes of inactivity ends a session (personal data of beneficiaries is on screen). The timeout
# slides: a page view writes the session (and so moves its expiry) when it changed or when its last write is
# SESSION_REFRESH_INTERVAL seconds old, not on every request (accounts.middleware.SlidingSessionMiddleware), so
# a session ends after 29-30 minutes without a request, never later.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_INTERVAL = min(60, SESSION_COOKIE_AGE // 10)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: lock out after 5 failed logins for 15 minutes (per username and IP address).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True

OTP_TOTP_ISSUER = "Kooperacja"

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("polski")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["kooperacja.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
KOOPERACJA_MAX_UPLOAD_BYTES = int(os.environ.get("KOOPERACJA_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
# Imports (core.uploads): the size limit above applies to every import and attachment; these bound what a file
# may expand to and how much of it one request may process before the import moves to the task worker.
KOOPERACJA_IMPORT_MAX_ROWS = int(os.environ.get("KOOPERACJA_IMPORT_MAX_ROWS", "5000"))
KOOPERACJA_IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("KOOPERACJA_IMPORT_MAX_UNCOMPRESSED_BYTES", str(50 * 1024 * 1024))
)
KOOPERACJA_IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("KOOPERACJA_IMPORT_MAX_COMPRESSION_RATIO", "100"))
KOOPERACJA_IMPORT_BACKGROUND_ROWS = int(os.environ.get("KOOPERACJA_IMPORT_BACKGROUND_ROWS", "100"))
KOOPERACJA_IMPORT_BACKGROUND_BYTES = int(os.environ.get("KOOPERACJA_IMPORT_BACKGROUND_BYTES", str(256 * 1024)))

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if (DEMO or DEBUG)
    else (
        "django.core.mail.backends.locmem.EmailBackend" if TESTING else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kooperacja <no-reply@kooperacja.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend"
    }
}

# Security headers. The demo is served over plain HTTP on 127.0.0.1, so HTTPS-only flags follow the environment.
SECURE = not (DEMO or TESTING or DEBUG) and not env_bool("KOOPERACJA_INSECURE_HTTP")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and not env_bool("KOOPERACJA_BEHIND_TLS_PROXY_NO_REDIRECT")
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
# Behind nginx the scheme comes from gunicorn: `kooperacja serve` trusts X-Forwarded-Proto from the addresses in
# FORWARDED_ALLOW_IPS (127.0.0.1 by default), so Django needs no SECURE_PROXY_SSL_HEADER of its own.
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # axes logs lockouts at INFO; its start-up banner ("AXES: BEGIN ...", logger axes.apps) would be printed by
    # every management command, so it is kept out of the console.
    "loggers": {"axes": {"level": "WARNING" if TESTING else "INFO"}, "axes.apps": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 50
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# Open Contracting (OCDS) identifiers: the prefix registered with the Open Contracting Partnership.
OCDS_PREFIX = os.environ.get("OCDS_PREFIX", "ocds-kooprc")
# How long participants' personal data is kept after their last service before anonymisation [?] default.
KOOPERACJA_DELIVERY_RETENTION_DAYS = int(os.environ.get("KOOPERACJA_DELIVERY_RETENTION_DAYS", str(5 * 365)))
# Participation (docs/participation.md): the secret of the voters' keyed hashes (HMAC-SHA256 of PESEL numbers
# and voting codes), kept outside the database. Set it in production and keep it unchanged while a plebiscite
# runs; without it (demo, development) it is derived from SECRET_KEY.
KOOPERACJA_VOTER_HMAC_KEY = os.environ.get("KOOPERACJA_VOTER_HMAC_KEY", "") or (
    __import__("hashlib").sha256(b"kooperacja-voter-hmac:" + SECRET_KEY.encode()).hexdigest()
)
# Days after a plebiscite's final result before its verification data is deleted (time for complaints).
KOOPERACJA_PARTICIPATION_PURGE_AFTER_DAYS = int(os.environ.get("KOOPERACJA_PARTICIPATION_PURGE_AFTER_DAYS", "14"))
KOOPERACJA_PARTICIPATION_REMIND_BEFORE_HOURS = int(os.environ.get("KOOPERACJA_PARTICIPATION_REMIND_BEFORE_HOURS", "24"))
