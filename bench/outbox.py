"""10,000 due reminders through one real Celery worker on Redis: time, duplicates, lost.

The worker hands each email to a recording backend (a stand-in provider that logs every
hand-over with the message's idempotency key), so duplicates and losses are counted exactly.
"""

import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduction.settings_test")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.results import record  # noqa: E402

MESSAGES = 10_000


def main() -> None:
    from coproduction.models import Collaboration, Membership, Message
    from coproduction.tasks import outbox_send_due_task
    from members.models import User
    from tests.support.workers import broker, start_worker, worker_env

    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    log = Path(tempfile.mkdtemp()) / "delivered.log"
    os.environ["DELIVERY_LOG"] = str(log)
    try:
        collaboration = Collaboration.objects.create(name="Bench", slug="bench")
        users = User.objects.bulk_create(
            User(email=f"person{n}@example.org", name=f"Person {n}") for n in range(500)
        )
        people = Membership.objects.bulk_create(
            Membership(collaboration=collaboration, user=user) for user in users
        )
        due = timezone.now() - timedelta(minutes=1)
        Message.objects.bulk_create(
            (
                Message(
                    collaboration=collaboration,
                    recipient=people[n % len(people)],
                    kind=Message.Kind.REMINDER,
                    category=Message.Category.REMINDERS,
                    channel=Message.Channel.EMAIL,
                    subject="Reminder: Transport group, Tuesday 6pm",
                    body="A reminder: Transport group is on Tuesday at 6pm. Can you still come?",
                    due_at=due,
                    dedupe_key=f"bench-{n}",
                )
                for n in range(MESSAGES)
            ),
            batch_size=2000,
        )
        expected = {
            f"<{code}@localhost>" for code in Message.objects.values_list("code", flat=True)
        }
        with broker(redis_url) as queue:
            worker = start_worker(worker_env(redis_url, log), queue)
            try:
                time.sleep(2)  # let the worker connect before the clock starts
                began = time.monotonic()
                outbox_send_due_task.apply_async(queue=queue)
                deadline = began + 300
                while time.monotonic() < deadline:
                    if not Message.objects.exclude(state=Message.State.SENT).exists():
                        break
                    time.sleep(0.2)
                seconds = time.monotonic() - began
            finally:
                worker.terminate()
                worker.wait(timeout=30)
        delivered = [line for line in log.read_text().splitlines() if line] if log.exists() else []
        lost = (
            len(expected - set(delivered))
            + Message.objects.exclude(state=Message.State.SENT).count()
        )
        record(
            {
                "bench": "outbox",
                "messages": MESSAGES,
                "workers": 1,
                "seconds": round(seconds, 1),
                "duplicates": len(delivered) - len(set(delivered)),
                "lost": lost,
            }
        )
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
