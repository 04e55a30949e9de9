"""The outbox under faults, counted by an independent sink: 3,000 mixed messages (half
email, half text) through a real Celery worker on Redis while something breaks.

- `worker-killed`: the worker is killed (SIGKILL) a third of the way in, and restarted;
- `database-cut`: every connection the worker holds to PostgreSQL is cut, again and again;
- `cut-after-send`: the worker's connection is cut just after every 50th hand-over;
- `redis-restarted`: Redis (a server of its own here) restarts a third of the way in.

The sink (tests/support/delivery.py) appends every hand-over, with the message's idempotency
key, to a file, so a message handed over twice is seen twice. Claims time out after 2 s here
(OUTBOX_CLAIM_TIMEOUT_SECONDS, 600 s by default). `python -m bench.outbox_faults worker-killed`
runs one fault alone.
"""

import os
import signal
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduction.settings_test")
django.setup()

import psycopg  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.results import record  # noqa: E402
from tests.support.servers import free_port, start_redis  # noqa: E402

MESSAGES = 3_000
FAULTS = ("worker-killed", "database-cut", "cut-after-send", "redis-restarted")


def seed(collaboration, people) -> set[str]:
    from coproduction.models import Message

    Message.objects.all().delete()
    due = timezone.now() - timedelta(minutes=1)
    messages = Message.objects.bulk_create(
        (
            Message(
                collaboration=collaboration,
                recipient=people[n % len(people)],
                kind=Message.Kind.REMINDER,
                category=Message.Category.REMINDERS,
                channel=Message.Channel.EMAIL if n % 2 else Message.Channel.SMS,
                subject="Reminder: Transport group, Tuesday 6pm",
                body="A reminder: Transport group is on Tuesday at 6pm. Can you still come?",
                due_at=due,
                dedupe_key=f"faults-{n}",
            )
            for n in range(MESSAGES)
        ),
        batch_size=1000,
    )
    return {
        f"<{m.code}@localhost>" if m.channel == Message.Channel.EMAIL else f"sms:{m.code}"
        for m in messages
    }


def cut_worker_connections(stop: threading.Event, database: str, mine: int) -> None:
    """Cuts every connection to `database` but this process's own (`mine`), every half
    second."""
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        while not stop.wait(0.5):
            db.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> %s AND pid <> pg_backend_pid()",
                [database, mine],
            )


def run(fault: str, collaboration, people, redis_url: str) -> dict:
    from coproduction.models import Message
    from coproduction.tasks import outbox_send_due_task
    from tests.support.workers import broker, start_worker, worker_env

    log = Path(tempfile.mkdtemp()) / "delivered.log"
    os.environ["DELIVERY_LOG"] = str(log)
    expected = seed(collaboration, people)
    redis = None
    if fault == "redis-restarted":
        port = free_port()
        redis_url = f"redis://127.0.0.1:{port}/0"
        redis = start_redis(port)
    extra = {"DELIVERY_DELAY": "0.002"}
    if fault == "cut-after-send":
        extra["CUT_DATABASE_AFTER_SEND"] = "50"
    env = worker_env(redis_url, log, **extra)
    stop_cutting = threading.Event()
    fault_at = None

    def handed_over() -> list[str]:
        return [line for line in log.read_text().splitlines() if line] if log.exists() else []

    def sent() -> int:
        return Message.objects.filter(state=Message.State.SENT).count()

    with broker(redis_url) as queue:
        worker = start_worker(env, queue)
        try:
            time.sleep(2)
            began = time.monotonic()
            outbox_send_due_task.apply_async(queue=queue)
            while len(handed_over()) < MESSAGES // 3 and time.monotonic() - began < 120:
                time.sleep(0.02)
            fault_at = time.monotonic()
            if fault == "worker-killed":
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)
                worker = start_worker(env, queue)
            elif fault == "redis-restarted":
                redis.kill()
                redis.wait(timeout=10)
                redis = start_redis(int(redis_url.rsplit(":", 1)[1].split("/")[0]))
            elif fault == "database-cut":
                cutter = threading.Thread(
                    target=cut_worker_connections,
                    args=(
                        stop_cutting,
                        connection.settings_dict["NAME"],
                        connection.connection.info.backend_pid,
                    ),
                    daemon=True,
                )
                cutter.start()
                time.sleep(3)
                stop_cutting.set()
            # Beat's next ticks, as in production (there every 60 s; here every 1 s).
            deadline = time.monotonic() + 180
            while sent() < MESSAGES and time.monotonic() < deadline:
                outbox_send_due_task.apply_async(queue=queue)
                time.sleep(1)
            finished = time.monotonic()
            time.sleep(3)  # a claim left behind would be taken again now: give it the chance
            outbox_send_due_task.apply_async(queue=queue)
            time.sleep(2)
        finally:
            stop_cutting.set()
            worker.kill()
            worker.wait(timeout=10)
            if redis is not None:
                redis.kill()
                redis.wait(timeout=10)
    delivered = handed_over()
    return {
        "bench": "outbox-faults",
        "fault": fault,
        "messages": MESSAGES,
        "emails_and_texts": "half and half",
        "handed_over": len(delivered),
        "sent_twice": len(delivered) - len(set(delivered)),
        "lost": len(expected - set(delivered))
        + Message.objects.exclude(state=Message.State.SENT).count(),
        "seconds": round(finished - began, 1),
        "recovered_seconds_after_fault": round(finished - fault_at, 1),
    }


def main() -> None:
    from coproduction.models import Collaboration, Membership
    from members.models import User

    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        collaboration = Collaboration.objects.create(name="Bench", slug="bench")
        users = User.objects.bulk_create(
            User(email=f"person{n}@example.org", phone=f"+4477009{n:05d}", name=f"Person {n}")
            for n in range(300)
        )
        people = Membership.objects.bulk_create(
            Membership(collaboration=collaboration, user=user) for user in users
        )
        for fault in sys.argv[1:] or FAULTS:
            record(run(fault, collaboration, people, redis_url))
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
