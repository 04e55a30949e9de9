"""Messages as people get them: emails with text and HTML parts from templates, a Reply-To
that reaches the collaboration, their preferences and a one-click unsubscribe where they may
say no; invitations of every kind through the outbox, so channels, consent, quiet hours,
calls and letters apply to them too."""

import asyncio
import email
import email.policy
from datetime import date, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coproduction import outbox
from coproduction.models import Membership, Message
from coproduction.outbox import sms
from members.models import Profile
from sessions_app import invitations as sessions
from sessions_app.models import Poll, PollOption, Session, SessionInvite
from tests.factories import MembershipFactory, UserFactory
from tests.support.servers import free_port

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
State = Message.State


def reminder(membership, key="r", category=Message.Category.REMINDERS):
    return outbox.message_enqueue(
        recipient=membership,
        kind=Message.Kind.REMINDER,
        category=category,
        subject="Reminder: Transport group, Friday 2 April at 6pm",
        body="Hello Sam, a reminder. Can you still come? Tap here: https://example.org/answer/x/",
        due_at=timezone.now() - timedelta(minutes=1),
        dedupe_key=key,
    )


@pytest.fixture
def membership(member):
    return Membership.objects.get(user=member)


def test_an_email_has_text_and_html_parts_and_replies_reach_the_collaboration(
    collaboration, membership
):
    collaboration.reply_to_email = "team@rivervalley.org.uk"
    collaboration.help_phone = "0300 123 4567"
    collaboration.save(update_fields=["reply_to_email", "help_phone"])
    reminder(membership)
    outbox.send_due()
    [sent] = mail.outbox
    assert sent.subject == "Reminder: Transport group, Friday 2 April at 6pm"
    assert sent.reply_to == ["team@rivervalley.org.uk"]
    assert sent.from_email.startswith(f'"{collaboration.name}" <') or sent.from_email.startswith(
        f"{collaboration.name} <"
    )
    assert "Can you still come?" in sent.body and "You can reply to this email" in sent.body
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en-GB">' in html
    assert '<a href="https://example.org/answer/x/"' in html
    assert "tel:03001234567" in html
    preferences = reverse("members:person-profile-edit", args=[collaboration.slug, membership.code])
    assert preferences in sent.body and preferences in html


def test_without_a_reply_address_replies_go_to_the_help_contact_or_the_email_says_so(
    collaboration, membership, cast
):
    reminder(membership, "a")
    outbox.send_due()
    assert mail.outbox[0].reply_to == []
    assert "Replies to this email are not read" in mail.outbox[0].body
    helper = Membership.objects.get(user=cast["staff"])
    collaboration.help_contact = helper
    collaboration.save(update_fields=["help_contact"])
    reminder(membership, "b")
    outbox.send_due()
    assert mail.outbox[1].reply_to == [cast["staff"].email]


def test_optional_messages_carry_a_one_click_unsubscribe_and_service_messages_do_not(
    collaboration, membership
):
    reminder(membership, "optional")
    reminder(membership, "service", category=Message.Category.SERVICE)
    outbox.send_due()
    optional, service = sorted(mail.outbox, key=lambda m: "List-Unsubscribe" not in m.extra_headers)
    link = optional.extra_headers["List-Unsubscribe"].strip("<>")
    assert optional.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Stop getting session reminders: {link}" in optional.body
    assert "List-Unsubscribe" not in service.extra_headers and "Stop getting" not in service.body


def test_one_click_unsubscribe_stops_that_kind_of_message_and_nothing_else(
    client, collaboration, membership
):
    reminder(membership)
    outbox.send_due()
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.removeprefix("http://localhost:8000")
    page = client.get(path)
    assert page.status_code == 200 and "Stop getting session reminders?" in page.content.decode()
    assert not Profile.objects.filter(user=membership.user, consent_reminders=False).exists()
    # What a mail provider sends (RFC 8058): a post with no cookie and no form token.
    strict = client_class_without_csrf()
    done = strict.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    profile = Profile.objects.get(user=membership.user)
    assert profile.consent_reminders is False and profile.consent_prompts is True
    assert reminder(membership, "after") is None  # no more reminders are even queued
    assert client.get(path[:-8] + "mangled/").status_code == 404


