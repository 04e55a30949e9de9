"""A member's home says what is next for them and what is waiting for them to do."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership
from payments.models import Claim
from sessions_app.models import Session, SessionInvite, ShortTask, TaskAnswer

pytestmark = pytest.mark.django_db


def session(collaboration, title, days, **extra):
    starts = timezone.now() + timedelta(days=days)
    return Session.objects.create(
        collaboration=collaboration,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        **extra,
    )


def test_the_home_page_lists_next_sessions_and_what_is_waiting(client, cast, collaboration):
    membership = Membership.objects.get(user=cast["member"])
    home = reverse("coproduction:collaboration-home", args=[collaboration.slug])
    client.force_login(cast["member"])
    empty = client.get(home).content.decode()
    assert "No sessions are planned for you yet" in empty
    assert "Nothing is waiting for you right now" in empty

    for title, days, extra in [
        ("Budget planning", 3, {}),
        ("Already happened", -3, {}),
        ("Called off", 4, {"status": Session.Status.CANCELLED}),
    ]:
        SessionInvite.objects.create(
            session=session(collaboration, title, days, **extra), membership=membership
        )
    session(collaboration, "Not invited", 5)
    ShortTask.objects.create(
        collaboration=collaboration,
        title="Open task",
        brief="b",
        deadline=timezone.localdate() + timedelta(days=2),
    )
    answered = ShortTask.objects.create(
        collaboration=collaboration,
        title="Answered task",
        brief="b",
        deadline=timezone.localdate() + timedelta(days=2),
    )
    TaskAnswer.objects.create(task=answered, membership=membership, text="done")
    Claim.objects.create(
        collaboration=collaboration,
        membership=membership,
        kind=Claim.Kind.EXPENSE,
        description="Bus",
        date_worked=timezone.localdate(),
        amount_due=Decimal("4.50"),
    )

    page = client.get(home).content.decode()
    assert "Budget planning" in page and "Not answered yet" in page
    for absent in ("Already happened", "Called off", "Not invited"):
        assert absent not in page
    assert "1 session to say if you can come" in page
    assert "1 payment claim to check and confirm" in page
    assert "1 short task you could do" in page
