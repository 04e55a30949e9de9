"""Delivery receipts: what a provider tells us after it took a message, recorded on the
message, so staff see which texts and emails reached people and which did not, and why.

GOV.UK Notify posts a receipt for every text (see `views.notify_receipt`); email providers
post theirs to django-anymail's webhooks, whose `tracking` signal lands here.
"""

import uuid
from collections.abc import Mapping

from anymail.signals import AnymailTrackingEvent, EventType
from django.db.models import QuerySet
from django.utils import timezone

from coproduction.models import Message

State = Message.State

# What a failure means, in words staff can act on.
NOTIFY_FAILURES = {
    "permanent-failure": ("The phone network says this number does not exist or cannot get texts."),
    "temporary-failure": (
        "The phone was off or out of signal for 3 days, so the text was not delivered."
    ),
    "technical-failure": "GOV.UK Notify had a technical problem and did not send it.",
}
EMAIL_FAILURES = {
    EventType.BOUNCED: (
        "The email bounced: the address may be wrong, or the mailbox full or closed."
    ),
    EventType.REJECTED: (
        "The email provider would not send to this address (it bounced before, or was blocked)."
    ),
    EventType.FAILED: "The email provider could not send it.",
    EventType.COMPLAINED: (
        "They marked the email as spam. Ask them how they would like to hear from us."
    ),
}


def _message(*, code: str = "", provider_id: str = "") -> QuerySet[Message]:
    try:
        return Message.objects.filter(code=uuid.UUID(code))
    except ValueError:
        pass  # not one of ours: a login code, or a reference we never set
    if provider_id:
        return Message.objects.filter(provider_id=provider_id)
    return Message.objects.none()


def delivery_record(
    *, code: str = "", provider_id: str = "", delivered: bool, reason: str = ""
) -> bool:
    """Marks the message delivered, or failed with `reason`; False if no sent message matched.

    A message is found by its code (our reference) or else by the provider's id. Receipts can
    come twice or out of order: a failure after delivery wins (a complaint, a late bounce), a
    delivery never undoes a failure.
    """
    found = _message(code=code, provider_id=provider_id)
    if delivered:
        return bool(
            found.filter(state=State.SENT).update(
                state=State.DELIVERED, delivered_at=timezone.now()
            )
        )
    return bool(
        found.filter(state__in=[State.SENT, State.DELIVERED]).update(
            state=State.FAILED, last_error=reason
        )
    )


def notify_receipt_record(receipt: Mapping[str, object]) -> bool:
    """One GOV.UK Notify delivery receipt (its callback's JSON)."""
    status = str(receipt.get("status", ""))
    if status not in ("delivered", *NOTIFY_FAILURES):
        return False  # "sending", "created": nothing final yet
    return delivery_record(
        code=str(receipt.get("reference") or ""),
        provider_id=str(receipt.get("id") or ""),
        delivered=status == "delivered",
        reason=NOTIFY_FAILURES.get(status, ""),
    )


def email_receipt_record(
    sender: object, event: AnymailTrackingEvent, esp_name: str, **kwargs: object
) -> None:
    """An email provider's event, through django-anymail's `tracking` signal (connected in
    CoproductionConfig.ready): delivered, bounced, complained..."""
    metadata = event.metadata or {}
    code = str(metadata.get("message", ""))
    provider_id = str(event.message_id or "")
    if event.event_type == EventType.DELIVERED:
        delivery_record(code=code, provider_id=provider_id, delivered=True)
    elif event.event_type in EMAIL_FAILURES:
        reason = EMAIL_FAILURES[event.event_type]
        if event.description:
            reason = f"{reason} ({esp_name}: {event.description[:200]})"
        delivery_record(code=code, provider_id=provider_id, delivered=False, reason=reason)
