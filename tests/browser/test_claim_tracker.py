"""A member reads where a claim has got to on a phone and a laptop."""

import pytest
from django.urls import reverse

from coproduction.models import Membership
from payments import services
from tests.browser.conftest import AccessibilityChecker, log_in_browser
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory
from tests.payments.test_payments import submitted

SLUG = "river-valley"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]
)
def test_the_tracker_shows_each_step_and_what_comes_next(browser, live_server, viewport):
    collaboration = CollaborationFactory(name="River Valley Youth Panel", slug=SLUG)
    member = MembershipFactory(collaboration=collaboration, user=UserFactory(name="Jordan Lee"))
    staff = MembershipFactory(
        collaboration=collaboration, user=UserFactory(name="Priya Shah"), role=Membership.Role.STAFF
    )
    claim = submitted(member)
    services.claim_approve(claim=claim, approver=staff)

    context = browser.new_context(viewport=viewport, locale="en-GB")
    log_in_browser(context, live_server, member.user)
    page = context.new_page()
    axe = AccessibilityChecker(f"tracker-{viewport['width']}")
    page.goto(live_server.url + reverse("payments:claim", args=[SLUG, claim.code]))
    tracker = page.get_by_role("list", name="Where this claim has got to")
    steps = tracker.get_by_role("listitem")
    assert steps.count() == 4
    assert steps.nth(1).inner_text().split() == [
        "✓",
        "Approved",
        *steps.nth(1).inner_text().split()[2:],
    ]
    assert steps.nth(2).get_attribute("aria-current") == "step"
    assert "by " in steps.nth(3).inner_text()  # the day it should be paid by
    axe.check(page, "claim")
    page.goto(live_server.url + reverse("payments:person-payments", args=[SLUG, member.code]))
    assert (
        page.get_by_role("table").get_by_role("list", name="Where this claim has got to").count()
        == 1
    )
    axe.check(page, "payments")
    assert axe.problems == [], axe.problems
