"""A member on a phone takes part without a meeting: answers a short task with words and a
photo, makes a journey map of three steps, and adds a voice note from a file. Staff see all
three and turn the journey map into an action on "you said, we did"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership
from reflections.models import Action, Contribution
from sessions_app.models import ShortTask, TaskAnswer
from tests.browser.conftest import AccessibilityChecker, log_in_browser, open_menu
from tests.support.media import photo_with_location, voice_note

SLUG = "river-valley"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TASK = "Photos of your bus stop"
ANSWER = "There is no shelter and the timetable is faded."
JOURNEY = "Getting help from the GP"
STEPS = [
    ("Rang at 8am and waited an hour", "Awful"),
    ("Saw a nurse who listened", "Good"),
    ("Sent to a different service", "Not good"),
]
ACTION_TITLE = "Ask the surgery about a text-back service"


def main_text(page) -> str:
    return page.locator("main").inner_text()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_member_takes_part_without_a_meeting_and_staff_act_on_it(browser, live_server, cast):
    member, staff = cast["member"], cast["staff"]
    membership = Membership.objects.get(user=member, collaboration__slug=SLUG)
    task = ShortTask.objects.create(
        collaboration=membership.collaboration,
        title=TASK,
        brief="Take a photo of the stop you use most, and tell us what it is like.",
        expected_minutes=20,
        deadline=timezone.localdate() + timedelta(days=7),
    )
    axe = AccessibilityChecker("without-a-meeting")
    url = live_server.url

    context = browser.new_context(viewport=PHONE, locale="en-GB")
    log_in_browser(context, live_server, member)
    page = context.new_page()
    page.goto(url + reverse("coproduction:collaboration-home", args=[SLUG]))
    axe.check(page, "member-home")

    # The short task, answered with words and a photo.
    page.get_by_role("link", name="Short tasks").click()
    page.get_by_role("link", name=TASK).click()
    page.get_by_role("heading", name=TASK, level=1).wait_for()
    assert "About 20 minutes, paid" in main_text(page)
    axe.check(page, "task")
    page.get_by_label("Your answer").fill(ANSWER)
    page.get_by_label("A photo (optional)").set_input_files(
        files=[{"name": "stop.jpg", "mimeType": "image/jpeg", "buffer": photo_with_location()}]
    )
    page.get_by_label("What the photo shows (optional)").fill("A bus stop with no shelter")
    page.get_by_role("button", name="Send my answer").click()
    # The photo needs its own agreement: the page says so, and keeps the words.
    page.get_by_role("alert").wait_for()
    assert page.title().startswith("Error: ")
    assert "Tick this to send the photo" in main_text(page)
    assert "Please choose this file again" in main_text(page)
    assert page.get_by_label("Your answer").input_value() == ANSWER
    axe.check(page, "task-error")
    page.get_by_label("A photo (optional)").set_input_files(
        files=[{"name": "stop.jpg", "mimeType": "image/jpeg", "buffer": photo_with_location()}]
    )
    page.get_by_label("I agree to share this photo here").check()
    page.get_by_role("group", name="Who can read it").get_by_label(
        "Everyone in the collaboration"
    ).check()
    page.get_by_role("button", name="Send my answer").click()
    page.get_by_text("Your claim for this is waiting for you").wait_for()
    answer = TaskAnswer.objects.get()
    assert answer.text == ANSWER and answer.membership == membership
    task_photo = Contribution.objects.get(task=task)
    assert task_photo.photo and task_photo.visibility == "everyone"

    # A journey map of three steps.
    page.goto(url + reverse("coproduction:collaboration-home", args=[SLUG]))
    page.get_by_role("link", name="Make a journey map").click()
    page.get_by_role("heading", name="Add a journey map", level=1).wait_for()
    axe.check(page, "journey-form")
    page.get_by_label("What journey is it?").fill(JOURNEY)
    for number, (happened, feeling) in enumerate(STEPS, start=1):
        step = page.get_by_role("group", name=f"Step {number}", exact=True)
        step.get_by_label("What happened?").fill(happened)
        step.get_by_role("group", name="How did it feel?").get_by_label(feeling, exact=True).check()
    page.get_by_role("group", name="Who can see it?").get_by_label("Staff only").check()
    page.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name=JOURNEY, level=1).wait_for()
    picture = page.get_by_role("img", name="How it felt along the way")
    assert picture.is_visible()
    assert page.locator("svg circle.journey__dot").count() == 3  # one dot per step
    for happened, _ in STEPS:
        assert happened in main_text(page)
    axe.check(page, "journey-map")

    # A voice note, recorded on the phone and added as a file; it plays in the browser.
    open_menu(page)
    page.get_by_role("link", name="Share something").first.click()
    page.get_by_role("link", name="Share something").last.click()
    page.get_by_role("heading", name="Share something", level=1).wait_for()
    axe.check(page, "share-form")
    page.get_by_label("A voice note (optional)").set_input_files(
        files=[{"name": "note.wav", "mimeType": "audio/wav", "buffer": voice_note(2.0)}]
    )
    page.get_by_label("A short title (optional)").fill("What I'd change at the stop")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name="What I'd change at the stop", level=1).wait_for()
    duration = page.locator("audio").evaluate(
        """audio => new Promise(done => {
            audio.onloadedmetadata = () => done(audio.duration);
            audio.onerror = () => done(-1);
            audio.preload = "auto";
            audio.load();
        })"""
    )
    assert duration == pytest.approx(2.0, abs=0.1)
    axe.check(page, "voice-note")
    context.close()

    # Staff see all three, open the journey map and make it an action.
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    log_in_browser(context, live_server, staff)
    page = context.new_page()
    page.goto(url + reverse("coproduction:collaboration-home", args=[SLUG]))
    page.get_by_role("link", name="Share something").click()
    page.get_by_role("heading", name="Contributions", level=1).wait_for()
    listed = main_text(page)
    assert JOURNEY in listed and "What I'd change at the stop" in listed
    assert f"For the task: {TASK}" in listed and "A photo." in listed
    axe.check(page, "staff-contributions")
    page.get_by_role("link", name=f"For the task: {TASK}").click()
    shown = page.get_by_role("img", name="A bus stop with no shelter")
    width = shown.evaluate(  # once it has loaded (or failed to)
        """img => img.complete ? img.naturalWidth : new Promise(done => {
            img.onload = () => done(img.naturalWidth);
            img.onerror = () => done(0);
        })"""
    )
    assert width > 0
    page.go_back()
    page.get_by_role("link", name=JOURNEY).click()
    page.get_by_role("heading", name=JOURNEY, level=1).wait_for()
    page.get_by_label("Make it an action: what will we do?").fill(ACTION_TITLE)
    page.get_by_role("button", name='Add to "you said, we did"').click()
    page.get_by_role("heading", name="You said, we did", level=1).wait_for()
    assert f"We will: {ACTION_TITLE}" in main_text(page)
    axe.check(page, "action-board")
    context.close()

    action = Action.objects.get()
    assert action.contribution.title == JOURNEY and action.raised_by == membership
    assert not axe.problems, "\n".join(axe.problems)
