"""The outbox: every message is a row first; a beat task sends each due row exactly once.

Claiming is a row-locking select that skips rows another worker holds, then a conditional
update; only the claimer may mark a message sent. A worker that dies mid-batch leaves its
claims in SENDING: after OUTBOX_CLAIM_TIMEOUT_SECONDS they go back to PENDING, and the next
run sends them.
Each message carries its code as an idempotency key (the email Message-ID, the SMS
reference), so the one message a worker might have handed over just as it died is recognised
as the same message, not a new one. Only named transient errors are retried, with backoff; a
message that keeps failing is kept as FAILED, with the reason, for staff to see.
"""

import smtplib
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from coproduction.models import Membership, Message
from members.models import Profile
from members.sms import SMSTemporaryError, sms_send

State = Message.State
Channel = Message.Channel
Category = Message.Category


def _claim_timeout() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS)


MAX_ATTEMPTS = 5
BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
# Errors that may go away if we try again later. Anything else fails at once, for staff to see.
TRANSIENT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPDataError,
    socket.timeout,
    ConnectionError,
    TimeoutError,
    SMSTemporaryError,
)
_CONSENT_FIELD = {
    Category.REMINDERS: "consent_reminders",
    Category.PROMPTS: "consent_prompts",
    Category.NEWS: "consent_news",
}


def choose_channel(membership: Membership, category: str, profile: Profile | None) -> str | None:
    """The first channel in the person's own order that they consent to and that can reach
    them; None if they said no to this kind of message."""
    if (
        category in _CONSENT_FIELD
        and profile is not None
        and not getattr(profile, _CONSENT_FIELD[category])
    ):
        return None
    user = membership.user
    usable = {
        Channel.EMAIL: bool(user.email),
        Channel.SMS: bool(user.phone),
        Channel.CALL: bool((profile and profile.call_phone) or user.phone),
        Channel.POST: bool(profile and profile.postal_address),
    }
    preferred = list(profile.channels) if profile and profile.channels else []
    for channel in [*preferred, Channel.EMAIL, Channel.SMS, Channel.CALL]:
        if usable.get(channel):
            return channel
    return None


def message_enqueue(
    *,
    recipient: Membership,
    kind: str,
    category: str,
    subject: str,
    body: str,
    due_at: datetime,
    dedupe_key: str,
    session=None,
) -> Message | None:
    """Adds a message to the outbox once per `dedupe_key`; None if the person does not want
    this kind of message or cannot be reached."""
    existing = Message.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    profile = Profile.objects.filter(user_id=recipient.user_id).first()
    channel = choose_channel(recipient, category, profile)
    if channel is None:
        return None
    try:
        with transaction.atomic():
            return Message.objects.create(
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
    except IntegrityError:  # scheduled at the same moment by another run
        return Message.objects.get(dedupe_key=dedupe_key)


def release_stale_claims(*, now: datetime) -> int:
    """Claims held longer than the claim timeout belong to a worker that died: try them again."""
    return Message.objects.filter(
        state=State.SENDING, claimed_at__lt=now - _claim_timeout()
    ).update(state=State.PENDING, claimed_at=None)


def claim_due(*, now: datetime, limit: int = 200) -> list[Message]:
    """Claims up to `limit` due messages for this worker; no two workers get the same one.

    Each claim has its own token, and every later update checks it: a worker whose claim
    timed out and was taken over can no longer mark the message, or send it twice.
    """
    token = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(state=State.PENDING, due_at__lte=now)
            .order_by("due_at")
            .values_list("pk", flat=True)[:limit]
        )
        Message.objects.filter(pk__in=ids, state=State.PENDING).update(
            state=State.SENDING, claimed_at=now, claim_token=token, attempts=F("attempts") + 1
        )
    return list(
        Message.objects.filter(claim_token=token, state=State.SENDING)
        .select_related("recipient__user", "recipient__collaboration", "session")
        .order_by("due_at")
    )


def _mine(message: Message):
    """The message, if this worker's claim on it still holds."""
    return Message.objects.filter(
        pk=message.pk, state=State.SENDING, claim_token=message.claim_token
    )


