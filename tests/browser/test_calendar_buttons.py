"""A member adds their sessions to their own calendar with one tap, or copies the address."""

import pytest
from django.urls import reverse

from sessions_app.models import CalendarFeed
from tests.browser.conftest import AccessibilityChecker, log_in_browser
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory

SLUG = "river-valley"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]
)
def test_the_calendar_page_has_buttons_and_copies_the_address(browser, live_server, viewport):
    collaboration = CollaborationFactory(name="River Valley Youth Panel", slug=SLUG)
    member = UserFactory(name="Jordan Lee")
    MembershipFactory(collaboration=collaboration, user=member)
    context = browser.new_context(viewport=viewport, locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in_browser(context, live_server, member)
    page = context.new_page()
    axe = AccessibilityChecker(f"calendar-{viewport['width']}")
    page.goto(live_server.url + reverse("sessions:calendar-settings", args=[SLUG]))
    for name in (
        "Add to the calendar on this phone or computer",
        "Add to Google Calendar",
        "Add to Outlook.com",
        "Add to Outlook for work or school",
    ):
        button = page.get_by_role("link", name=name)
        assert button.is_visible() and button.bounding_box()["height"] >= 44, name
    axe.check(page, "buttons")

    page.get_by_role("button", name="Copy the address").click()
    page.get_by_text("Copied. Paste it into your calendar app.").wait_for()
    token = CalendarFeed.objects.get(user=member).token
    assert page.evaluate("navigator.clipboard.readText()").endswith(
        reverse("sessions:calendar-feed", args=[token])
    )
    assert axe.problems == [], axe.problems
