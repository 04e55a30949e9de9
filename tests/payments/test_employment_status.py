"""The organisation's employment-status decision per role (DOMAIN.md): recorded with why,
dated, shown to the people it applies to, and asked for while it is missing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership
from payments.models import EmploymentStatus, EmploymentStatusDecision
from tests.payments.test_payments import fee
from tests.support.pdf import pdf_text

pytestmark = pytest.mark.django_db
SLUG = "river-valley"


@pytest.fixture
def member_ship(cast, collaboration):
    return Membership.objects.get(user=cast["member"], collaboration=collaboration)


def decide(collaboration, status, days_ago, reason, role=Membership.Role.MEMBER):
    return EmploymentStatusDecision.objects.create(
        collaboration=collaboration,
        role=role,
        status=status,
        reason=reason,
        decided_on=timezone.localdate() - timedelta(days=days_ago),
        decided_by="The board",
    )


def payments_page(client, member_ship) -> str:
    url = reverse("payments:person-payments", args=[SLUG, member_ship.code])
    return client.get(url).content.decode()


def test_a_member_sees_the_decision_in_force_for_their_role_and_why(
    client, cast, collaboration, member_ship
):
    decide(collaboration, EmploymentStatus.VOLUNTEER, 400, "Expenses only, at first.")
    decide(collaboration, EmploymentStatus.SELF_EMPLOYED, 30, "Paid a fee per task they choose.")
    decide(collaboration, EmploymentStatus.WORKER, -10, "Not decided yet: a future review.")
    decide(
        collaboration,
        EmploymentStatus.OFFICE_HOLDER,
        5,
        "Chairs the panel.",
        role=Membership.Role.FACILITATOR,
    )
    client.force_login(cast["member"])
    page = payments_page(client, member_ship)
    assert "a member here is <strong>self-employed</strong>" in page
    assert "Paid a fee per task they choose." in page
    for other in ("Expenses only", "future review", "office-holder", "Chairs the panel"):
        assert other not in page


def test_staff_are_asked_for_a_decision_while_people_in_a_role_claim_without_one(
    client, cast, collaboration, member_ship
):
    fee(member_ship)
    approvals = reverse("payments:approvals", args=[SLUG])
    client.force_login(cast["member"])
    assert "Not recorded yet: ask the staff team." in payments_page(client, member_ship)
    client.force_login(cast["staff"])
    notice = "No employment-status decision is recorded for these roles, though people in"
    page = client.get(approvals).content.decode()
    assert notice in page and "claim: Member." in page
    decide(collaboration, EmploymentStatus.SELF_EMPLOYED, 0, "Paid a fee per task.")
    assert notice not in client.get(approvals).content.decode()


@pytest.mark.parametrize(
    ("status", "not_a_job"),
    [(EmploymentStatus.SELF_EMPLOYED, True), (EmploymentStatus.WORKER, False)],
)
def test_the_jobcentre_letter_says_what_was_decided(
    client, cast, collaboration, member_ship, tmp_path, status, not_a_job
):
    decide(collaboration, status, 3, "Reviewed with the board.")
    client.force_login(cast["member"])
    url = reverse("payments:jobcentre-letter", args=[SLUG, member_ship.code])
    text = " ".join(pdf_text(client.get(url).content, tmp_path).split())
    label = EmploymentStatus(status).label.lower()
    assert f"a member here is {label}. Why: Reviewed with the board." in text
    assert ("It is not a job" in text) is not_a_job
