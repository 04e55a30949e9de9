"""On a phone the header folds its links behind a Menu button, so the page's own heading is in
the first screen; the links stay reachable by keyboard, and without JavaScript."""

import pytest

from tests.browser.conftest import AccessibilityChecker, Keyboard, log_in_browser
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def member(db):
    collaboration = CollaborationFactory(name="River Valley Youth Panel", slug="river-valley")
    user = UserFactory(name="Jordan Lee")
    MembershipFactory(collaboration=collaboration, user=user)
    return user


def _open_home(browser, live_server, user, viewport, **options):
    context = browser.new_context(viewport=viewport, locale="en-GB", **options)
    log_in_browser(context, live_server, user)
    page = context.new_page()
    page.goto(f"{live_server.url}/c/river-valley/")
    return page


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_links_fold_behind_a_menu_button(browser, live_server, member):
    page = _open_home(browser, live_server, member, PHONE)
    axe = AccessibilityChecker("menu-phone")
    menu = page.get_by_role("button", name="Menu")
    sessions = page.get_by_role("link", name="Sessions", exact=True)
    menu.wait_for()
    assert menu.get_attribute("aria-expanded") == "false" and not sessions.is_visible()
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert heading["y"] + heading["height"] < 300  # the heading in the first third of 844 px
    axe.check(page, "closed")

    keys = Keyboard(page)
    keys.activate(menu)
    assert menu.get_attribute("aria-expanded") == "true" and sessions.is_visible()
    assert page.get_by_role("button", name="Log out").is_visible()
    axe.check(page, "open")
    keys.tab_to(sessions)
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false" and not sessions.is_visible()
    assert menu.evaluate("element => element === document.activeElement")
    assert axe.problems == [], axe.problems


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_on_a_laptop_the_links_are_listed_and_there_is_no_menu_button(browser, live_server, member):
    page = _open_home(browser, live_server, member, LAPTOP)
    axe = AccessibilityChecker("menu-laptop")
    page.get_by_role("link", name="Sessions", exact=True).wait_for()
    assert not page.get_by_role("button", name="Menu").is_visible()
    axe.check(page, "listed")
    assert axe.problems == [], axe.problems


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_without_javascript_a_phone_still_lists_every_link(browser, live_server, member):
    page = _open_home(browser, live_server, member, PHONE, java_script_enabled=False)
    assert page.get_by_role("link", name="Sessions", exact=True).is_visible()
    assert page.get_by_role("link", name="My payments").is_visible()
    assert not page.get_by_role("button", name="Menu").is_visible()
