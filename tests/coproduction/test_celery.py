import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse

from coproduction.celery import app
from tests.required_services import redis_url_or_skip
from tests.support.workers import broker


def test_beat_schedule_is_kept_in_code_and_names_real_tasks():
    app.loader.import_default_modules()
    assert app.conf.beat_schedule, "the beat schedule lives in coproduction/celery.py"
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks


def test_tasks_use_json_only():
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_invitation_is_sent_by_a_real_worker_on_redis_after_commit(
    client, cast, collaboration, settings
):
    """The web request only enqueues; a separate Celery worker on Redis sends the email."""
    redis_url = redis_url_or_skip()
    with (
        broker(redis_url),
        start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"),
    ):
        client.force_login(cast["staff"])
        response = client.post(
            reverse("coproduction:invitation-create", args=[collaboration.slug]),
            {
                "name": "Worker Test",
                "email": "worker@example.org",
                "phone": "",
                "role": "member",
            },
        )
        assert response.status_code == 302
        deadline = time.monotonic() + 20
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.1)
    assert [m.to for m in mail.outbox] == [["worker@example.org"]]
