"""The outbox with real Celery workers on Redis: killed mid-batch, and Redis restarted."""

import os
import shutil
import signal
import socket
import subprocess
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from coproduction.models import Message
from coproduction.tasks import outbox_send_due_task
from tests.factories import CollaborationFactory, MembershipFactory
from tests.services import redis_url_or_skip, service_missing
from tests.support.delivery import handed_over
from tests.support.workers import broker, start_worker, worker_env

COUNT = 300


def due_messages(count: int) -> set[str]:
    recipient = MembershipFactory(collaboration=CollaborationFactory())
    due = timezone.now() - timedelta(minutes=1)
    messages = Message.objects.bulk_create(
        Message(
            collaboration=recipient.collaboration,
            recipient=recipient,
            kind="reminder",
            category="service",
            channel="email",
            subject=f"Message {n}",
            body="Hello",
            due_at=due,
            dedupe_key=f"worker-test-{n}",
        )
        for n in range(count)
    )
    return {f"<{m.code}@localhost:8000>" for m in messages}


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def needs_postgres() -> None:
    if connection.vendor != "postgresql":
        service_missing("These tests need PostgreSQL: set DATABASE_URL")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_then_restarted_sends_every_message_exactly_once(tmp_path):
    redis_url = redis_url_or_skip()
    needs_postgres()
    log = tmp_path / "delivered.log"
    os.environ["DELIVERY_LOG"] = str(log)
    expected = due_messages(COUNT)
    env = worker_env(redis_url, log, DELIVERY_DELAY="0.01")
    with broker(redis_url) as queue:
        worker = start_worker(env, queue)
        try:
            outbox_send_due_task.apply_async(queue=queue)
            wait_for(lambda: len(handed_over()) >= COUNT // 3, 60, "the first third to be sent")
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
            in_flight = Message.objects.filter(state=Message.State.SENDING).count()
            assert in_flight > 0, "the kill should land in the middle of a batch"
            assert Message.objects.filter(state=Message.State.SENT).count() < COUNT

            worker = start_worker(env, queue)
            time.sleep(2.5)  # the dead worker's claims time out (2 s in these tests)
            outbox_send_due_task.apply_async(queue=queue)
            wait_for(
                lambda: Message.objects.filter(state=Message.State.SENT).count() == COUNT,
                90,
                "every message",
            )
        finally:
            worker.kill()
            worker.wait(timeout=10)
    delivered = handed_over()
    assert set(delivered) == expected  # every message reached its recipient...
    # ...once: a provider keeps one delivery per idempotency key. Only the message in the
    # killed worker's hands at that instant can have been handed over twice.
    assert len(delivered) - len(set(delivered)) <= 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.3)
    return process


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_redis_restarted_mid_run_loses_nothing_because_the_database_holds_the_truth(tmp_path):
    redis_url_or_skip()
    needs_postgres()
    port = free_port()
    redis_url = f"redis://127.0.0.1:{port}/0"
    redis = start_redis(port)
    log = tmp_path / "delivered.log"
    os.environ["DELIVERY_LOG"] = str(log)
    expected = due_messages(COUNT)
    env = worker_env(redis_url, log, DELIVERY_DELAY="0.01")
    with broker(redis_url) as queue:
        worker = start_worker(env, queue)
        try:
            outbox_send_due_task.apply_async(queue=queue)
            wait_for(lambda: len(handed_over()) >= COUNT // 3, 60, "the first third to be sent")
            redis.kill()  # Redis goes away with everything it held
            redis.wait(timeout=10)
            redis = start_redis(port)
            outbox_send_due_task.apply_async(queue=queue)  # the next beat tick
            wait_for(
                lambda: Message.objects.filter(state=Message.State.SENT).count() == COUNT,
                90,
                "every message",
            )
        finally:
            worker.kill()
            worker.wait(timeout=10)
            redis.kill()
            redis.wait(timeout=10)
    delivered = handed_over()
    assert set(delivered) == expected
    assert len(delivered) == len(set(delivered))
