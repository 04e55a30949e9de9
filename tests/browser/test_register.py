"""Staff fill in the register for 30 people on a phone, in one submit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coproduction.models import Membership
from sessions_app.models import Session, SessionInvite
from tests.browser.conftest import AccessibilityChecker, log_in_browser
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory, enable_totp

Attendance = SessionInvite.Attendance


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]
)
def test_staff_mark_thirty_people_in_one_submit(browser, live_server, viewport):
    collaboration = CollaborationFactory(name="River Valley Youth Panel", slug="river-valley")
    staff = UserFactory(name="Priya Shah")
    MembershipFactory(collaboration=collaboration, user=staff, role=Membership.Role.STAFF)
    enable_totp(staff)
    started = timezone.now() - timedelta(minutes=20)
    session = Session.objects.create(
        collaboration=collaboration,
        title="Bus routes",
        starts_at=started,
        ends_at=started + timedelta(hours=1),
    )
    for n in range(30):
        member = MembershipFactory(
            collaboration=collaboration, user=UserFactory(name=f"Person {n + 1:02}")
        )
        said = SessionInvite.Response.YES if n < 25 else SessionInvite.Response.NO
        SessionInvite.objects.create(session=session, membership=member, response=said)

    context = browser.new_context(viewport=viewport, locale="en-GB")
    log_in_browser(context, live_server, staff)
    page = context.new_page()
    axe = AccessibilityChecker(f"register-{viewport['width']}")
    page.goto(f"{live_server.url}/c/river-valley/sessions/{session.code}/#attendance")
    table = page.get_by_role("table", name="The register: one row per person")
    assert table.get_by_role("row").count() == 31  # a heading row and one per person
    axe.check(page, "register")
    height = table.bounding_box()["height"]
    assert height < 31 * 80, height  # compact rows, not four stacked radio buttons each

    # Person 01 said yes but did not come; 26 to 30 said no: two sent apologies.
    table.get_by_role("radio", name="Did not come Person 01").check()
    table.get_by_role("radio", name="Sent apologies Person 26").check()
    table.get_by_role("radio", name="Sent apologies Person 27").check()
    page.get_by_role("button", name="Mark everyone who said yes as came").click()
    page.get_by_text("The register is saved: 27 changes.").wait_for()
    saved = dict(session.invites.values_list("membership__user__name", "attendance"))
    assert saved["Person 01"] == Attendance.ABSENT
    assert [saved[f"Person {n:02}"] for n in range(2, 26)] == [Attendance.ATTENDED] * 24
    assert saved["Person 26"] == saved["Person 27"] == Attendance.APOLOGIES
    assert saved["Person 28"] == Attendance.UNKNOWN
    assert table.get_by_role("radio", name="Came Person 02").is_checked()  # shown as saved
    axe.check(page, "register-saved")
    assert axe.problems == [], axe.problems
