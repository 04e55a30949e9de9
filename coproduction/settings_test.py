"""Test settings: only overrides. DATABASE_URL and REDIS_URL come from the environment."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from coproduction.settings import *  # noqa: F403
from coproduction.settings import REDIS_URL

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "receipts": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "contributions": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "reports": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SMS_BACKEND = "coproduction.outbox.sms.LocmemSMSBackend"
# Tests run tasks in-process unless a test starts a real worker on Redis.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# As with Redis: the page cache checks a kept page against its session in the cache.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# On in every test, so every test that changes something and looks again checks that no kept
# page outlives a change.
PAGE_CACHE = True
# Serve static files from the apps' folders, as runserver does, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
