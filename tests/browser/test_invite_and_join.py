"""As a new user would: staff log in by emailed code, invite someone, who joins and logs in."""

import re

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail

from coproduction.models import Membership
from tests.browser.conftest import AccessibilityChecker
from tests.factories import (
    CollaborationFactory,
    MembershipFactory,
    UserFactory,
    WorkAreaFactory,
    enable_totp,
)

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def _latest_code() -> str:
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def _totp(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_staff_invites_a_member_who_joins_and_sees_their_home(browser, live_server, viewport):
    collaboration = CollaborationFactory(name="River Valley Youth Panel", slug="river-valley")
    WorkAreaFactory(collaboration=collaboration, name="Getting around")
    staff = UserFactory(name="Priya Shah", email="priya@example.org")
    MembershipFactory(collaboration=collaboration, user=staff, role=Membership.Role.STAFF)
    secret = enable_totp(staff)
    axe = AccessibilityChecker(viewport)

    staff_context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = staff_context.new_page()
    page.goto(live_server.url + "/")
    axe.check(page, "login")
    page.get_by_label("Email").fill("priya@example.org")
    page.get_by_role("button", name="Send me a code").click()
    axe.check(page, "enter-code")
    page.get_by_label("Code").fill(_latest_code())
    page.get_by_role("button", name="Confirm").click()
    axe.check(page, "authenticator")
    page.get_by_label("Code").fill(_totp(secret))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/c/river-valley/")
    axe.check(page, "staff-home")

    page.get_by_role("link", name="Invite someone").first.click()
    axe.check(page, "invite-form")
    page.get_by_role("button", name="Send invitation").click()  # empty: errors shown
    assert page.get_by_text("This field is required").first.is_visible()
    axe.check(page, "invite-form-errors")
    page.get_by_label("Their name").fill("Robin Ash")
    page.get_by_label("Email address").fill("robin@example.org")
    page.get_by_label("Member", exact=True).check()
    page.get_by_label("Getting around").check()
    page.get_by_role("button", name="Send invitation").click()
    assert page.get_by_text("Invitation sent to Robin Ash").is_visible()
    axe.check(page, "invitations")
    page.get_by_role("link", name="Invite someone").first.click()
    page.get_by_role("link", name="Add someone who takes part by post or phone").click()
    axe.check(page, "add-offline-form")
    page.get_by_role("button", name="Add them").click()  # empty: errors shown
    axe.check(page, "add-offline-errors")
    page.get_by_label("Their name").fill("Edna Parsons")
    page.get_by_label("Postal address").fill("4 Mill Lane\nRiverton")
    page.get_by_label("Member", exact=True).check()
    page.get_by_label("They have agreed to take part").check()
    page.get_by_label("How and when they agreed").fill("On the phone today")
    page.get_by_role("button", name="Add them").click()
    assert page.get_by_text("Edna Parsons is added").is_visible()
    axe.check(page, "offline-person")
    staff_context.close()

    link = re.search(r"http://\S+/join/\S+/", mail.outbox[-1].body).group(0)
    member_context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = member_context.new_page()
    page.goto(link.replace("http://localhost:8000", live_server.url))
    axe.check(page, "join")
    page.get_by_label("Your name").fill("Robin")
    page.get_by_role("button", name="Join").click()
    axe.check(page, "joined")
    page.get_by_role("button", name="Send me a code").click()
    page.get_by_label("Code").fill(_latest_code())
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{live_server.url}/c/river-valley/")
    assert page.get_by_role("heading", name="Hello, Robin").is_visible()
    axe.check(page, "member-home")
    page.get_by_role("link", name="Work areas").first.click()
    assert page.get_by_text("Robin").first.is_visible()
    axe.check(page, "work-areas")
    member_context.close()

    assert Membership.objects.get(user__email="robin@example.org").collaboration == collaboration
    assert len(axe.pages) == 14
    assert not axe.problems, "\n".join(axe.problems)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_keyboard_user_can_skip_to_the_main_content(browser, live_server):
    page = browser.new_page()
    page.goto(live_server.url + "/accounts/login/code/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.close()
