"""A member on a phone tells us, without their name, that we got something wrong in a session,
and reflects on it anonymously; staff turn the concern into an action and mark it done with
what they did; the member sees it on "you said, we did", and adds a celebration."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership
from reflections.models import Action, Celebration, Feedback, Reflection
from reflections.services import feedback_give
from sessions_app.models import Session, SessionInvite
from sessions_app.services import attendance_record
from tests.browser.conftest import AccessibilityChecker, Keyboard, log_in_browser, open_menu

SLUG = "river-valley"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SESSION_TITLE = "Budget review"
CONCERN = "We ran out of time and nobody asked what the younger members thought."
ACTION_TITLE = "Give the first ten minutes of the next budget session to younger members"
OUTCOME = "The next session started with the younger members, and we wrote down every idea."
CELEBRATION = "The council agreed to a late bus on Fridays"


def main_text(page) -> str:
    return page.locator("main").inner_text()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_member_raises_a_concern_anonymously_staff_act_on_it_member_sees_it_done(
    browser, live_server, cast
):
    member, staff = cast["member"], cast["staff"]
    membership = Membership.objects.get(user=member, collaboration__slug=SLUG)
    collaboration = membership.collaboration
    assert collaboration.anonymous_threshold == 3
    yesterday = timezone.localdate() - timedelta(days=1)
    starts = timezone.make_aware(datetime.combine(yesterday, time(18, 0)))
    session = Session.objects.create(
        collaboration=collaboration,
        title=SESSION_TITLE,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    invite = SessionInvite.objects.create(session=session, membership=membership)
    SessionInvite.objects.create(
        session=session, membership=Membership.objects.get(user=staff, collaboration=collaboration)
    )
    attendance_record(
        session=session,
        recorded_by=staff,
        attendance={invite.pk: SessionInvite.Attendance.ATTENDED},
    )
    axe = AccessibilityChecker("feedback-to-action")
    url = live_server.url

    # The member, on a phone, follows "Tell us we got something wrong" from the home page.
    member_context = browser.new_context(viewport=PHONE, locale="en-GB")
    log_in_browser(member_context, live_server, member)
    page = member_context.new_page()
    keys = Keyboard(page)
    page.goto(url + reverse("coproduction:collaboration-home", args=[SLUG]))
    tell_us = page.get_by_role("link", name="Tell us we got something wrong")
    assert tell_us.is_visible()
    tell_us.click()
    page.get_by_role("heading", name="Tell us we got something wrong", level=1).wait_for()
    assert page.url == url + reverse("reflections:feedback-give", args=[SLUG])
    assert page.get_by_role("radio", name="Something we got wrong").is_checked()
    axe.check(page, "feedback-form")

    # Sent empty first: the page says what is missing.
    page.get_by_role("button", name="Send").click()
    page.get_by_role("alert").get_by_text("Please check the answers marked below.").wait_for()
    assert page.title().startswith("Error: ")
    assert "This field is required." in main_text(page)
    axe.check(page, "feedback-form-error")

    # The "no name" box sits on the line of its words, not apart from them beside "Send".
    no_name = page.get_by_label("Don't put my name on this")
    box = no_name.bounding_box()
    words = page.get_by_text("Don't put my name on this", exact=True).bounding_box()
    assert words["y"] <= box["y"] + box["height"] / 2 <= words["y"] + words["height"], (box, words)
    assert no_name.get_attribute("aria-describedby")
    assert (
        "we keep no link to you"
        in page.locator("#" + no_name.get_attribute("aria-describedby")).inner_text()
    )

    page.get_by_label("Is it about a session? (optional)").select_option(label=SESSION_TITLE)
    keys.type_into(page.get_by_label("Tell us", exact=True), CONCERN)
    keys.tick(page.get_by_label("Don't put my name on this"))
    keys.activate(page.get_by_role("button", name="Send"))
    page.get_by_text(
        "Thank you for telling us. Staff will read it and tell everyone what they do about it."
    ).wait_for()
    concern = Feedback.objects.get(text=CONCERN)
    assert concern.author is None
    assert concern.session == session
    assert concern.kind == Feedback.Kind.CONCERN

    # From the session page, the member reflects: without their name, with a face.
    page.goto(url + reverse("sessions:session-detail", args=[SLUG, session.code]))
    page.get_by_role("heading", name=SESSION_TITLE, level=1).wait_for()
    page.get_by_role("link", name="Reflect on this session").click()
    page.get_by_role("heading", name="Reflect", level=1).wait_for()
    assert page.get_by_role("radio", name="A session").is_checked()
    chosen = page.get_by_label("Which session?").locator("option:checked").inner_text()
    assert chosen == SESSION_TITLE
    axe.check(page, "reflection-form")

    # Saved with nothing written or chosen: the page says what to do.
    page.get_by_role("button", name="Save my reflection").click()
    page.get_by_role("alert").get_by_text("Write something, or choose how it felt.").wait_for()
    assert page.title().startswith("Error: ")
    axe.check(page, "reflection-form-error")

    keys.choose_radio(page.get_by_role("group", name="How did it feel?"), "Not good")
    keys.type_into(page.get_by_label("What could be better?"), "More time to talk, please.")
    keys.choose_radio(
        page.get_by_role("group", name="Who can read this?"), "Anyone, without my name"
    )
    keys.activate(page.get_by_role("button", name="Save my reflection"))
    page.get_by_text("Thank you for reflecting. We kept no link to you.").wait_for()
    page.get_by_role("heading", name="Reflections", level=1).wait_for()
    # One reflection without a name is not shown until there are three about that session.
    assert (
        "1 reflection without a name is held back until there are 3 about the same session"
        in main_text(page)
    )
    axe.check(page, "reflection-list")
    reflection = Reflection.objects.get()
    assert reflection.author is None
    assert reflection.visibility == Reflection.Visibility.ANONYMOUS
    assert reflection.feeling == Reflection.Feeling.NOT_GOOD
    assert reflection.session == session
    member_context.close()

    # Staff open "Feedback": the one anonymous concern about the session is held back.
    staff_context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    log_in_browser(staff_context, live_server, staff)
    page = staff_context.new_page()
    page.goto(url + reverse("coproduction:collaboration-home", args=[SLUG]))
    page.get_by_role("link", name="Feedback", exact=True).click()
    page.get_by_role("heading", name="Feedback", level=1).wait_for()
    assert page.url == url + reverse("reflections:feedback-list", args=[SLUG])
    assert (
        f'1 anonymous response about "{SESSION_TITLE}" is held back until there are 3, '
        "so that no one can be singled out." in main_text(page)
    )
    assert CONCERN not in main_text(page)
    axe.check(page, "feedback-list-held-back")

    # Two more people say something about the session anonymously: now all three show.
    for text in ("The room was too cold.", "The snacks ran out early."):
        feedback_give(
            collaboration=collaboration, kind="concern", text=text, author=None, session=session
        )
    page.reload()
    page.get_by_role("heading", name="Feedback", level=1).wait_for()
    assert "held back" not in main_text(page)
    card = page.locator("li.card", has_text=CONCERN)
    card_text = card.inner_text()
    assert f"Something we got wrong, about {SESSION_TITLE}" in card_text
    assert "Anonymous, " in card_text
    assert member.name not in page.locator("body").inner_text()
    assert "Member Person" not in page.content()
    axe.check(page, "feedback-list")

    card.get_by_label("Make it an action: what will we do?").fill(ACTION_TITLE)
    card.get_by_role("button", name='Add to "you said, we did"').click()
    page.get_by_text(
        'The action is on "you said, we did". Whoever raised it (if named) hears as it moves on.'
    ).wait_for()
    page.get_by_role("heading", name="You said, we did", level=1).wait_for()
    assert page.url == url + reverse("reflections:action-board", args=[SLUG])
    board = main_text(page)
    assert f"You said: {CONCERN}" in board
    assert f"We will: {ACTION_TITLE}" in board
    assert "Where it is: Not started, with Staff Person" in board
    axe.check(page, "action-board-staff")

    # Staff open the action and, with the visible Edit buttons, mark it done and say what
    # was done.
    page.get_by_role("link", name=f"Open {ACTION_TITLE}").click()
    page.get_by_role("heading", name=ACTION_TITLE, level=1).wait_for()
    action = Action.objects.get()
    assert page.url == url + reverse(
        "coproduction:shared-record", args=[SLUG, "action", action.code]
    )
    axe.check(page, "action-shared-record")

    page.get_by_role("link", name="Edit where it is").click()
    status = page.get_by_label("Where it is")
    status.select_option(label="Done")
    axe.check(page, "action-editing-status")
    page.locator("#field-status").get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("link", name="Edit where it is").wait_for()
    page.get_by_role("link", name="Edit what we did, or why not").click()
    page.get_by_label("What we did, or why not").fill(OUTCOME)
    page.locator("#field-outcome").get_by_role("button", name="Save", exact=True).click()
    page.locator('[data-field-display="outcome"]').filter(has_text=OUTCOME).wait_for()
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.outcome == OUTCOME
    assert action.raised_by is None
    page.reload()
    page.get_by_role("heading", name=ACTION_TITLE, level=1).wait_for()
    status_shown = page.locator('[data-field-display="status"]').inner_text()
    axe.check(page, "action-shared-record-done")
    staff_context.close()

    # The member opens "You said, we did": their concern, the action, Done, and what was done.
    member_context = browser.new_context(viewport=PHONE, locale="en-GB")
    log_in_browser(member_context, live_server, member)
    page = member_context.new_page()
    page.goto(url + reverse("coproduction:collaboration-home", args=[SLUG]))
    open_menu(page)
    page.get_by_role("link", name="You said, we did").click()
    page.get_by_role("heading", name="You said, we did", level=1).wait_for()
    item = page.locator("li.card", has_text=CONCERN).inner_text()
    assert f"You said: {CONCERN}" in item
    assert f"We will: {ACTION_TITLE}" in item
    assert re.search(r"Where it is: Done\b", item), item
    assert f"What we did: {OUTCOME}" in item
    axe.check(page, "action-board-member")

    # Celebrations: the member adds one and sees it listed.
    open_menu(page)
    page.get_by_role("link", name="Celebrations").click()
    page.get_by_role("heading", name="Celebrations", level=1).wait_for()
    axe.check(page, "celebrations")
    page.get_by_text("Add something to celebrate").click()
    page.get_by_label("What are we celebrating?").fill(CELEBRATION)
    page.get_by_label("Tell the story (optional)").fill("We asked three times. It worked!")
    page.get_by_role("button", name="Add it").click()
    page.get_by_text("Added. Well done, everyone.").wait_for()
    page.get_by_role("heading", name=CELEBRATION, level=2).wait_for()
    assert "We asked three times. It worked!" in main_text(page)
    assert "added by Member Person" in main_text(page)
    axe.check(page, "celebrations-added")
    member_context.close()

    assert Celebration.objects.get().added_by == membership
    assert Feedback.objects.get(text=CONCERN).author is None
    assert not axe.problems, "\n".join(axe.problems)
    assert status_shown == "Done", f'the shared page shows the status as "{status_shown}"'
