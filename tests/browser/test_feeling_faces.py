"""A member on a phone taps a large drawn face to say how a session felt."""

import pytest
from django.urls import reverse

from reflections.models import Reflection
from tests.browser.conftest import AccessibilityChecker, Keyboard, log_in_browser
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory

SLUG = "river-valley"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]
)
def test_a_member_taps_a_face_to_say_how_it_felt(browser, live_server, viewport):
    collaboration = CollaborationFactory(name="River Valley Youth Panel", slug=SLUG)
    member = UserFactory(name="Jordan Lee")
    MembershipFactory(collaboration=collaboration, user=member)
    context = browser.new_context(viewport=viewport, locale="en-GB")
    log_in_browser(context, live_server, member)
    page = context.new_page()
    axe = AccessibilityChecker(f"faces-{viewport['width']}")
    page.goto(live_server.url + reverse("reflections:reflection-give", args=[SLUG]))
    faces = page.get_by_role("group", name="How did it feel?")
    axe.check(page, "form")

    good = faces.get_by_role("radio", name="Good", exact=True)
    tile = page.locator("label.feeling-faces__choice").filter(has=page.locator("input[value='4']"))
    box = tile.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # WCAG 2.2 target size, and then some
    picture = tile.locator("svg.face").bounding_box()
    assert picture["width"] >= 48  # the face is drawn, large: not an emoji in a small label
    tile.locator("svg.face").click()  # tapping the picture chooses it
    assert good.is_checked()
    axe.check(page, "chosen")

    # By keyboard too: arrow keys move between the faces.
    Keyboard(page).choose_radio(faces, "Great")
    assert faces.get_by_role("radio", name="Great").is_checked()
    page.get_by_label("The last few months, together").check()
    page.get_by_label("What went well").fill("Everyone listened")
    page.get_by_role("button", name="Save my reflection").click()
    page.get_by_text("Thank you for reflecting.").wait_for()
    assert Reflection.objects.get().feeling == Reflection.Feeling.GREAT
    assert axe.problems == [], axe.problems
