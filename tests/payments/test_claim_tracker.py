"""A member sees where each claim has got to, with dates: sent, approved, in a payment
batch, paid."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from payments import services
from payments.models import Claim, PayeeDetails
from payments.tracker import claim_steps
from tests.payments.test_payment_pages import member_ship as member_ship  # the fixtures
from tests.payments.test_payment_pages import staff_ship as staff_ship
from tests.payments.test_payments import fee, paid, submitted

pytestmark = pytest.mark.django_db
SLUG = "river-valley"


def _shown(steps):
    return [(s.label, s.state, s.done_on, s.due_by) for s in steps]


def test_a_draft_or_a_claim_sent_back_has_no_tracker(member_ship, staff_ship):
    draft = fee(member_ship)
    assert claim_steps(draft, expected=None) == []
    sent = submitted(member_ship)
    services.claim_return(claim=sent, approver=staff_ship, reason="Which session?")
    sent.refresh_from_db()
    assert sent.status == Claim.Status.RETURNED and claim_steps(sent, expected=None) == []


def test_each_step_has_its_date_and_the_next_one_is_marked(member_ship, staff_ship, cast):
    PayeeDetails.objects.create(
        membership=member_ship,
        account_name="A MEMBER",
        sort_code="309021",
        account_number="12345678",
    )
    claim = submitted(member_ship)
    sent_on = timezone.localdate(claim.submitted_at)
    due = date(2027, 3, 17)
    assert _shown(claim_steps(claim, expected=due)) == [
        ("Sent", "done", sent_on, None),
        ("Approved", "current", None, None),
        ("In a payment batch", "to-come", None, None),
        ("Paid", "to-come", None, due),
    ]
    batch = paid(claim, staff_ship, cast["finance"], date(2027, 1, 9))
    claim = Claim.objects.select_related("batch").get(pk=claim.pk)
    assert _shown(claim_steps(claim, expected=None)) == [
        ("Sent", "done", sent_on, None),
        ("Approved", "done", timezone.localdate(claim.decided_at), None),
        ("In a payment batch", "done", timezone.localdate(batch.created_at), None),
        ("Paid", "done", date(2027, 1, 9), None),  # the day the money went
    ]


def test_the_claim_page_and_the_payments_list_show_the_tracker(
    client, cast, member_ship, staff_ship
):
    claim = submitted(member_ship)
    services.claim_approve(claim=claim, approver=staff_ship)
    client.force_login(cast["member"])
    page = client.get(reverse("payments:claim", args=[SLUG, claim.code])).content.decode()
    assert 'aria-label="Where this claim has got to"' in page
    assert page.count('class="tracker__step tracker__step--done"') == 2
    assert '<li class="tracker__step tracker__step--current" aria-current="step">' in page
    assert "<strong>In a payment batch</strong>" in page
    listing = client.get(
        reverse("payments:person-payments", args=[SLUG, member_ship.code])
    ).content.decode()
    assert "tracker tracker--compact" in listing and "<strong>Paid</strong>" in listing
