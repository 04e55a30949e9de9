""" "Needs you" at the top of staff, facilitator and finance homes: each thing waiting, a
link to where it is done, urgent things first, and a fixed number of queries."""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership, Message
from payments import services as payment_services
from payments.models import Claim
from reflections.models import Feedback
from sessions_app.models import Session, SessionInvite
from tests.payments.test_payments import submitted

pytestmark = pytest.mark.django_db
SLUG = "river-valley"


def home(client, user) -> str:
    client.force_login(user)
    page = client.get(reverse("coproduction:collaboration-home", args=[SLUG])).content.decode()
    found = re.search(r'<section aria-labelledby="needs-you".*?</section>', page, re.S)
    return found.group(0) if found else ""


def _items(section: str) -> list[str]:
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", item)).split())
        for item in re.findall(r'<li class="needs-you__item.*?</li>', section, re.S)
    ]


def _message(collaboration, recipient, n, *, state, channel="email"):
    return Message.objects.create(
        collaboration=collaboration,
        recipient=recipient,
        kind="reminder",
        category="reminders",
        channel=channel,
        subject="Reminder",
        body="Soon",
        due_at=timezone.now(),
        state=state,
        dedupe_key=f"needs-you-{n}",
    )


def _session(collaboration, title, starts_in, invitees):
    starts = timezone.now() + starts_in
    session = Session.objects.create(
        collaboration=collaboration,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    for membership, response in invitees:
        SessionInvite.objects.create(session=session, membership=membership, response=response)
    return session


def add_waiting_work(collaboration, cast, n: int = 1) -> None:
    """n of each thing that can be waiting for staff."""
    member = Membership.objects.get(user=cast["member"], collaboration=collaboration)
    for i in range(n):
        late = submitted(member)
        Claim.objects.filter(pk=late.pk).update(submitted_at=timezone.now() - timedelta(days=40))
        submitted(member)
        _message(collaboration, member, f"f{n}{i}", state=Message.State.FAILED)
        _message(collaboration, member, f"c{n}{i}", state=Message.State.WITH_STAFF, channel="call")
        Feedback.objects.create(
            collaboration=collaboration,
            text=f"The room was cold {i}",
            received_on=timezone.localdate(),
        )
        _session(
            collaboration,
            f"Bus routes {n}{i}",
            timedelta(days=2 + i),
            [(member, SessionInvite.Response.YES)],
        )
        _session(
            collaboration,
            f"Last week {n}{i}",
            -timedelta(days=3 + i),
            [(member, SessionInvite.Response.YES)],
        )


def test_staff_see_what_needs_them_urgent_first_each_with_its_link(client, cast, collaboration):
    assert "Nothing needs you right now." in home(client, cast["staff"])
    add_waiting_work(collaboration, cast)
    section = home(client, cast["staff"])
    items = _items(section)
    assert items[0].startswith("Urgent 1 claim is late: paid later than the target.")
    assert items[1].startswith("Urgent 1 message could not be sent.")
    texts = " | ".join(items)
    for expected in (
        "2 claims waiting for approval.",
        "1 call to make.",
        "Bus routes 10:",
        "1 coming, 0 maybe, 0 can't come, 0 not answered yet",
        "Fill in the register for Last week 10",
        "1 piece of feedback has no action yet.",
    ):
        assert expected in texts, expected
    approvals = reverse("payments:approvals", args=[SLUG])
    outbox = reverse("coproduction:outbox", args=[SLUG])
    assert f'href="{approvals}#late"' in section and f'href="{outbox}#failed"' in section
    assert f'href="{reverse("reflections:feedback-list", args=[SLUG])}"' in section


def test_finance_see_payments_to_make_and_nothing_of_feedback_or_messages(
    client, cast, collaboration
):
    add_waiting_work(collaboration, cast)
    member = Membership.objects.get(user=cast["member"], collaboration=collaboration)
    staff = Membership.objects.get(user=cast["staff"], collaboration=collaboration)
    payment_services.claim_approve(claim=submitted(member), approver=staff)
    texts = " | ".join(_items(home(client, cast["finance"])))
    assert "1 approved claim to put in a payment batch." in texts
    assert "feedback" not in texts and "message" not in texts


def test_members_and_trustees_have_no_queue(client, cast, collaboration):
    add_waiting_work(collaboration, cast)
    assert home(client, cast["member"]) == "" and home(client, cast["trustee"]) == ""


def test_anonymous_feedback_held_back_is_not_counted(client, cast, collaboration):
    session = _session(collaboration, "Budget", -timedelta(days=1), [])
    Feedback.objects.create(
        collaboration=collaboration,
        session=session,
        text="Too fast",
        received_on=timezone.localdate(),
    )
    assert Feedback.objects.get().is_anonymous  # one of fewer than the threshold: held back
    assert "feedback" not in home(client, cast["staff"])


def test_the_queue_costs_the_same_queries_however_much_is_waiting(
    client, cast, collaboration, settings
):
    settings.PAGE_CACHE = False  # what drawing the page costs
    counts = []
    for n in (1, 3):
        add_waiting_work(collaboration, cast, n)
        client.force_login(cast["staff"])
        url = reverse("coproduction:collaboration-home", args=[SLUG])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
