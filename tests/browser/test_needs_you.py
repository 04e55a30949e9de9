"""Staff open their home on a phone or a laptop and see what needs them: a late claim and a
message that could not be sent first, each a link to where it is done."""

import pytest
from django.urls import reverse

from coproduction.models import Membership
from tests.browser.conftest import AccessibilityChecker, log_in_browser
from tests.coproduction.test_needs_you import add_waiting_work
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory, enable_totp

SLUG = "river-valley"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]
)
def test_the_queue_lists_a_late_claim_and_a_failed_message(browser, live_server, viewport):
    collaboration = CollaborationFactory(name="River Valley Youth Panel", slug=SLUG)
    cast = {
        "member": UserFactory(name="Jordan Lee"),
        "staff": UserFactory(name="Priya Shah"),
    }
    MembershipFactory(collaboration=collaboration, user=cast["member"])
    MembershipFactory(collaboration=collaboration, user=cast["staff"], role=Membership.Role.STAFF)
    enable_totp(cast["staff"])
    add_waiting_work(collaboration, cast)

    context = browser.new_context(viewport=viewport, locale="en-GB")
    log_in_browser(context, live_server, cast["staff"])
    page = context.new_page()
    axe = AccessibilityChecker(f"needs-you-{viewport['width']}")
    page.goto(live_server.url + reverse("coproduction:collaboration-home", args=[SLUG]))
    queue = page.locator("section", has=page.get_by_role("heading", name="Needs you"))
    items = queue.get_by_role("listitem")
    assert "1 claim is late" in items.nth(0).inner_text()
    assert "1 message could not be sent" in items.nth(1).inner_text()
    heading = page.get_by_role("heading", name="Needs you").bounding_box()
    assert heading["y"] < viewport["height"]  # in the first screen
    axe.check(page, "home")

    queue.get_by_role("link", name="See the late claims").click()
    page.get_by_role("heading", name="Claims to approve", level=1).wait_for()
    page.go_back()
    queue.get_by_role("link", name="See why").click()
    page.get_by_role("heading", name="Could not be sent").wait_for()
    assert axe.problems == [], axe.problems
