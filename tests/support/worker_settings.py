"""Settings for a real Celery worker process started by a test or benchmark."""

import os

from coproduction.settings_test import *  # noqa: F403
from coproduction.settings_test import REDIS_URL  # noqa: F401

CELERY_TASK_ALWAYS_EAGER = False
MAILERS = {"default": {"BACKEND": "tests.support.delivery.RecordingEmailBackend"}}
SMS_BACKEND = "tests.support.delivery.RecordingSMSBackend"
OUTBOX_CLAIM_TIMEOUT_SECONDS = 2

# The cache the test process uses too, when a test says so (the page cache's test of writes
# made in another process); otherwise each process has its own, as in settings_test.
if SHARED_CACHE_URL := os.environ.get("SHARED_CACHE_URL"):
    CACHES = {"default": {"BACKEND": "coproduction.cache.RedisCache", "LOCATION": SHARED_CACHE_URL}}
