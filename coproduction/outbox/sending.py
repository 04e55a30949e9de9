"""Sending claimed messages, each exactly once, as far as a sender can make it so.

A worker that dies mid-batch leaves its claims in SENDING: after OUTBOX_CLAIM_TIMEOUT_SECONDS
they go back to PENDING and the next run sends them. So the one message that can go twice is
one a worker handed over and died before recording; the gap between the provider's answer and
the record is one UPDATE, and if the database connection died meanwhile the record is made on
a fresh connection rather than left to time out. Each message carries its code as an
idempotency key (the Message-ID; the SMS reference) for providers that honour one.
Only named transient errors are retried, with backoff; a message that keeps failing is kept as
FAILED, with the reason, for staff to see.
"""

import logging
import smtplib
import socket
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from anymail.exceptions import AnymailRequestsAPIError
from django.db import InterfaceError, OperationalError, connection
from django.db.models import F
from django.utils import timezone

from coproduction.models import Membership, Message
from coproduction.outbox.channels import choose_channel, quiet_until
from coproduction.outbox.compose import address_of, email_for
from coproduction.outbox.kinds import rules_for
from coproduction.outbox.people import preferences_for
from coproduction.outbox.queue import claim_due, mine, release_stale_claims
from coproduction.outbox.sms import SMSTemporaryError
from coproduction.outbox.transport import email_hand_over, text_hand_over

logger = logging.getLogger(__name__)
State = Message.State
Channel = Message.Channel

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


def is_transient(error: Exception) -> bool:
    """Whether trying again later may work: a network error, or a provider's API answering
    429 or 5xx (through django-anymail), not a refusal of this message."""
    if isinstance(error, TRANSIENT_ERRORS):
        return True
    if isinstance(error, AnymailRequestsAPIError):
        status = error.status_code
        return status is None or status == 429 or status >= 500
    return False


# A database connection that went away (a restart, a failover, a cut): open another.
CONNECTION_LOST = (OperationalError, InterfaceError)
RECONNECT_ATTEMPTS = 6


def on_a_live_connection[T](write: Callable[[], T]) -> T:
    """Runs `write`; if the database connection was lost, runs it again on a fresh one.

    Only for writes that are safe to repeat: conditional updates on a claim this worker holds.
    """
    for attempt in range(RECONNECT_ATTEMPTS):
        try:
            return write()
        except CONNECTION_LOST as error:
            if attempt == RECONNECT_ATTEMPTS - 1 or connection.in_atomic_block:
                raise
            logger.warning("Outbox: database connection lost (%s); reconnecting", error)
            connection.close()
            time.sleep(min(0.1 * 2**attempt, 2.0))
    raise AssertionError("unreachable")


def still_wanted(message: Message) -> str:
    """Why a queued message should no longer go ("" if it should): the person said no,
    stepped away, left, or withdrew consent, or its app says it is no longer needed (the
    session moved or was cancelled, the claim was confirmed)."""
    rules = rules_for(message.kind)
    if rules.always_wanted:
        return ""
    recipient = message.recipient
    if recipient is not None:
        if recipient.status == Membership.Status.ALUMNI and not rules.reaches_people_who_left:
            return "They have left the collaboration."
        if recipient.status == Membership.Status.STEPPED_AWAY and not (
            rules.reaches_people_stepped_away or rules.reaches_people_who_left
        ):
            return "They have stepped away."
    if rules.still_wanted is not None and (reason := rules.still_wanted(message)):
        return reason
    preferences = preferences_for(recipient.user_id) if recipient is not None else None
    if recipient is not None and choose_channel(recipient, message.category, preferences) is None:
        return "They no longer want this kind of message."
    return ""


def _hand_over(message: Message) -> str:
    """Gives the message to its provider; the provider's id for it, or ""."""
    if message.channel == Channel.EMAIL:
        return email_hand_over(email_for(message))
    if message.channel == Channel.SMS:
        return text_hand_over(
            to=address_of(message), body=message.body, reference=str(message.code)
        )
    raise AssertionError("calls and letters are handed to staff, not sent")


def deliver(message: Message, *, now: datetime) -> str:
    """Sends one claimed message; returns its new state."""
    unwanted = still_wanted(message)
    if unwanted:
        on_a_live_connection(
            lambda: mine(message).update(state=State.CANCELLED, last_error=unwanted)
        )
        return State.CANCELLED
    later = quiet_until(message, now)
    if later is not None:  # quiet hours delay a message, never drop it
        on_a_live_connection(
            lambda: mine(message).update(
                state=State.PENDING, due_at=later, claimed_at=None, attempts=F("attempts") - 1
            )
        )
        return State.PENDING
    if message.channel in (Channel.CALL, Channel.POST):
        on_a_live_connection(lambda: mine(message).update(state=State.WITH_STAFF))
        return State.WITH_STAFF
    # Renew the claim just before handing the message over; if it was taken over meanwhile
    # (this worker was too slow), leave the message to the worker that holds it now.
    if not on_a_live_connection(lambda: mine(message).update(claimed_at=timezone.now())):
        return State.SENDING
    try:
        provider_id = _hand_over(message)
    except Exception as error:
        if is_transient(error):
            return _try_later_or_give_up(message, now=now, error=str(error))
        failure = f"{type(error).__name__}: {error}"
        on_a_live_connection(lambda: mine(message).update(state=State.FAILED, last_error=failure))
        return State.FAILED
    # The provider has it: nothing may come between its answer and this record.
    on_a_live_connection(
        lambda: mine(message).update(
            state=State.SENT, sent_at=timezone.now(), provider_id=provider_id[:100]
        )
    )
    return State.SENT


def _try_later_or_give_up(message: Message, *, now: datetime, error: str) -> str:
    if message.attempts >= MAX_ATTEMPTS:
        failure = f"Gave up after {message.attempts} tries: {error}"
        on_a_live_connection(lambda: mine(message).update(state=State.FAILED, last_error=failure))
        return State.FAILED
    delay = BACKOFF[min(message.attempts - 1, len(BACKOFF) - 1)]
    on_a_live_connection(
        lambda: mine(message).update(
            state=State.PENDING, due_at=now + delay, claimed_at=None, last_error=error
        )
    )
    return State.PENDING


def send_due(*, now: datetime | None = None, batch: int = 200) -> int:
    """Sends everything due now; returns how many messages were handled."""
    now = now or timezone.now()
    on_a_live_connection(lambda: release_stale_claims(now=now))
    return _send_claimed(lambda: claim_due(now=now, limit=batch), now)


def send_now(message_ids: Iterable[int]) -> int:
    """Sends these messages, if they are due and no one else holds them: for a message that
    should not wait for the next sweep (an invitation a person is waiting for)."""
    ids = list(message_ids)
    now = timezone.now()
    return _send_claimed(lambda: claim_due(now=now, limit=len(ids), only=ids), now) if ids else 0


def _send_claimed(claim: Callable[[], list[Message]], now: datetime) -> int:
    handled = 0
    while claimed := on_a_live_connection(claim):
        for message in claimed:
            deliver(message, now=now)
            handled += 1
    return handled
