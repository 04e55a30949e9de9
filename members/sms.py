"""Text messages. A backend is any class with `send(*, to, body)`; SMS_BACKEND names it.

The console backend prints each message (for `make run`); the locmem backend keeps them in
`outbox` for tests. A real gateway adapter plugs in the same way.
"""

import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str
    reference: str = ""


class SMSTemporaryError(Exception):
    """The gateway could not take the message just now; trying again later may work."""


class SMSBackend(Protocol):
    def send(self, *, to: str, body: str, reference: str = "") -> None: ...


class ConsoleSMSBackend:
    """Prints each text message to standard output."""

    def send(self, *, to: str, body: str, reference: str = "") -> None:
        sys.stdout.write(f"--- Text message to {to} ---\n{body}\n---\n")
        sys.stdout.flush()


outbox: list[TextMessage] = []


class LocmemSMSBackend:
    """Keeps each text message in `members.sms.outbox`, for tests."""

    def send(self, *, to: str, body: str, reference: str = "") -> None:
        outbox.append(TextMessage(to=to, body=body, reference=reference))


def sms_send(*, to: str, body: str, reference: str = "") -> None:
    """Sends one text message through the configured backend. `reference` is an idempotency
    key: a gateway that sees the same reference twice delivers once."""
    backend: SMSBackend = import_string(settings.SMS_BACKEND)()
    backend.send(to=to, body=body, reference=reference)