def _still_wanted(message: Message) -> str:
    """Why a queued message should no longer go ("" if it should): the session moved or was
    cancelled, the person said no, stepped away, left, or withdrew consent."""
    recipient = message.recipient
    if message.kind == Message.Kind.CALL_BACK:
        return ""  # they asked for it themselves
    if message.kind == Message.Kind.CLAIM_UPDATE:
        pass  # news of their own money reaches them, away or gone
    elif recipient.status == Membership.Status.ALUMNI:
        return "They have left the collaboration."
    elif recipient.status == Membership.Status.STEPPED_AWAY and message.kind not in (
        Message.Kind.STEP_AWAY_CHECK_IN,
        Message.Kind.CLAIM_TO_CONFIRM,
    ):
        return "They have stepped away."
    if message.kind == Message.Kind.CLAIM_TO_CONFIRM:
        from payments.models import Claim

        claim_id = message.dedupe_key.rsplit(":", 1)[-1]
        if not Claim.objects.filter(pk=claim_id, status=Claim.Status.DRAFT).exists():
            return "The claim was confirmed or withdrawn."
    profile = Profile.objects.filter(user_id=recipient.user_id).first()
    if choose_channel(recipient, message.category, profile) is None:
        return "They no longer want this kind of message."
    session = message.session
    if session is not None:
        from sessions_app.models import Session, SessionInvite

        if session.status == Session.Status.CANCELLED:
            return "The session was cancelled."
        if message.kind in (Message.Kind.REMINDER, Message.Kind.BRIEF):
            if session.starts_at <= timezone.now():
                return "The session has started."
            if f":{session.starts_at.astimezone(UTC):%Y%m%dT%H%M}" not in message.dedupe_key:
                return "The session moved: a new reminder goes instead."
            if SessionInvite.objects.filter(
                session=session, membership=recipient, response=SessionInvite.Response.NO
            ).exists():
                return "They said they cannot come."
    return ""


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> "QuietHours | None":
        try:
            start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
        except ValueError:
            return None
        return cls(start, end)

    def next_allowed(self, moment: datetime, tz: ZoneInfo) -> datetime | None:
        """When a message due at `moment` may go, or None if it may go now."""
        local = moment.astimezone(tz)
        now_time = local.time()
        overnight = self.start > self.end
        inside = (
            (now_time >= self.start or now_time < self.end)
            if overnight
            else self.start <= now_time < self.end
        )
        if not inside:
            return None
        day = (
            local.date() + timedelta(days=1)
            if overnight and now_time >= self.start
            else local.date()
        )
        return datetime.combine(day, self.end, tz)


def _quiet_until(message: Message, now: datetime) -> datetime | None:
    user = message.recipient.user
    if not user.is_under_18:
        return None
    quiet = QuietHours.parse(message.recipient.collaboration.quiet_hours)
    if quiet is None:
        return None
    profile = getattr(user, "profile", None)
    tz = ZoneInfo(profile.time_zone if profile else settings.TIME_ZONE)
    return quiet.next_allowed(now, tz)


def _send(message: Message) -> None:
    user = message.recipient.user
    if message.channel == Channel.EMAIL:
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            to=[user.email],
            headers={
                "Message-ID": f"<{message.code}@{settings.SITE_URL.split('//')[-1].split('/')[0]}>"
            },
        )
        email.send()
    elif message.channel == Channel.SMS:
        sms_send(to=str(user.phone), body=message.body, reference=str(message.code))
    else:
        raise AssertionError("calls and letters are handed to staff, not sent")


def deliver(message: Message, *, now: datetime) -> str:
    """Sends one claimed message; returns its new state."""
    unwanted = _still_wanted(message)
    if unwanted:
        _mine(message).update(state=State.CANCELLED, last_error=unwanted)
        return State.CANCELLED
    quiet_until = _quiet_until(message, now)
    if quiet_until is not None:  # quiet hours delay a message, never drop it
        _mine(message).update(
            state=State.PENDING, due_at=quiet_until, claimed_at=None, attempts=F("attempts") - 1
        )
        return State.PENDING
    if message.channel in (Channel.CALL, Channel.POST):
        _mine(message).update(state=State.WITH_STAFF)
        return State.WITH_STAFF
    # Renew the claim just before handing the message over; if it was taken over meanwhile
    # (this worker was too slow), leave the message to the worker that holds it now.
    if not _mine(message).update(claimed_at=timezone.now()):
        return State.SENDING
    try:
        _send(message)
    except TRANSIENT_ERRORS as error:
        if message.attempts >= MAX_ATTEMPTS:
            _mine(message).update(
                state=State.FAILED, last_error=f"Gave up after {message.attempts} tries: {error}"
            )
            return State.FAILED
        delay = BACKOFF[min(message.attempts - 1, len(BACKOFF) - 1)]
        _mine(message).update(
            state=State.PENDING, due_at=now + delay, claimed_at=None, last_error=str(error)
        )
        return State.PENDING
    except Exception as error:
        _mine(message).update(state=State.FAILED, last_error=f"{type(error).__name__}: {error}")
        return State.FAILED
    _mine(message).update(state=State.SENT, sent_at=timezone.now())
    return State.SENT


def send_due(*, now: datetime | None = None, batch: int = 200) -> int:
    """Sends everything due now; returns how many messages were handled."""
    now = now or timezone.now()
    release_stale_claims(now=now)
    handled = 0
    while claimed := claim_due(now=now, limit=batch):
        for message in claimed:
            deliver(message, now=now)
            handled += 1
    return handled


def staff_done(*, message: Message) -> bool:
    """Staff made the call or posted the letter."""
    return bool(
        Message.objects.filter(pk=message.pk, state=State.WITH_STAFF).update(
            state=State.SENT, sent_at=timezone.now()
        )
    )
