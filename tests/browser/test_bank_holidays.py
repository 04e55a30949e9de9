"""Staff looking for a time around the next bank holiday are not offered the holiday, unless
they ask for it; then the time says which holiday it is."""

from datetime import timedelta

import holidays
import pytest
from django.utils import timezone

from coproduction.models import Membership, WorkArea
from tests.browser.conftest import AccessibilityChecker, log_in_browser
from tests.browser.test_sessions_flow import fill_date
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory, enable_totp


def _next_bank_holiday():
    """The next bank holiday in England at least two days away (whatever today is)."""
    soon = timezone.localdate() + timedelta(days=2)
    england = holidays.country_holidays("GB", subdiv="ENG", years=[soon.year, soon.year + 1])
    return min(day for day in england if day >= soon)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]
)
def test_a_bank_holiday_is_never_suggested_unless_asked_for(browser, live_server, viewport):
    collaboration = CollaborationFactory(name="River Valley Youth Panel", slug="river-valley")
    area = WorkArea.objects.create(collaboration=collaboration, name="Getting around")
    staff = UserFactory(name="Priya Shah")
    MembershipFactory(collaboration=collaboration, user=staff, role=Membership.Role.STAFF)
    enable_totp(staff)
    MembershipFactory(
        collaboration=collaboration, user=UserFactory(name="Jordan Lee")
    ).work_areas.add(area)
    holiday = _next_bank_holiday()
    shown_day = f"{holiday:%A} {holiday.day} {holiday:%B}"

    context = browser.new_context(viewport=viewport, locale="en-GB")
    log_in_browser(context, live_server, staff)
    page = context.new_page()
    axe = AccessibilityChecker(f"bank-holiday-{viewport['width']}")
    page.goto(f"{live_server.url}/c/river-valley/sessions/find-a-time/")
    page.get_by_label("Invite a work area").select_option(label="Getting around")
    page.get_by_label("Priya Shah (Staff)").check()
    fill_date(page, "From", holiday)
    fill_date(page, "To", holiday)
    page.get_by_role("button", name="Find times").click()
    page.get_by_label("Include bank holidays, Christmas Eve and New Year's Eve").wait_for()
    headings = page.locator("main").get_by_role("heading").all_inner_texts()
    assert not any(shown_day in text for text in headings), headings
    axe.check(page, "left-out")

    page.get_by_label("Include bank holidays, Christmas Eve and New Year's Eve").check()
    page.get_by_role("button", name="Find times").click()
    page.get_by_text("Bank holiday", exact=False).first.wait_for()
    headings = page.locator("main").get_by_role("heading").all_inner_texts()
    assert any(shown_day in text for text in headings), headings
    axe.check(page, "asked-for")
    assert axe.problems == [], axe.problems
