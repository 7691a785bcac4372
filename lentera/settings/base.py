"""Settings shared by every environment. Every secret and URL comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LENTERA_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # django-ninja as an app: the API docs page uses its bundled Swagger UI static files, never a CDN
    "ninja",
    "lentera.core",
    "lentera.accounts",
    "lentera.providers",
    "lentera.planning",
    "lentera.tendering",
    "lentera.bidding",
    "lentera.contracts",
    "lentera.servicedesk",
    "lentera.governance",
    "lentera.training",
    "lentera.catalog",
    "lentera.opendata",
    "lentera.reporting",
    "lentera.public",
    "lentera.operations",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lentera.core.middleware.SharedCacheGuardMiddleware",
    "csp.middleware.CSPMiddleware",
    "lentera.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lentera.core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lentera.accounts.middleware.ActingRoleMiddleware",
    "lentera.core.middleware.RequestContextMiddleware",
    "lentera.core.access.DenyByDefaultMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lentera.urls"
WSGI_APPLICATION = "lentera.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lentera.core.context_processors.lentera",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lentera.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so concurrent writers queue instead of failing
    # with "database is locked" half-way through a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif env_bool("DB_POOL", False):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("DB_POOL_MAX", "8")),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "lentera.accounts.backends.UserIdBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "lentera.accounts.passwords.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after repeated failures (django-axes): 5 failures for the same User ID, or from the same IP for the
# same User ID, lock that combination for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username"], ["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# User IDs are case-insensitive: "PPK.Dpupr" and "ppk.dpupr" must count against the same lock.
AXES_USERNAME_CALLABLE = "lentera.accounts.backends.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lentera.accounts.web.views.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# The client IP axes records is the one the audit log records (REMOTE_ADDR, or the address seen by the
# LENTERA_TRUSTED_PROXY_COUNT-th proxy in X-Forwarded-For): never a header a client could forge.
AXES_CLIENT_IP_CALLABLE = "lentera.core.request_context.client_ip_of"

OTP_TOTP_ISSUER = "Lentera"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # stricter than strict-origin-when-cross-origin

# Content-Security-Policy (django-csp 4): everything from this server only; no inline script or style
# anywhere ('unsafe-inline' is never allowed), no plugins, no framing by other sites (#12 1.6). The API docs
# page uses vendored Swagger UI files served from 'self'. A view that must be framed by our own pages (a
# provider document in the verification screen) replaces frame-ancestors with 'self' for itself only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features no Lentera page uses are switched off (Permissions-Policy header).
LENTERA_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), interest-cohort=()"
)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "lentera" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

# Files: local storage by default; S3-compatible storage when LENTERA_S3_BUCKET is set. Private documents are
# never served from MEDIA_URL: every download goes through a view that checks access.
if os.environ.get("LENTERA_S3_BUCKET"):
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["LENTERA_S3_BUCKET"],
            "endpoint_url": os.environ.get("LENTERA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("LENTERA_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT)},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Lentera LPSE <noreply@lpse.example.go.id>")

# Background work: django-tasks (the django.tasks API of Django 6). The database backend is the default;
# LENTERA_TASKS_BACKEND may name another backend (e.g. a broker-backed one) where one is configured.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("LENTERA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Lentera's own settings.
LENTERA_SITE_NAME = os.environ.get("LENTERA_SITE_NAME", "LPSE Kabupaten Contoh")
# The public address of this site, for links in e-mails sent outside a request (e.g. a new account's welcome).
LENTERA_BASE_URL = os.environ.get("LENTERA_BASE_URL", "http://127.0.0.1:8000")
LENTERA_OCID_PREFIX = os.environ.get("LENTERA_OCID_PREFIX", "ocds-lentera")
LENTERA_TRUSTED_PROXY_COUNT = int(os.environ.get("LENTERA_TRUSTED_PROXY_COUNT", "0"))
LENTERA_DEMO_PASSWORD = os.environ.get("LENTERA_DEMO_PASSWORD", "Lentera-Demo-2026")
NINJA_PAGINATION_PER_PAGE = 25
# Anonymous public pages and search API answers are served from a short cache (seconds; 0 = render every time).
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "15"))
# Full pages of the OCDS change feed never change once served; how long to keep them (seconds; 0 = off).
LENTERA_FEED_CACHE_SECONDS = int(os.environ.get("LENTERA_FEED_CACHE_SECONDS", "300"))

# Backups (lentera.operations; docs/operations.md). The app servers hold only the PUBLIC key (age1...); the private
# key stays with the officials (manage.py backup_keygen). LENTERA_BACKUP_STORAGE names a second STORAGES alias
# (S3-compatible, configured from LENTERA_BACKUP_S3_BUCKET) that gets a copy of every archive.
LENTERA_BACKUP_PUBLIC_KEY = os.environ.get("LENTERA_BACKUP_PUBLIC_KEY", "")
LENTERA_BACKUP_DIR = Path(os.environ.get("LENTERA_BACKUP_DIR", VAR_DIR / "backups"))
LENTERA_BACKUP_KEEP_DAILY = int(os.environ.get("LENTERA_BACKUP_KEEP_DAILY", "7"))
LENTERA_BACKUP_KEEP_MONTHLY = int(os.environ.get("LENTERA_BACKUP_KEEP_MONTHLY", "12"))
LENTERA_BACKUP_INTERVAL_HOURS = float(os.environ.get("LENTERA_BACKUP_INTERVAL_HOURS", "24"))
LENTERA_BACKUP_STORAGE = ""
if os.environ.get("LENTERA_BACKUP_S3_BUCKET"):
    LENTERA_BACKUP_STORAGE = "backups"
    STORAGES["backups"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["LENTERA_BACKUP_S3_BUCKET"],
            "endpoint_url": os.environ.get("LENTERA_BACKUP_S3_ENDPOINT_URL")
            or os.environ.get("LENTERA_S3_ENDPOINT_URL")
            or None,
            "region_name": os.environ.get("LENTERA_S3_REGION") or None,
            "default_acl": "private",
            "file_overwrite": False,
        },
    }

# Personal API tokens: the expiry a new token gets by default and the longest one may ask for (days), and how
# often its last-used time is written at most (seconds), so a burst of requests does not write on each one.
LENTERA_API_TOKEN_DEFAULT_DAYS = int(os.environ.get("LENTERA_API_TOKEN_DEFAULT_DAYS", "90"))
LENTERA_API_TOKEN_MAX_DAYS = int(os.environ.get("LENTERA_API_TOKEN_MAX_DAYS", "365"))
LENTERA_API_TOKEN_LAST_USED_EVERY_SECONDS = int(
    os.environ.get("LENTERA_API_TOKEN_LAST_USED_EVERY_SECONDS", "60")
)

# Availability (lentera.reporting, docs/reporting.md "Availability"): the URL `record_availability` probes, how
# long it waits, and the interval its schedule runs at (each failed probe counts that many minutes of downtime).
LENTERA_HEALTH_URL = os.environ.get("LENTERA_HEALTH_URL", "http://127.0.0.1:8000/healthz")
LENTERA_HEALTH_TIMEOUT_SECONDS = float(os.environ.get("LENTERA_HEALTH_TIMEOUT_SECONDS", "10"))
LENTERA_HEALTH_INTERVAL_MINUTES = int(os.environ.get("LENTERA_HEALTH_INTERVAL_MINUTES", "5"))
