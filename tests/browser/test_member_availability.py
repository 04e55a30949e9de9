"""A member on a phone, using only the keyboard, says when they can and cannot take part."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coproduction.models import Membership
from members.models import Availability, Commitment, StepAway
from tests.browser.conftest import AccessibilityChecker, Keyboard, log_in_browser
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_member_sets_availability_commitments_and_steps_away_by_keyboard_on_a_phone(
    browser, live_server
):
    collaboration = CollaborationFactory(name="River Valley Youth Panel", slug="river-valley")
    member = UserFactory(name="Jordan Lee")
    MembershipFactory(collaboration=collaboration, user=member)
    today = timezone.localdate()
    exams_from, exams_to = today + timedelta(days=40), today + timedelta(days=60)
    back_on = today + timedelta(days=14)

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    log_in_browser(context, live_server, member)
    page = context.new_page()
    keys = Keyboard(page)
    axe = AccessibilityChecker("keyboard-phone")
    page.goto(f"{live_server.url}/c/river-valley/me/")
    axe.check(page, "about-me")

    # Usual week: Monday evenings and Saturday mornings.
    keys.activate(page.get_by_role("link", name="Change usual availability"))
    page.wait_for_url("**/availability/")
    axe.check(page, "availability")
    keys.tick(page.get_by_label("Monday evening"))
    keys.tick(page.get_by_label("Saturday morning"))
    keys.activate(page.get_by_role("button", name="Save my usual week"))
    page.get_by_text("Saved: usual availability.").wait_for()

    # An exam period: whole days, on dates only.
    keys.activate(page.get_by_role("link", name="Add a time you can't take part"))
    page.wait_for_url("**/commitments/new/")
    axe.check(page, "commitment-form")
    keys.choose_radio(page.get_by_role("group", name="What is it?"), "Exams or revision")
    keys.type_into(page.get_by_label("What it is (optional)"), "GCSEs")
    keys.type_date(page.get_by_role("group", name="From", exact=True), exams_from)
    keys.type_date(page.get_by_role("group", name="Until", exact=True), exams_to)
    keys.activate(page.get_by_role("button", name="Save"))
    page.get_by_text("Saved: the commitment.").wait_for()

    # Caring, every Tuesday and Thursday, 3:30pm to 5pm.
    keys.activate(page.get_by_role("link", name="Add a time you can't take part"))
    page.wait_for_url("**/commitments/new/")
    keys.choose_radio(page.get_by_role("group", name="What is it?"), "Caring for someone")
    keys.type_into(page.get_by_label("What it is (optional)"), "Picking up my brother")
    keys.type_date(page.get_by_role("group", name="From", exact=True), today)
    keys.type_into(page.get_by_label("From (time)"), "3:30pm")
    keys.type_into(page.get_by_label("Until (time)"), "17:00")
    keys.choose_radio(page.get_by_role("group", name="How often?"), "Every week")
    keys.tick(page.get_by_label("Tuesday"))
    keys.tick(page.get_by_label("Thursday"))
    keys.activate(page.get_by_role("button", name="Save"))
    page.get_by_text("Saved: the commitment.").wait_for()

    # Step away for two weeks.
    keys.activate(page.get_by_role("link", name="Step away for a while"))
    page.wait_for_url("**/step-away/")
    axe.check(page, "step-away")
    keys.type_date(page.get_by_role("group", name="When do you think you will come back?"), back_on)
    keys.activate(page.get_by_role("button", name="Step away"))
    page.get_by_text("Saved: stepping away.").wait_for()
    axe.check(page, "about-me-after")

    # Everything is on the page...
    text = page.locator("main").inner_text()
    assert f"planning to come back on {back_on.day} {back_on:%B %Y}" in text
    assert "Exams or revision: GCSEs" in text
    assert "Caring for someone: Picking up my brother" in text
    assert "Every Tuesday and Thursday" in text and "3:30pm to 5pm" in text
    assert page.locator("table.availability-grid td", has_text="Free").count() == 2
    # ...and saved.
    assert sorted(Availability.objects.get(user=member).weekly) == ["0-evening", "5-morning"]
    exams = Commitment.objects.get(user=member, kind=Commitment.Kind.EXAM)
    assert (exams.starts_on, exams.ends_on, exams.rrule) == (exams_from, exams_to, "")
    caring = Commitment.objects.get(user=member, kind=Commitment.Kind.CARING)
    assert caring.rrule == "FREQ=WEEKLY;BYDAY=TU,TH" and caring.start_time.hour == 15
    assert StepAway.objects.get(membership__user=member).return_on == back_on
    assert Membership.objects.get(user=member).status == Membership.Status.STEPPED_AWAY
    context.close()
    assert not axe.problems, "\n".join(axe.problems)
