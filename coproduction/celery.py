"""The Celery app. Configuration comes from Django settings prefixed CELERY_; the beat
schedule is kept here in code (reminders are rows swept by beat tasks, not far-future ETAs).
"""

import logging.config
import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import setup_logging
from django.conf import settings
from django_structlog.celery.steps import DjangoStructLogInitStep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduction.settings")

app = Celery("coproduction")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Each task's log lines carry its task id, and the id of the request that queued it.
app.steps["worker"].add(DjangoStructLogInitStep)


@setup_logging.connect
def _use_djangos_logging(**kwargs) -> None:
    """Workers log as the web does (settings.LOGGING: JSON lines), not in Celery's own way."""

    logging.config.dictConfig(settings.LOGGING)


app.conf.beat_schedule = {
    "produce-reminders-and-prompts": {
        "task": "coproduction.tasks.reminders_produce_task",
        "schedule": 300.0,
    },
    "send-due-messages": {
        "task": "coproduction.tasks.outbox_send_due_task",
        "schedule": 60.0,
    },
    "clear-expired-login-sessions": {
        "task": "coproduction.tasks.sessions_clear_expired_task",
        "schedule": crontab(hour=3, minute=17),
    },
}
