"""Settings for a real Celery worker process started by a test or benchmark."""

from coproduction.settings_test import *  # noqa: F403
from coproduction.settings_test import REDIS_URL  # noqa: F401

CELERY_TASK_ALWAYS_EAGER = False
MAILERS = {"default": {"BACKEND": "tests.support.delivery.RecordingEmailBackend"}}
OUTBOX_CLAIM_TIMEOUT_SECONDS = 2
