"""Putting messages in the outbox, and claiming them to send: every message is a row first.

Claiming is a row-locking select that skips rows another worker holds, then a conditional
update with a token of the claim's own; only the holder of that token may mark a message.
"""

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from coproduction.models import Invitation, Membership, Message
from coproduction.outbox.channels import choose_channel
from coproduction.outbox.people import preferences_for

State = Message.State
Channel = Message.Channel


def message_enqueue(
    *,
    recipient: Membership,
    kind: str,
    category: str,
    due_at: datetime,
    dedupe_key: str,
    template: str = "",
    context: Mapping[str, object] | None = None,
    subject: str = "",
    body: str = "",
    session: models.Model | None = None,  # a sessions_app Session (the core imports no app)
) -> Message | None:
    """Adds a message to the outbox once per `dedupe_key`; None if the person does not want
    this kind of message or cannot be reached.

    The words come from `template`'s partials `subject` and `body`, rendered with `context`
    and the channel chosen for the person (a text is shorter than a letter), or are given.
    """
    existing = Message.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    channel = choose_channel(recipient, category, preferences_for(recipient.user_id))
    if channel is None:
        return None
    if template:
        words = {**(context or {}), "channel": channel, "recipient": recipient}
        subject = render_to_string(f"{template}#subject", words).strip()
        body = render_to_string(f"{template}#body", words).strip()
    return _create_once(
        collaboration_id=recipient.collaboration_id,
        recipient=recipient,
        kind=kind,
        category=category,
        channel=channel,
        subject=subject[:200],
        body=body,
        due_at=due_at,
        dedupe_key=dedupe_key,
        session=session,
    )


def invitation_message_enqueue(
    *, invitation: Invitation, subject: str, body: str, dedupe_key: str
) -> Message:
    """The invitation to join, to the email address or mobile number staff gave: it goes
    through the outbox like every message, so staff see it went, or why it did not."""
    existing = Message.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    return _create_once(
        collaboration_id=invitation.collaboration_id,
        invitation=invitation,
        kind=Message.Kind.JOIN_INVITATION,
        category=Message.Category.SERVICE,
        channel=Channel.EMAIL if invitation.email else Channel.SMS,
        subject=subject[:200],
        body=body,
        due_at=timezone.now(),
        dedupe_key=dedupe_key,
    )


def _create_once(**fields: object) -> Message:
    try:
        with transaction.atomic():
            return Message.objects.create(**fields)
    except IntegrityError:  # scheduled at the same moment by another run
        return Message.objects.get(dedupe_key=fields["dedupe_key"])


def claim_timeout() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS)


def release_stale_claims(*, now: datetime) -> int:
    """Claims held longer than the claim timeout belong to a worker that died: try them again."""
    return Message.objects.filter(state=State.SENDING, claimed_at__lt=now - claim_timeout()).update(
        state=State.PENDING, claimed_at=None
    )


def claim_due(
    *, now: datetime, limit: int = 200, only: Iterable[int] | None = None
) -> list[Message]:
    """Claims up to `limit` due messages for this worker (of `only` these, if given); no two
    workers get the same one.

    Each claim has its own token, and every later update checks it: a worker whose claim
    timed out and was taken over can no longer mark the message, or send it twice.
    """
    token = uuid.uuid4()
    due = Message.objects.filter(state=State.PENDING, due_at__lte=now)
    if only is not None:
        due = due.filter(pk__in=list(only))
    with transaction.atomic():
        ids = list(
            due.select_for_update(skip_locked=True)
            .order_by("due_at")
            .values_list("pk", flat=True)[:limit]
        )
        Message.objects.filter(pk__in=ids, state=State.PENDING).update(
            state=State.SENDING, claimed_at=now, claim_token=token, attempts=F("attempts") + 1
        )
    return list(
        Message.objects.filter(claim_token=token, state=State.SENDING)
        .select_related(
            "recipient__user",
            "recipient__collaboration__help_contact__user",
            "invitation",
            "collaboration__help_contact__user",
        )
        .order_by("due_at")
    )


def mine(message: Message) -> QuerySet[Message]:
    """The message, if this worker's claim on it still holds."""
    return Message.objects.filter(
        pk=message.pk, state=State.SENDING, claim_token=message.claim_token
    )


def staff_done(*, message: Message) -> bool:
    """Staff made the call or posted the letter."""
    return bool(
        Message.objects.filter(pk=message.pk, state=State.WITH_STAFF).update(
            state=State.SENT, sent_at=timezone.now()
        )
    )
