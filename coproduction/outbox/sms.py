"""Text messages. A backend is any class with `send(*, to, body)`; SMS_BACKEND names it.

The console backend prints each message (for `make run`); the locmem backend keeps them in
`outbox` for tests. A real gateway adapter plugs in the same way.
"""

import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
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


class SMSError(Exception):
    """The gateway refused the message (a wrong number, say): trying again will not help."""


class HttpSMSBackend:
    """A real gateway: posts JSON to SMS_GATEWAY_URL with a bearer token. Off until configured.

    The body is {"to", "body", "from", "reference"}; the reference is the message's
    idempotency key. 429, 5xx and network errors are temporary; other 4xx are not.
    """

    def send(self, *, to: str, body: str, reference: str = "") -> None:
        url = getattr(settings, "SMS_GATEWAY_URL", "")
        if not url:
            raise ImproperlyConfigured("Set SMS_GATEWAY_URL to use the HTTP SMS gateway.")
        payload = json.dumps(
            {"to": to, "body": body, "from": settings.SMS_SENDER, "reference": reference}
        )
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's own setting
            url,
            data=payload.encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as error:
            if error.code == 429 or error.code >= 500:
                raise SMSTemporaryError(f"SMS gateway answered {error.code}") from error
            raise SMSError(f"SMS gateway refused the message ({error.code})") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SMSTemporaryError(f"SMS gateway not reachable: {error}") from error


def sms_send(*, to: str, body: str, reference: str = "") -> None:
    """Sends one text message through the configured backend. `reference` is an idempotency
    key: a gateway that sees the same reference twice delivers once."""
    backend: SMSBackend = import_string(settings.SMS_BACKEND)()
    backend.send(to=to, body=body, reference=reference)
