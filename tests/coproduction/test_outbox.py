import smtplib
from datetime import UTC, date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from coproduction import outbox, reminders
from coproduction.models import Membership, Message
from coproduction.outbox import sms
from members.models import Commitment, Profile, StepAway
from sessions_app.models import Session, SessionInvite
from tests.factories import MembershipFactory, UserFactory
from tests.support.pdf import pdf_text

LONDON = ZoneInfo("Europe/London")
State = Message.State


def enqueue(recipient, key="k", due=None, category=Message.Category.REMINDERS):
    return outbox.message_enqueue(
        recipient=recipient,
        kind=Message.Kind.REMINDER,
        category=category,
        subject="Reminder",
        body="Hello",
        due_at=due or datetime(2026, 12, 1, 12, tzinfo=UTC),
        dedupe_key=key,
    )


def test_the_persons_channel_order_and_consent_decide(collaboration, member):
    membership = Membership.objects.get(user=member)
    member.phone = "+447700900555"
    member.save(update_fields=["phone"])
    Profile.objects.create(user=member, channels=["sms", "email"])
    assert enqueue(membership, "a").channel == Message.Channel.SMS
    Profile.objects.filter(user=member).update(consent_reminders=False)
    assert enqueue(membership, "b") is None
    assert (
        enqueue(membership, "c", category=Message.Category.SERVICE).channel == Message.Channel.SMS
    )


def test_scheduling_twice_makes_one_message(collaboration, member):
    membership = Membership.objects.get(user=member)
    assert enqueue(membership, "same") == enqueue(membership, "same")
    assert Message.objects.count() == 1


def test_a_due_message_is_sent_once_with_its_code_as_message_id(collaboration, member):
    message = enqueue(Membership.objects.get(user=member))
    with time_machine.travel(datetime(2026, 12, 1, 12, 5, tzinfo=UTC)):
        assert outbox.send_due() == 1
        assert outbox.send_due() == 0
    assert len(mail.outbox) == 1 and str(message.code) in mail.outbox[0].extra_headers["Message-ID"]
    message.refresh_from_db()
    assert message.state == State.SENT


def test_nothing_is_sent_before_it_is_due(collaboration, member):
    enqueue(Membership.objects.get(user=member))
    with time_machine.travel(datetime(2026, 12, 1, 11, 59, tzinfo=UTC)):
        assert outbox.send_due() == 0


def test_two_claims_never_get_the_same_message(collaboration, member):
    membership = Membership.objects.get(user=member)
    for n in range(5):
        enqueue(membership, f"k{n}")
    now = datetime(2026, 12, 2, tzinfo=UTC)
    first = outbox.claim_due(now=now, limit=3)
    second = outbox.claim_due(now=now, limit=3)
    assert len(first) == 3 and len(second) == 2
    assert not {m.pk for m in first} & {m.pk for m in second}


def test_a_claim_left_by_a_dead_worker_is_sent_by_the_next_run(collaboration, member, settings):
    message = enqueue(Membership.objects.get(user=member))
    now = datetime(2026, 12, 2, tzinfo=UTC)
    outbox.claim_due(now=now)  # claimed, and the worker dies before sending
    assert outbox.send_due(now=now + timedelta(seconds=5)) == 0  # still someone else's claim
    assert (
        outbox.send_due(now=now + timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS + 1)) == 1
    )
    message.refresh_from_db()
    assert message.state == State.SENT and message.attempts == 2


def test_transient_errors_are_retried_with_backoff_then_shown_as_failed(collaboration, member):
    message = enqueue(Membership.objects.get(user=member))
    now = datetime(2026, 12, 2, tzinfo=UTC)
    with mock.patch(
        "coproduction.outbox.sending._hand_over", side_effect=smtplib.SMTPServerDisconnected("gone")
    ):
        for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
            outbox.send_due(now=now)
            message.refresh_from_db()
            if attempt < outbox.MAX_ATTEMPTS:
                assert message.state == State.PENDING and message.due_at > now
                now = message.due_at
    assert message.state == State.FAILED and "gone" in message.last_error


def test_other_errors_fail_at_once_and_staff_see_why(client, cast, collaboration, member):
    message = enqueue(Membership.objects.get(user=member))
    with mock.patch(
        "coproduction.outbox.sending._hand_over", side_effect=ValueError("no such mailbox")
    ):
        outbox.send_due(now=datetime(2026, 12, 2, tzinfo=UTC))
    message.refresh_from_db()
    assert message.state == State.FAILED and message.attempts == 1
    client.force_login(cast["staff"])
    page = client.get(reverse("coproduction:outbox", args=[collaboration.slug])).content.decode()
    assert "no such mailbox" in page