def client_class_without_csrf():
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def test_no_subject_starts_with_the_host_in_brackets(client, collaboration, member):
    client.post(reverse("account_request_login_code"), {"email": member.email})
    reminder(Membership.objects.get(user=member))
    outbox.send_due()
    assert mail.outbox and all(not m.subject.startswith("[") for m in mail.outbox)
    assert any("code" in m.subject.lower() for m in mail.outbox)


class Sink:
    """A real SMTP server on this machine that keeps what arrives, byte for byte."""

    def __init__(self):
        self.received: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append(envelope.original_content)
        return "250 OK"


def test_on_the_wire_the_message_id_carries_the_sites_host_and_unsubscribe_is_one_link(
    settings, collaboration, membership
):
    settings.SITE_URL = "https://coproduction.rivervalley.org.uk:8443"
    sink, port = Sink(), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port, loop=asyncio.new_event_loop())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    try:
        message = reminder(membership)
        outbox.send_due()
    finally:
        controller.stop()
    [raw] = sink.received
    wire = email.message_from_bytes(raw, policy=email.policy.default)
    assert f"\r\nMessage-ID: <{message.code}@coproduction.rivervalley.org.uk>\r\n" in raw.decode()
    assert wire["Message-ID"] == f"<{message.code}@coproduction.rivervalley.org.uk>"
    header_line = next(
        line for line in raw.decode().splitlines() if line.startswith("List-Unsubscribe:")
    )
    assert header_line.startswith("List-Unsubscribe: <https://coproduction.rivervalley.org.uk")
    assert header_line.endswith("/>") and "=?utf-8?" not in header_line
    assert wire.get_content_type() == "multipart/alternative"
    message.refresh_from_db()
    assert message.state == State.SENT


# --- Invitations go through the outbox too --------------------------------------------------


