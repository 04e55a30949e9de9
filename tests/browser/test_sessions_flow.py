"""Staff plan a session from the scheduler's suggestions; a member answers from the link in
their email and adds to the agenda; staff record who came."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from coproduction.models import Membership, WorkArea
from sessions_app.models import AgendaItem, Session, SessionInvite
from tests.browser.conftest import AccessibilityChecker, log_in_browser
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory, enable_totp


def fill_date(page, group_name, day):
    group = page.get_by_role("group", name=group_name, exact=True)
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_staff_schedule_from_suggestions_member_answers_and_adds_to_agenda_staff_record_attendance(
    browser, live_server
):
    collaboration = CollaborationFactory(name="River Valley Youth Panel", slug="river-valley")
    area = WorkArea.objects.create(collaboration=collaboration, name="Getting around")
    staff = UserFactory(name="Priya Shah")
    staff_membership = MembershipFactory(
        collaboration=collaboration, user=staff, role=Membership.Role.STAFF
    )
    enable_totp(staff)
    jordan = UserFactory(name="Jordan Lee", email="jordan@example.org")
    for user in (jordan, UserFactory(name="Kim Ode")):
        MembershipFactory(collaboration=collaboration, user=user).work_areas.add(area)
    axe = AccessibilityChecker("sessions")
    first_day = timezone.localdate() + timedelta(days=8)

    # Staff: find a time for the work area, and plan the session from the best suggestion.
    staff_context = browser.new_context(viewport={"width": 1280, "height": 900})
    log_in_browser(staff_context, live_server, staff)
    page = staff_context.new_page()
    page.goto(f"{live_server.url}/c/river-valley/sessions/")
    axe.check(page, "session-list")
    page.get_by_role("link", name="Find a time").click()
    page.get_by_label("Invite a work area").select_option(label="Getting around")
    page.get_by_label("Priya Shah (Staff)").check()
    fill_date(page, "From", first_day)
    fill_date(page, "To", first_day + timedelta(days=6))
    page.get_by_role("button", name="Find times").click()
    page.get_by_role("heading", name="Suggested times").wait_for()
    assert "2 of 2 members can come" in page.locator(".suggestions").inner_text()
    axe.check(page, "suggestions")
    page.get_by_role("link", name=re.compile("Plan a session at this time")).first.click()
    axe.check(page, "session-form")
    page.get_by_label("Name of the session").fill("Getting around: bus fares")
    page.get_by_label("Video call", exact=True).check()
    page.get_by_label("Video call link").fill("https://meet.example.org/bus-fares")
    assert page.get_by_label("Priya Shah (Staff)").nth(1).is_checked()  # facilitator: the planner
    page.get_by_role("button", name="Plan the session and invite people").click()
    page.get_by_text("is planned. Invitations are on their way.").wait_for()
    axe.check(page, "session-staff")
    session = Session.objects.get(title="Getting around: bus fares")
    assert session.invites.count() == 3

    # Member: answer from the link in the email, then add an agenda item, on a phone.
    invitation = next(m for m in mail.outbox if m.to == ["jordan@example.org"])
    link = re.search(r"http://\S+/answer/\S+/", invitation.body).group(0)
    member_context = browser.new_context(viewport={"width": 390, "height": 844})
    page = member_context.new_page()
    page.goto(link.replace("http://localhost:8000", live_server.url))
    axe.check(page, "answer-link")
    page.get_by_role("button", name="Yes, I'll come").click()
    page.get_by_text("Thank you. Your answer:").wait_for()
    assert SessionInvite.objects.get(session=session, membership__user=jordan).response == "yes"
    log_in_browser(member_context, live_server, jordan)
    page.goto(f"{live_server.url}/c/river-valley/sessions/{session.code}/")
    page.get_by_label("What should we talk about?").fill("Cheaper fares for under-25s")
    page.get_by_role("button", name="Add to the agenda").click()
    page.get_by_text("suggested by Jordan Lee").wait_for()
    axe.check(page, "session-member")
    item = AgendaItem.objects.get(session=session)
    assert item.proposed_by.user == jordan
    member_context.close()

    # Staff: after the session, record who came (the register opens at the start).
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    page = staff_context.new_page()
    page.goto(f"{live_server.url}/c/river-valley/sessions/{session.code}/")
    attendance = page.locator("#attendance").locator("..")
    attendance.get_by_role("radio", name="Came Jordan Lee").check()
    attendance.get_by_role("radio", name="Sent apologies Kim Ode").check()
    page.get_by_role("button", name="Save the register").click()
    page.get_by_text("The register is saved: 2 changes.").wait_for()
    axe.check(page, "attendance")
    staff_context.close()
    records = dict(session.invites.values_list("membership__user__name", "attendance"))
    assert records == {"Jordan Lee": "attended", "Kim Ode": "apologies", "Priya Shah": "unknown"}
    assert staff_membership.pk in session.facilitators.values_list("pk", flat=True)
    assert not axe.problems, "\n".join(axe.problems)