def test_quiet_hours_delay_messages_to_under_18s_and_never_drop_them(collaboration):
    young = MembershipFactory(
        collaboration=collaboration, user=UserFactory(date_of_birth=date(2011, 5, 5))
    )
    adult = MembershipFactory(collaboration=collaboration)
    late = datetime(2026, 12, 1, 22, 30, tzinfo=LONDON)
    young_message, adult_message = enqueue(young, "y", late), enqueue(adult, "a", late)
    outbox.send_due(now=late)
    young_message.refresh_from_db()
    adult_message.refresh_from_db()
    assert adult_message.state == State.SENT
    assert young_message.state == State.PENDING and young_message.due_at == datetime(
        2026, 12, 2, 8, tzinfo=LONDON
    )
    outbox.send_due(now=datetime(2026, 12, 2, 8, 1, tzinfo=LONDON))
    young_message.refresh_from_db()
    assert young_message.state == State.SENT


def test_quiet_hours_are_in_the_young_persons_own_time_zone(collaboration):
    young = MembershipFactory(
        collaboration=collaboration, user=UserFactory(date_of_birth=date(2011, 5, 5))
    )
    Profile.objects.create(user=young.user, time_zone="America/Toronto")
    evening_uk = datetime(2026, 12, 1, 22, 30, tzinfo=LONDON)  # 17:30 in Toronto
    message = enqueue(young, "t", evening_uk)
    outbox.send_due(now=evening_uk)
    message.refresh_from_db()
    assert message.state == State.SENT


def test_calls_and_letters_go_to_staff_lists(client, cast, collaboration):
    person = MembershipFactory(
        collaboration=collaboration, user=UserFactory(email=None, phone="+447700900666")
    )
    Profile.objects.create(user=person.user, channels=["call"])
    message = enqueue(person, "call")
    outbox.send_due(now=datetime(2026, 12, 2, tzinfo=UTC))
    message.refresh_from_db()
    assert message.state == State.WITH_STAFF and not sms.outbox
    client.force_login(cast["staff"])
    page = client.get(reverse("coproduction:outbox", args=[collaboration.slug])).content.decode()
    assert "Calls to make" in page and "+447700900666" in page
    client.post(reverse("coproduction:outbox-done", args=[collaboration.slug, message.code]))
    message.refresh_from_db()
    assert message.state == State.SENT


def test_members_see_what_was_sent_to_them_and_nobody_elses(client, collaboration, member):
    mine = enqueue(Membership.objects.get(user=member), "mine")
    other = MembershipFactory(collaboration=collaboration)
    outbox.message_enqueue(
        recipient=other,
        kind="reminder",
        category="service",
        subject="Not yours",
        body="x",
        due_at=datetime(2026, 12, 1, tzinfo=UTC),
        dedupe_key="other",
    )
    outbox.send_due(now=datetime(2026, 12, 2, tzinfo=UTC))
    client.force_login(member)
    page = client.get(
        reverse("coproduction:my-messages", args=[collaboration.slug])
    ).content.decode()
    assert mine.subject in page and "Not yours" not in page


# --- What gets scheduled, and when ------------------------------------------------------------


@pytest.fixture
def planned(collaboration, cast, member):
    session = Session.objects.create(
        collaboration=collaboration,
        title="Transport group",
        starts_at=datetime(2027, 4, 2, 18, tzinfo=LONDON),  # after the clocks go forward (28 March)
        ends_at=datetime(2027, 4, 2, 19, 30, tzinfo=LONDON),
        brief_summary="We look at bus fares.",
        created_at=datetime(2027, 3, 1, tzinfo=UTC),
    )
    invite = SessionInvite.objects.create(
        session=session, membership=Membership.objects.get(user=member)
    )
    return session, invite


def test_reminders_are_due_7_days_and_48_hours_before_at_the_same_local_time(planned):
    reminders.produce_due_messages(now=datetime(2027, 3, 20, tzinfo=UTC))
    due = sorted(m.due_at.astimezone(LONDON) for m in Message.objects.filter(kind="reminder"))
    assert due == [
        datetime(2027, 3, 26, 18, tzinfo=LONDON),
        datetime(2027, 3, 31, 18, tzinfo=LONDON),
    ]
    assert due[0].utcoffset() == timedelta(0)  # 6pm GMT, a week before 6pm BST
    body = Message.objects.filter(kind="reminder").first().body
    assert "/answer/" in body and "Friday 2 April" in body


def test_a_person_can_choose_their_own_reminder_times(planned, member):
    Profile.objects.create(user=member, reminder_hours="24")
    reminders.produce_due_messages(now=datetime(2027, 3, 20, tzinfo=UTC))
    assert [m.due_at for m in Message.objects.filter(kind="reminder")] == [
        datetime(2027, 4, 1, 18, tzinfo=LONDON)
    ]


