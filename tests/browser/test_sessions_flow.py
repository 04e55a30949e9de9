"""Staff plan a session from the scheduler's suggestions; a member answers from the link in
their email and adds to the agenda; staff record who came."""

import re
from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from coproduction.models import Membership, WorkArea
from members.models import Availability, Commitment
from sessions_app.models import AgendaItem, Poll, PollAnswer, Session, SessionInvite
from tests.browser.conftest import AccessibilityChecker, Keyboard, log_in_browser
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


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_who_can_come_reads_as_a_table_on_a_laptop_and_as_lists_on_a_phone(browser, live_server):
    collaboration = CollaborationFactory(name="River Valley Youth Panel", slug="river-valley")
    area = WorkArea.objects.create(collaboration=collaboration, name="Getting around")
    staff = UserFactory(name="Priya Shah")
    MembershipFactory(collaboration=collaboration, user=staff, role=Membership.Role.STAFF)
    enable_totp(staff)
    first_day = timezone.localdate() + timedelta(days=8)
    members = {
        name: MembershipFactory(collaboration=collaboration, user=UserFactory(name=name))
        for name in ("Jordan Lee", "Sam Exams", "Quinn Private", "Kim Evenings")
    }
    for membership in members.values():
        membership.work_areas.add(area)
    Commitment.objects.create(
        user=members["Sam Exams"].user,
        kind="exam",
        share_reason=True,
        starts_on=first_day,
        ends_on=first_day,
    )
    Commitment.objects.create(
        user=members["Quinn Private"].user,
        kind="health",
        strength="rather_not",
        share_reason=False,
        starts_on=first_day,
        start_time=time(9),
        end_time=time(17),
        rrule="FREQ=DAILY",
    )
    Availability.objects.create(
        user=members["Kim Evenings"].user, weekly=[f"{day}-evening" for day in range(7)]
    )
    Commitment.objects.create(  # so no time suits everyone: Jordan cares for someone evenings
        user=members["Jordan Lee"].user,
        kind="caring",
        share_reason=True,
        starts_on=first_day,
        start_time=time(18),
        end_time=time(21),
        rrule="FREQ=DAILY",
    )
    axe = AccessibilityChecker("time-grid")
    grid_name = "Who can come at each suggested time"

    # A laptop: people down, the suggested times across, in one table.
    laptop = browser.new_context(viewport={"width": 1280, "height": 800})
    log_in_browser(laptop, live_server, staff)
    page = laptop.new_page()
    page.goto(f"{live_server.url}/c/river-valley/sessions/find-a-time/")
    page.get_by_label("Invite a work area").select_option(label="Getting around")
    page.get_by_label("Priya Shah (Staff)").check()
    fill_date(page, "From", first_day)
    fill_date(page, "To", first_day + timedelta(days=2))
    page.get_by_role("button", name="Find times").click()
    table = page.get_by_role("table", name=grid_name)
    table.wait_for()
    assert table.locator("thead th[scope=col]").count() == 9  # the names, then 8 times
    assert table.get_by_role("rowheader").all_inner_texts() == [
        "Members with lived experience",
        "Jordan Lee",
        "Kim Evenings",
        "Quinn Private",
        "Sam Exams",
        "Staff and facilitators",
        "Priya Shah",
        "Members who can come",
        "Staff who can come",
    ]
    assert "health" not in page.locator("main").inner_text().lower()
    assert not page.get_by_text("Who can come", exact=True).first.is_visible()
    region = page.get_by_role("region", name=grid_name)
    Keyboard(page).tab_to(region)  # the table's box can be reached (and scrolled) by keyboard
    axe.check(page, "find-a-time-laptop")
    suggestions_url = page.url

    # Ask about two of the times in a poll; two people answer.
    page.get_by_label(re.compile("Ask people about this time in a poll")).nth(0).check()
    page.get_by_label(re.compile("Ask people about this time in a poll")).nth(1).check()
    page.get_by_role("button", name="Ask people which of the ticked times suit them").click()
    page.get_by_text("The poll is sent.").wait_for()
    poll = Poll.objects.get()
    first, second = poll.options.all()
    for option, membership, answer in (
        (first, members["Jordan Lee"], "yes"),
        (second, members["Jordan Lee"], "if_need_be"),
        (first, members["Sam Exams"], "no"),
    ):
        PollAnswer.objects.create(option=option, membership=membership, answer=answer)
    page.reload()
    answers = page.get_by_role("table", name="Answers for each time")
    jordan = answers.get_by_role("row", name=re.compile("^Jordan Lee"))
    cells = [" ".join(text.split()) for text in jordan.get_by_role("cell").all_inner_texts()]
    assert cells == ["✓ Yes", "(✓) If need be"]  # the words are there for a screen reader
    axe.check(page, "poll-laptop")
    poll_url = page.url
    laptop.close()

    # A small tablet: the table scrolls inside its own labelled box, and the page does not.
    tablet = browser.new_context(viewport={"width": 800, "height": 1000})
    log_in_browser(tablet, live_server, staff)
    page = tablet.new_page()
    page.goto(suggestions_url)
    region = page.get_by_role("region", name=grid_name)
    Keyboard(page).tab_to(region)
    assert region.evaluate("box => box.scrollWidth > box.clientWidth")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("box => box.scrollLeft > 0", arg=region.element_handle())
    axe.check(page, "find-a-time-tablet")
    tablet.close()

    # A phone: no table; each time opens to its list of people.
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    log_in_browser(phone, live_server, staff)
    page = phone.new_page()
    page.goto(suggestions_url)
    page.get_by_role("heading", name="Suggested times").wait_for()
    assert not page.get_by_role("table", name=grid_name).is_visible()
    keyboard = Keyboard(page)
    keyboard.activate(page.locator(".suggestions summary").first)
    first_card = page.locator(".suggestions .card").first
    first_card.get_by_role("heading", name="Members with lived experience").wait_for()
    people = first_card.locator(".time-people li").all_inner_texts()
    assert len(people) == 5
    said = re.compile(
        r"^(✓|\(✓\)|✗) [A-Z][a-z]+ [A-Z][a-z]+: (can come|would rather not|can't come)"
    )
    assert all(said.match(person) for person in people), people
    axe.check(page, "find-a-time-phone")
    page.goto(poll_url)
    assert not page.get_by_role("table", name="Answers for each time").is_visible()
    keyboard.activate(page.locator(".time-grid-narrow summary").first)
    first_time = page.locator(".time-grid-narrow .card").first
    first_time.locator("li", has_text=re.compile("Sam Exams: no$")).wait_for()
    axe.check(page, "poll-phone")
    phone.close()
    assert not axe.problems, "\n".join(axe.problems)
