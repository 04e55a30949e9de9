"""The outbox with real Celery workers on Redis: killed mid-batch, and Redis restarted."""

import os
import signal
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from coproduction.models import Message
from coproduction.tasks import outbox_send_due_task
from tests.factories import CollaborationFactory, MembershipFactory
from tests.required_services import redis_url_or_skip, service_missing
from tests.support.delivery import cuts_made, handed_over
from tests.support.servers import free_port, start_redis
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
    return {f"<{m.code}@localhost>" for m in messages}


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


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_database_connection_cut_just_after_a_send_is_recorded_as_sent_not_sent_again(tmp_path):
    """The fault that falls between the provider's answer and the record: every 25th message
    handed over, the worker's database connection is cut at once. The worker records the send
    on a fresh connection, so nothing is left for a later run to send a second time."""
    redis_url = redis_url_or_skip()
    needs_postgres()
    log = tmp_path / "delivered.log"
    os.environ["DELIVERY_LOG"] = str(log)
    expected = due_messages(COUNT)
    env = worker_env(redis_url, log, CUT_DATABASE_AFTER_SEND="25")
    with broker(redis_url) as queue:
        worker = start_worker(env, queue)
        try:
            outbox_send_due_task.apply_async(queue=queue)
            wait_for(
                lambda: Message.objects.filter(state=Message.State.SENT).count() == COUNT,
                90,
                "every message to be recorded as sent",
            )
            time.sleep(2.5)  # past the claim timeout: a claim left behind would be taken again
            outbox_send_due_task.apply_async(queue=queue)  # the next beat tick
            time.sleep(2)
        finally:
            worker.kill()
            worker.wait(timeout=10)
    delivered = handed_over()
    assert cuts_made() >= COUNT // 25 - 1, "the connection should have been cut mid-batch"
    assert set(delivered) == expected
    assert len(delivered) == len(set(delivered)) == COUNT  # none twice
    assert not Message.objects.exclude(state=Message.State.SENT).exists()


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