def test_the_brief_goes_7_days_before_and_closes_the_agenda(planned):
    session, _ = planned
    reminders.produce_due_messages(now=datetime(2027, 3, 20, tzinfo=UTC))
    brief = Message.objects.get(kind="brief")
    assert brief.due_at == datetime(2027, 3, 26, 17, tzinfo=UTC)
    session.refresh_from_db()
    assert session.brief_sent_at is None
    reminders.produce_due_messages(now=datetime(2027, 3, 26, 17, 1, tzinfo=UTC))
    session.refresh_from_db()
    assert session.brief_sent_at is not None


def test_no_reminders_while_stepped_away_or_after_saying_no(planned, member):
    _, invite = planned
    StepAway.objects.create(membership=invite.membership, started_on=date(2027, 3, 1))
    Membership.objects.filter(pk=invite.membership_id).update(status=Membership.Status.STEPPED_AWAY)
    reminders.produce_due_messages(now=datetime(2027, 3, 20, tzinfo=UTC))
    assert not Message.objects.filter(kind__in=["reminder", "brief"]).exists()
    Membership.objects.filter(pk=invite.membership_id).update(status=Membership.Status.ACTIVE)
    SessionInvite.objects.filter(pk=invite.pk).update(response="no")
    reminders.produce_due_messages(now=datetime(2027, 3, 20, tzinfo=UTC))
    assert not Message.objects.filter(kind="reminder").exists()


def test_a_reflection_prompt_follows_a_session_for_those_who_came(planned):
    session, invite = planned
    SessionInvite.objects.filter(pk=invite.pk).update(attendance="attended")
    reminders.produce_due_messages(now=datetime(2027, 4, 2, 20, tzinfo=LONDON))
    prompt = Message.objects.get(kind="reflection")
    assert prompt.due_at == session.ends_at + timedelta(hours=2)


def test_check_ins_when_a_step_away_ends_and_before_exams(collaboration, member):
    membership = Membership.objects.get(user=member)
    StepAway.objects.create(
        membership=membership, started_on=date(2027, 1, 1), return_on=date(2027, 3, 1)
    )
    Commitment.objects.create(
        user=member, kind="exam", starts_on=date(2027, 5, 10), ends_on=date(2027, 6, 10)
    )
    reminders.produce_due_messages(now=datetime(2027, 3, 1, 9, tzinfo=UTC))
    assert Message.objects.filter(kind="step_away_check_in").count() == 1
    assert not Message.objects.filter(kind="exam_check_in").exists()
    reminders.produce_due_messages(now=datetime(2027, 4, 30, 9, tzinfo=UTC))
    assert Message.objects.filter(kind="exam_check_in", recipient=membership).count() == 1


def test_terms_ending_within_60_days_prompt_the_member_and_staff(collaboration, cast, member):
    Membership.objects.filter(user=member).update(term_end=date(2027, 2, 20))
    reminders.produce_due_messages(now=datetime(2027, 1, 1, tzinfo=UTC))
    assert Message.objects.filter(kind="term_ending", recipient__user=member).count() == 1
    staff_prompts = Message.objects.filter(kind="term_ending_staff")
    assert {m.recipient.user for m in staff_prompts} == {cast["staff"], cast["admin"]}


