"""`runserver`, as `make run` uses it: WhiteNoise serves static files, and when tasks run
in-process (no REDIS_URL, so no Celery beat) a timer in the server does beat's work: every
OUTBOX_TIMER_SECONDS it produces due reminders and prompts and sends due messages, so the
demo's outbox shows real messages going out."""

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections
from whitenoise.runserver_nostatic.management.commands.runserver import (
    Command as WhiteNoiseRunserver,
)

from coproduction.management.commands.send_due_messages import messages_pass

logger = logging.getLogger(__name__)


def _every(seconds: int) -> None:
    while True:
        try:
            scheduled, handled = messages_pass()
            if scheduled or handled:
                logger.info("Outbox timer: scheduled %s, sent or passed on %s", scheduled, handled)
        except Exception:
            logger.exception("Outbox timer: this pass failed; trying again on the next")
        finally:
            close_old_connections()
        time.sleep(seconds)


class Command(WhiteNoiseRunserver):
    def inner_run(self, *args, **options):
        seconds = settings.OUTBOX_TIMER_SECONDS
        if settings.CELERY_TASK_ALWAYS_EAGER and seconds > 0:
            self.stdout.write(f"Reminders and messages go out every {seconds} seconds.\n")
            threading.Thread(
                target=_every, args=(seconds,), name="outbox-timer", daemon=True
            ).start()
        super().inner_run(*args, **options)
