"""Settings for the co-production platform, read from environment variables.

Every variable is listed in .env.example. Defaults suit a laptop: a SQLite file, tasks run
in-process, email and SMS printed to the console. Production sets DEBUG off, a real
SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

import logging
from pathlib import Path
from typing import Any

import dj_database_url
import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from coproduction.env import env_bool, env_int, env_list, env_prefixed, env_str
from coproduction.errors import sentry_scrub
from coproduction.logs import connect as logs_connect
from coproduction.logs import logging_config, structlog_configure

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

_DEV_SECRET_KEY = "django-insecure-dev-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else None)
if not DEBUG and (SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random value of at least 50 characters when DEBUG is off."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = env_str("SITE_NAME", "Co-production")
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "coproduction.apps.AdminConfig",
    # Before WhiteNoise's: our runserver (the demo's outbox timer) builds on theirs.
    "coproduction",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_structlog",
    "anymail",
    "phonenumber_field",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "simple_history",
    "members",
    "sessions_app",
    "payments",
    "reflections",
    "coproduction.reports",
]

MIDDLEWARE = [
    # First: a probe's /healthz has no allowed host and must not be sent to https.
    "coproduction.health.HealthCheckMiddleware",
    # Each request's id, in every log line about it and in X-Request-ID (logs.py).
    "django_structlog.middlewares.RequestMiddleware",
    "coproduction.logs.RequestIdHeaderMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that can answer early (a body too big), so every answer has the policy.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "coproduction.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: a kept page skips everything after it (page_cache.py).
    "coproduction.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "coproduction.urls"
WSGI_APPLICATION = "coproduction.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coproduction.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "coproduction.cache.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions are read from Redis and written through to the database: one query fewer on
    # every page. Only with a shared cache: a per-process one could outlive a log-out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Pages a person has just seen are kept for them until the database changes (page_cache.py);
# only with a shared cache, which sees every process's writes.
PAGE_CACHE = env_bool("PAGE_CACHE", bool(REDIS_URL))
if PAGE_CACHE and not REDIS_URL:
    raise ImproperlyConfigured(
        "PAGE_CACHE needs REDIS_URL: without a shared cache, one process cannot tell that "
        "another has changed something, and could show an old page."
    )

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_request_login_code"  # codes first: no password to remember
LOGIN_REDIRECT_URL = "coproduction:home"

# django-allauth: no public sign-up (the adapter closes it; people join by invitation),
# log in by a one-time code sent by email or SMS, or by password if the person set one.
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
# Sign-up is closed; these fields also shape the login form (a password is optional).
ACCOUNT_SIGNUP_FIELDS = ["email*", "phone", "password1"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Six digits: easy to read aloud, to type on a phone keypad, and for screen readers.
ALLAUTH_USER_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60  # generous: people switch apps to find the code
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = True
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# allauth's login rate limits are on by default (never set ACCOUNT_RATE_LIMITS = False);
# tests/members/test_login.py shows them working.
MFA_ADAPTER = "members.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
if DEBUG:
    # Lets the demo's staff accounts pass two-factor with a fixed code; allauth refuses
    # this setting unless DEBUG is on.
    MFA_TOTP_INSECURE_BYPASS_CODE = env_str("MFA_TOTP_INSECURE_BYPASS_CODE", "") or None

PHONENUMBER_DEFAULT_REGION = env_str("PHONENUMBER_DEFAULT_REGION", "GB")

# Email: Django 6.1 mailers. Console by default; SMTP, or an email provider's API through
# django-anymail (EMAIL_BACKEND=anymail.backends.postmark.EmailBackend and its ANYMAIL_*
# settings), which also brings the provider's bounces and complaints back to the outbox.
EMAIL_BACKEND_NAME = env_str("EMAIL_BACKEND", "console")
_MAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
if EMAIL_BACKEND_NAME not in _MAIL_BACKENDS and not EMAIL_BACKEND_NAME.startswith(
    "anymail.backends."
):
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND must be one of {sorted(_MAIL_BACKENDS)}, or an email provider's "
        "django-anymail backend such as anymail.backends.postmark.EmailBackend."
    )
_MAIL_OPTIONS: dict[str, object] = {}
if EMAIL_BACKEND_NAME == "smtp":
    _MAIL_OPTIONS = {
        "host": env_str("EMAIL_HOST"),
        "port": env_int("EMAIL_PORT", 587, minimum=1),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
        "timeout": 20,
    }
MAILERS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": _MAIL_BACKENDS.get(EMAIL_BACKEND_NAME, EMAIL_BACKEND_NAME),
        "OPTIONS": _MAIL_OPTIONS,
    }
}
# django-anymail's own settings, from every ANYMAIL_* variable (ANYMAIL_POSTMARK_SERVER_TOKEN,
# ANYMAIL_WEBHOOK_SECRET, ...): see anymail.dev for your provider's.
ANYMAIL = env_prefixed("ANYMAIL_")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Co-production <noreply@localhost>")
_PLACEHOLDER_DOMAINS = ("@localhost", "@example.org", "@example.com")
if (
    not DEBUG
    and EMAIL_BACKEND_NAME not in ("console", "locmem")
    and DEFAULT_FROM_EMAIL.rstrip(">").endswith(_PLACEHOLDER_DOMAINS)
):
    raise ImproperlyConfigured(
        "Set DEFAULT_FROM_EMAIL to an address at your own domain that your email provider "
        "lets you send from, for example: River Valley <hello@rivervalley.org.uk>."
    )
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# allauth puts "[host] " before its subjects by default; ours say what they are.
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""

# SMS: a backend class with send(*, to, body, reference) -> provider id; the short names
# console, notify (GOV.UK Notify) and http (any JSON gateway) name ours.
_SMS_BACKENDS = {
    "console": "coproduction.outbox.sms.ConsoleSMSBackend",
    "notify": "coproduction.outbox.sms.NotifySMSBackend",
    "http": "coproduction.outbox.sms.HttpSMSBackend",
}
SMS_BACKEND = env_str("SMS_BACKEND", "console")
SMS_BACKEND = _SMS_BACKENDS.get(SMS_BACKEND, SMS_BACKEND)
# GOV.UK Notify: an API key, and a text template whose whole content is ((body)).
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY", "")
NOTIFY_SMS_TEMPLATE_ID = env_str("NOTIFY_SMS_TEMPLATE_ID", "")
NOTIFY_SMS_SENDER_ID = env_str("NOTIFY_SMS_SENDER_ID", "")
NOTIFY_BASE_URL = env_str("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
# The bearer token you set for delivery receipts in Notify (callback URL: SITE_URL/hooks/notify/).
NOTIFY_CALLBACK_TOKEN = env_str("NOTIFY_CALLBACK_TOKEN", "")
if SMS_BACKEND.endswith("NotifySMSBackend") and not (NOTIFY_API_KEY and NOTIFY_SMS_TEMPLATE_ID):
    raise ImproperlyConfigured(
        "SMS_BACKEND=notify needs NOTIFY_API_KEY and NOTIFY_SMS_TEMPLATE_ID (a text template "
        "whose whole content is ((body)))."
    )
# For the http backend (off until these are set).
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env_str("SMS_GATEWAY_TOKEN", "")
SMS_SENDER = env_str("SMS_SENDER", "Coproduce")

# Celery: Redis when REDIS_URL is set, otherwise tasks run in-process (eager).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", "") or BASE_DIR / "media")
# Receipts are personal and financial: kept outside MEDIA_ROOT, served only through a view
# that checks who is asking.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", "") or BASE_DIR / "private-media")
RECEIPT_MAX_BYTES = env_int("RECEIPT_MAX_BYTES", 10 * 1024 * 1024)
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 10 * 1024 * 1024)
VOICE_NOTE_MAX_BYTES = env_int("VOICE_NOTE_MAX_BYTES", 20 * 1024 * 1024)
# The biggest request body accepted at all: a photo and a voice note at their limits, and
# the form around them.
MAX_REQUEST_BYTES = PHOTO_MAX_BYTES + VOICE_NOTE_MAX_BYTES + 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "receipts": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    # Photos and voice notes members share: served only through a view that checks who asks.
    "contributions": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    # Finished trustee reports: private too, downloaded only through a view.
    "reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Content Security Policy (Django 6): scripts only from this site or with the page's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14, minimum=1)
MEMBERSHIP_TERM_MONTHS = env_int("MEMBERSHIP_TERM_MONTHS", 24, minimum=1)
DBS_VALID_YEARS = env_int("DBS_VALID_YEARS", 3, minimum=1)
# A message claimed by a worker that then died is sent again after this many seconds.
OUTBOX_CLAIM_TIMEOUT_SECONDS = env_int("OUTBOX_CLAIM_TIMEOUT_SECONDS", 600, minimum=1)
# Without Celery (no REDIS_URL), `runserver` schedules and sends messages this often; 0: never.
OUTBOX_TIMER_SECONDS = env_int("OUTBOX_TIMER_SECONDS", 30, minimum=0)

# Logs: JSON lines in production (text in the demo), each with its request or task id.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
structlog_configure()
logs_connect()
DJANGO_STRUCTLOG_CELERY_ENABLED = True
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False  # an IP address is personal data
DJANGO_STRUCTLOG_STATUS_START_LOG_LEVEL = logging.DEBUG  # one line a request, when it ends

# Errors: mailed to ADMINS (comma-separated addresses) and, with SENTRY_DSN, to Sentry, in
# both cases without personal data (errors.py).
ADMINS = env_list("ADMINS")
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME} error] "
DEFAULT_EXCEPTION_REPORTER = "coproduction.errors.PersonalDataReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "coproduction.errors.PersonalDataFilter"
LOGGING = logging_config(log_format=LOG_FORMAT, level=env_str("LOG_LEVEL", "INFO"))
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=sentry_scrub,
        traces_sample_rate=0.0,
    )
