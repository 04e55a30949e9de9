"""Text messages. A backend is any class with `send(*, to, body, reference) -> str` (the
provider's id for the message, or ""); SMS_BACKEND names it.

- `NotifySMSBackend`: GOV.UK Notify, through its official client. Its delivery receipts
  come back to /hooks/notify/ and mark each message delivered or failed.
- `HttpSMSBackend`: any gateway that takes a JSON post.
- `ConsoleSMSBackend` prints each message (for `make run`); `LocmemSMSBackend` keeps them in
  `outbox` for tests.
"""

import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol, cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str
    reference: str = ""


class SMSTemporaryError(Exception):
    """The gateway could not take the message just now; trying again later may work."""


class SMSError(Exception):
    """The gateway refused the message (a wrong number, say): trying again will not help."""


class SMSBackend(Protocol):
    def send(self, *, to: str, body: str, reference: str = "") -> str: ...


class _NotifyClient(Protocol):
    """The part of GOV.UK Notify's client used here (the client has no annotations)."""

    def send_sms_notification(
        self,
        *,
        phone_number: str,
        template_id: str,
        personalisation: dict[str, str],
        reference: str | None,
        sms_sender_id: str | None,
    ) -> dict[str, object]: ...  # Notify's JSON answer


class _NotifyClientClass(Protocol):
    def __call__(self, api_key: str, *, base_url: str, timeout: int) -> _NotifyClient: ...


class ConsoleSMSBackend:
    """Prints each text message to standard output."""

    def send(self, *, to: str, body: str, reference: str = "") -> str:
        sys.stdout.write(f"--- Text message to {to} ---\n{body}\n---\n")
        sys.stdout.flush()
        return ""


outbox: list[TextMessage] = []


class LocmemSMSBackend:
    """Keeps each text message in `coproduction.outbox.sms.outbox`, for tests."""

    def send(self, *, to: str, body: str, reference: str = "") -> str:
        outbox.append(TextMessage(to=to, body=body, reference=reference))
        return ""


class NotifySMSBackend:
    """GOV.UK Notify, used across UK public bodies and charities, through its own client.

    Notify sends from a template: make one whose whole content is ((body)) and set
    NOTIFY_SMS_TEMPLATE_ID to it, with NOTIFY_API_KEY (a live or team key). The message's
    code goes as Notify's `reference`, which comes back in the delivery receipt; Notify takes
    no idempotency key. 429 and 5xx answers and network errors are temporary; 400 (a number
    that cannot get texts, say) and 403 (a wrong key) are not.
    """

    def send(self, *, to: str, body: str, reference: str = "") -> str:
        if not (settings.NOTIFY_API_KEY and settings.NOTIFY_SMS_TEMPLATE_ID):
            raise ImproperlyConfigured(
                "Set NOTIFY_API_KEY and NOTIFY_SMS_TEMPLATE_ID to send texts through GOV.UK Notify."
            )
        notify_client = cast(_NotifyClientClass, NotificationsAPIClient)
        client = notify_client(
            settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=10
        )
        try:
            answer = client.send_sms_notification(
                phone_number=to,
                template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
                personalisation={"body": body},
                reference=reference or None,
                sms_sender_id=settings.NOTIFY_SMS_SENDER_ID or None,
            )
        except APIError as error:
            if error.status_code == 429 or error.status_code >= 500:
                raise SMSTemporaryError(f"GOV.UK Notify answered {error}") from error
            raise SMSError(f"GOV.UK Notify refused the message: {error}") from error
        return str(answer.get("id", ""))


class HttpSMSBackend:
    """A real gateway: posts JSON to SMS_GATEWAY_URL with a bearer token. Off until configured.

    The body is {"to", "body", "from", "reference"}; the reference is the message's
    idempotency key, sent as the Idempotency-Key header too, so a gateway that honours it
    delivers a message handed over twice once. 429, 5xx and network errors are temporary;
    other 4xx are not. A JSON answer's "id" is kept as the provider's id.
    """

    def send(self, *, to: str, body: str, reference: str = "") -> str:
        url = getattr(settings, "SMS_GATEWAY_URL", "")
        if not url:
            raise ImproperlyConfigured("Set SMS_GATEWAY_URL to use the HTTP SMS gateway.")
        payload = json.dumps(
            {"to": to, "body": body, "from": settings.SMS_SENDER, "reference": reference}
        )
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
        }
        if reference:
            headers["Idempotency-Key"] = reference
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's own setting
            url, data=payload.encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                answer = response.read()
        except urllib.error.HTTPError as error:
            if error.code == 429 or error.code >= 500:
                raise SMSTemporaryError(f"SMS gateway answered {error.code}") from error
            raise SMSError(f"SMS gateway refused the message ({error.code})") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise SMSTemporaryError(f"SMS gateway not reachable: {error}") from error
        try:
            return str(json.loads(answer).get("id", ""))
        except (ValueError, AttributeError):
            return ""


def sms_backend() -> SMSBackend:
    backend: SMSBackend = import_string(settings.SMS_BACKEND)()
    return backend