def test_letters_due_to_be_posted_print_as_one_pdf_with_address_labels(
    client, cast, collaboration, tmp_path
):

    for n, street in enumerate(["1 Mill Lane", "22 Station Road"]):
        person = MembershipFactory(
            collaboration=collaboration,
            user=UserFactory(name=f"Letter Person {n}", email=None, phone=f"+4477009007{n}0"),
        )
        Profile.objects.create(
            user=person.user, channels=["post"], postal_address=f"{street}\nNorthfield\nNF1 {n}AB"
        )
        enqueue(person, f"letter-{n}")
    outbox.send_due(now=datetime(2026, 12, 2, tzinfo=UTC))
    client.force_login(cast["staff"])
    response = client.get(reverse("coproduction:outbox-letters", args=[collaboration.slug]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    pages = text.split("\f")
    assert "Letter Person 0" in pages[0] and "1 Mill Lane" in pages[0] and "Reminder" in pages[0]
    assert "22 Station Road" in pages[1]
    assert "Page 1 of 3" in pages[0]
    labels = pages[2]
    assert "1 Mill Lane" in labels and "22 Station Road" in labels


def test_staff_are_prompted_when_no_one_has_joined_for_a_while(collaboration, cast):
    Membership.objects.filter(collaboration=collaboration).update(
        created_at=datetime(2026, 1, 1, tzinfo=UTC)
    )
    reminders.produce_due_messages(now=datetime(2026, 5, 1, tzinfo=UTC))
    assert not Message.objects.filter(kind="no_new_members").exists()
    reminders.produce_due_messages(now=datetime(2026, 7, 15, tzinfo=UTC))
    reminders.produce_due_messages(now=datetime(2026, 7, 16, tzinfo=UTC))  # once, not daily
    prompts = Message.objects.filter(kind="no_new_members")
    assert {m.recipient.user for m in prompts} == {cast["staff"], cast["admin"]}


def test_staff_are_prompted_when_a_few_members_do_most_of_the_talking(collaboration, cast, member):
    from sessions_app.models import AgendaItem

    talkers = [
        Membership.objects.get(user=member),
        *(MembershipFactory(collaboration=collaboration) for _ in range(4)),
    ]
    session = Session.objects.create(
        collaboration=collaboration,
        title="S",
        starts_at=datetime(2026, 6, 1, tzinfo=UTC),
        ends_at=datetime(2026, 6, 1, 1, tzinfo=UTC),
    )
    for n in range(9):
        AgendaItem.objects.create(
            session=session,
            title=f"I{n}",
            proposed_by=talkers[n % 3],
            created_at=datetime(2026, 6, 1, tzinfo=UTC),
        )
    AgendaItem.objects.create(
        session=session,
        title="Quiet",
        proposed_by=talkers[4],
        created_at=datetime(2026, 6, 1, tzinfo=UTC),
    )
    reminders.produce_due_messages(now=datetime(2026, 6, 20, tzinfo=UTC))
    prompt = Message.objects.filter(kind="few_voices").first()
    assert prompt is not None and "90%" in prompt.subject


def test_a_reminder_for_a_moved_or_cancelled_session_is_cancelled_not_sent(planned):
    session, _ = planned
    reminders.produce_due_messages(now=datetime(2027, 3, 20, tzinfo=UTC))
    Session.objects.filter(pk=session.pk).update(
        starts_at=datetime(2027, 4, 9, 18, tzinfo=LONDON),
        ends_at=datetime(2027, 4, 9, 19, tzinfo=LONDON),
    )
    outbox.send_due(now=datetime(2027, 3, 27, tzinfo=UTC))  # the old 7-day reminder falls due
    old = Message.objects.get(kind="reminder", due_at=datetime(2027, 3, 26, 18, tzinfo=LONDON))
    assert old.state == State.CANCELLED and "moved" in old.last_error
    reminders.produce_due_messages(now=datetime(2027, 3, 27, tzinfo=UTC))
    assert Message.objects.filter(
        kind="reminder", due_at=datetime(2027, 4, 2, 18, tzinfo=LONDON)
    ).exists()
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    outbox.send_due(now=datetime(2027, 4, 3, tzinfo=UTC))
    assert not Message.objects.filter(kind="reminder", state=State.SENT).exists()
    assert not mail.outbox


def test_withdrawn_consent_cancels_what_was_queued(planned, member):
    reminders.produce_due_messages(now=datetime(2027, 3, 20, tzinfo=UTC))
    Profile.objects.create(user=member, consent_reminders=False)
    outbox.send_due(now=datetime(2027, 3, 27, tzinfo=UTC))
    assert (
        Message.objects.get(kind="reminder", due_at__lte=datetime(2027, 3, 27, tzinfo=UTC)).state
        == State.CANCELLED
    )


def test_a_worker_whose_claim_was_taken_over_neither_sends_nor_marks(
    collaboration, member, settings
):
    message = enqueue(Membership.objects.get(user=member))
    now = datetime(2026, 12, 2, tzinfo=UTC)
    [slow] = outbox.claim_due(now=now)  # worker A claims, then stalls
    later = now + timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS + 1)
    outbox.send_due(now=later)  # worker B takes over and sends
    assert outbox.deliver(slow, now=later) == State.SENDING  # worker A wakes up: hands off
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.state == State.SENT


def test_staff_without_a_dbs_check_see_no_under_18_numbers_or_addresses_in_the_lists(
    client, cast, collaboration
):
    young = MembershipFactory(
        collaboration=collaboration,
        user=UserFactory(date_of_birth=date(2011, 5, 5), phone="+447700900888"),
    )
    Profile.objects.create(user=young.user, channels=["call"])
    enqueue(young, "young-call")
    outbox.send_due(now=datetime(2026, 12, 2, 12, tzinfo=UTC))
    client.force_login(cast["admin"])  # no DBS check in the cast
    page = client.get(reverse("coproduction:outbox", args=[collaboration.slug])).content.decode()
    assert "+447700900888" not in page and "under 18" in page
    client.force_login(cast["staff"])  # a current enhanced DBS check
    assert (
        "+447700900888"
        in client.get(reverse("coproduction:outbox", args=[collaboration.slug])).content.decode()
    )