@pytest.fixture
def planned(collaboration, cast, member):
    start = timezone.now() + timedelta(days=10)
    session = Session.objects.create(
        collaboration=collaboration,
        title="Bus routes",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    SessionInvite.objects.create(session=session, membership=Membership.objects.get(user=member))
    return session


def test_a_session_invitation_is_a_row_first_with_a_calendar_file(planned, member):
    assert sessions.session_invitations_send(session=planned) == 1
    message = Message.objects.get(kind=Message.Kind.SESSION_INVITATION)
    assert message.state == State.SENT and message.session == planned
    [sent] = mail.outbox
    assert sent.to == [member.email] and "/answer/" in sent.body
    assert sent.attachments[0].mimetype == "text/calendar"
    assert sessions.session_invitations_send(session=planned) == 1  # the same invitation
    assert len(mail.outbox) == 1


def test_invitations_follow_each_persons_channel_to_calls_letters_and_quiet_hours(
    client, cast, collaboration, planned
):
    caller = MembershipFactory(
        collaboration=collaboration, user=UserFactory(email=None, phone=None, offline_only=True)
    )
    Profile.objects.create(user=caller.user, call_phone="01632 960001", channels=["call"])
    writer = MembershipFactory(
        collaboration=collaboration, user=UserFactory(email=None, phone=None, offline_only=True)
    )
    Profile.objects.create(user=writer.user, postal_address="1 Mill Lane", channels=["post"])
    young = MembershipFactory(
        collaboration=collaboration, user=UserFactory(date_of_birth=date(2011, 5, 5))
    )
    for person in (caller, writer, young):
        SessionInvite.objects.create(session=planned, membership=person)
    late = datetime(2026, 12, 1, 22, 30, tzinfo=LONDON)
    with time_machine.travel(late):
        sessions.session_invitations_send(session=planned)
    by_person = {m.recipient_id: m for m in Message.objects.filter(session=planned)}
    assert by_person[caller.pk].state == State.WITH_STAFF
    assert by_person[writer.pk].state == State.WITH_STAFF
    assert by_person[writer.pk].channel == Message.Channel.POST
    assert by_person[young.pk].state == State.PENDING  # held until 8am, never dropped
    assert by_person[young.pk].due_at == datetime(2026, 12, 2, 8, tzinfo=LONDON)
    client.force_login(cast["staff"])
    page = client.get(reverse("coproduction:outbox", args=[collaboration.slug])).content.decode()
    assert f"Call {caller.user.shown_name}" in page and "Bus routes" in page


def test_a_moved_session_sends_a_new_invitation_and_drops_the_old_one(planned, member):
    texter = MembershipFactory(
        collaboration=planned.collaboration, user=UserFactory(email=None, phone="+447700900111")
    )
    SessionInvite.objects.create(session=planned, membership=texter)
    sessions.session_invitations_send(session=planned)
    first = Message.objects.get(kind=Message.Kind.SESSION_INVITATION, recipient__user=member)
    Message.objects.filter(pk=first.pk).update(state=State.PENDING)  # say it had not gone yet
    planned.starts_at += timedelta(days=1)
    planned.ends_at += timedelta(days=1)
    planned.save(update_fields=["starts_at", "ends_at"])
    sessions.session_invitations_send(session=planned)
    first.refresh_from_db()
    changed = (
        Message.objects.filter(kind=Message.Kind.SESSION_INVITATION, recipient__user=member)
        .exclude(pk=first.pk)
        .get()
    )
    assert changed.subject.startswith("Changed: ") and changed.state == State.SENT
    outbox.send_due()
    first.refresh_from_db()
    assert first.state == State.CANCELLED and "changed" in first.last_error
    assert sms.outbox[-1].body.startswith("Bus routes has changed: it is now")


def test_a_cancelled_session_tells_everyone_invited(planned, member):
    sessions.session_invitations_send(session=planned)
    planned.status = Session.Status.CANCELLED
    planned.save(update_fields=["status"])
    sessions.session_invitations_send(session=planned)
    cancelled = Message.objects.get(kind=Message.Kind.SESSION_CANCELLED)
    assert cancelled.state == State.SENT and cancelled.subject.startswith("Cancelled: Bus routes")
    assert "is cancelled" in mail.outbox[-1].body


def test_poll_invitations_go_through_the_outbox_and_stop_when_the_poll_closes(
    collaboration, cast, member
):
    texter = MembershipFactory(
        collaboration=collaboration, user=UserFactory(email=None, phone="+447700900222")
    )
    poll = Poll.objects.create(collaboration=collaboration, title="Transport group")
    poll.invitees.set([Membership.objects.get(user=member), texter])
    PollOption.objects.create(
        poll=poll,
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=1),
    )
    young = MembershipFactory(
        collaboration=collaboration, user=UserFactory(date_of_birth=date(2011, 5, 5))
    )
    poll.invitees.add(young)
    with time_machine.travel(datetime(2026, 12, 1, 23, tzinfo=LONDON)):
        assert sessions.poll_invitations_send(poll=poll) == 3
    assert [m.to for m in sms.outbox] == ["+447700900222"] and "/poll/" in sms.outbox[0].body
    assert mail.outbox[0].subject == "When can you come? Transport group"
    held = Message.objects.get(kind=Message.Kind.POLL_INVITATION, recipient=young)
    assert held.state == State.PENDING  # quiet hours
    Poll.objects.filter(pk=poll.pk).update(status=Poll.Status.CLOSED)
    outbox.send_due(now=datetime(2026, 12, 2, 9, tzinfo=LONDON))
    held.refresh_from_db()
    assert held.state == State.CANCELLED and held.last_error == "The poll has closed."


def test_an_invitation_to_join_is_in_the_outbox_where_staff_see_it_went(
    client, cast, collaboration, django_capture_on_commit_callbacks
):
    client.force_login(cast["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("coproduction:invitation-create", args=[collaboration.slug]),
            {"name": "Robin Ash", "email": "robin@example.org", "phone": "", "role": "member"},
        )
    message = Message.objects.get(kind=Message.Kind.JOIN_INVITATION)
    assert message.state == State.SENT and message.recipient is None
    assert message.invitation.email == "robin@example.org"
    assert mail.outbox[-1].to == ["robin@example.org"]
    page = client.get(reverse("coproduction:outbox", args=[collaboration.slug])).content.decode()
    assert f"{escape(message.subject)} to Robin Ash" in page


def test_an_invitation_withdrawn_before_it_went_is_not_sent(cast, collaboration):
    from coproduction import services
    from coproduction.models import Invitation

    invitation = Invitation.objects.create(
        collaboration=collaboration,
        name="Kim",
        phone="+447700900444",
        role="member",
        expires_at=timezone.now() + timedelta(days=14),
    )
    message = outbox.invitation_message_enqueue(
        invitation=invitation, subject="Join", body="Open this link", dedupe_key="join-test"
    )
    services.invitation_revoke(invitation=invitation)
    outbox.send_due()
    message.refresh_from_db()
    assert message.state == State.CANCELLED and not sms.outbox
