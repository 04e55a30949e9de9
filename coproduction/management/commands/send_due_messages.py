"""One pass of what Celery beat does every minute: produce the reminders and prompts that
are due, then send every due message. For a host with cron and no Celery:

    * * * * *  cd /app && python manage.py send_due_messages

`make run` does the same on a timer inside the server (see runserver.py here)."""

import time

from django.core.management.base import BaseCommand

from coproduction.outbox import send_due
from coproduction.reminders import produce_due_messages


def messages_pass() -> tuple[int, int]:
    """Schedules what is due, then sends it: (messages scheduled, messages handled)."""
    return produce_due_messages(), send_due()


class Command(BaseCommand):
    help = "Schedules due reminders and prompts, then sends every due message, once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, metavar="SECONDS", help="Keep going, a pass each time."
        )

    def handle(self, *args, every: int = 0, **options):
        while True:
            scheduled, handled = messages_pass()
            self.stdout.write(f"Scheduled {scheduled} messages; sent or passed on {handled}.")
            if every <= 0:
                return
            time.sleep(every)
