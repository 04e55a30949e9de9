"""Stand-ins for an email provider and an SMS gateway, for tests and benchmarks that run real
worker processes: every hand-over is appended to one file, with the message's idempotency key
(its Message-ID, its SMS reference), so what really arrived can be counted, twice included.

With CUT_DATABASE_AFTER_SEND=N, every Nth hand-over is followed at once by the worker's own
database connection being cut (pg_terminate_backend from another connection): the fault
that falls between the provider's answer and the record of it.
"""

import os
import time
from pathlib import Path

import psycopg
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection

_handed_over = 0


def log_path() -> Path:
    return Path(os.environ["DELIVERY_LOG"])


def _arrived(key: str) -> None:
    global _handed_over
    delay = float(os.environ.get("DELIVERY_DELAY", "0"))
    if delay:
        time.sleep(delay)  # a provider's round trip
    with log_path().open("a") as log:
        log.write(f"{key}\n")
    _handed_over += 1
    every = int(os.environ.get("CUT_DATABASE_AFTER_SEND", "0"))
    if every and _handed_over % every == 0:
        _cut_this_workers_database_connection()


def _cut_this_workers_database_connection() -> None:
    if connection.connection is None:
        return
    pid = connection.connection.info.backend_pid
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=True,
    ) as other:
        # With a timeout, PostgreSQL answers once the connection is really gone.
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    with Path(os.environ["DELIVERY_LOG"] + ".cuts").open("a") as cuts:
        cuts.write(f"{pid}\n")


class RecordingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            _arrived(message.extra_headers.get("Message-ID", ""))
        return len(email_messages)


class RecordingSMSBackend:
    def send(self, *, to: str, body: str, reference: str = "") -> str:
        _arrived(f"sms:{reference}")
        return ""


def handed_over() -> list[str]:
    path = log_path()
    return [line for line in path.read_text().splitlines() if line] if path.exists() else []


def cuts_made() -> int:
    path = Path(str(log_path()) + ".cuts")
    return len(path.read_text().splitlines()) if path.exists() else 0
