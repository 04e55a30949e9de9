"""Staff and a member have the same agenda item open: each sees the other's change appear
without reloading, sees who is editing what, and a same-field clash shows both values."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from coproduction.models import Membership
from sessions_app.models import AgendaItem, Session, SessionInvite
from tests.browser.conftest import AccessibilityChecker, log_in_browser
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory, enable_totp


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_staff_and_member_edit_the_same_agenda_item_side_by_side(browser, live_server):
    collaboration = CollaborationFactory(slug="river-valley")
    staff = UserFactory(name="Priya Shah")
    member = UserFactory(name="Jordan Lee")
    session = Session.objects.create(
        collaboration=collaboration,
        title="Transport",
        starts_at=timezone.now() + timedelta(days=4),
        ends_at=timezone.now() + timedelta(days=4, hours=1),
    )
    for user, role in ((staff, Membership.Role.STAFF), (member, Membership.Role.MEMBER)):
        membership = MembershipFactory(collaboration=collaboration, user=user, role=role)
        SessionInvite.objects.create(session=session, membership=membership)
    enable_totp(staff)
    item = AgendaItem.objects.create(
        session=session, title="Night buses", description="They stop early"
    )
    url = f"{live_server.url}/c/river-valley/shared/agenda-item/{item.code}/"
    axe = AccessibilityChecker("side-by-side")

    pages = {}
    for who, user, width in (("staff", staff, 1280), ("member", member, 390)):
        context = browser.new_context(viewport={"width": width, "height": 900})
        log_in_browser(context, live_server, user)
        pages[who] = context.new_page()
        pages[who].goto(url)
    staff_page, member_page = pages["staff"], pages["member"]
    axe.check(member_page, "open")

    # Staff change the details; the member sees it arrive without reloading.
    staff_page.get_by_role("link", name="Edit details").click()
    staff_page.get_by_label("Details").fill("They stop at 11pm on weekdays")
    staff_page.get_by_role("button", name="Save", exact=True).click()
    member_details = member_page.locator('[data-field-display="description"]')
    member_details.filter(has_text="They stop at 11pm on weekdays").wait_for(timeout=5000)

    # The member opens the outcome; staff see who is editing it.
    member_page.get_by_role("link", name="Edit outcome").click()
    member_page.get_by_label("Outcome").wait_for()
    staff_page.get_by_text("Jordan Lee is editing this now.").wait_for(timeout=5000)

    # Both change the outcome: staff save first, the member's save shows both versions.
    staff_page.get_by_role("link", name="Edit outcome").click()
    staff_page.get_by_label("Outcome").fill("Write to the bus company")
    staff_page.get_by_role("button", name="Save", exact=True).click()
    staff_page.locator('[data-field-display="outcome"]').filter(
        has_text="Write to the bus company"
    ).wait_for()
    member_page.get_by_text("Someone else has just changed this").wait_for(timeout=5000)
    member_page.get_by_label("Outcome").fill("Ask the council for a late bus")
    member_page.get_by_role("button", name="Save", exact=True).click()
    conflict = member_page.get_by_role("alert")
    conflict.get_by_text("Write to the bus company").wait_for()
    assert conflict.get_by_text("Ask the council for a late bus").is_visible()
    axe.check(member_page, "conflict")
    member_page.get_by_label("Combined version").fill(
        "Write to the bus company and ask the council for a late bus"
    )
    member_page.get_by_role("button", name="Save", exact=True).click()
    member_page.locator('[data-field-display="outcome"]').filter(
        has_text="ask the council"
    ).wait_for()

    # Staff see the combined result arrive; it is saved, with everyone's edits in the history.
    staff_page.locator('[data-field-display="outcome"]').filter(
        has_text="ask the council"
    ).wait_for(timeout=5000)
    item.refresh_from_db()
    assert item.outcome == "Write to the bus company and ask the council for a late bus"
    assert item.description == "They stop at 11pm on weekdays"
    staff_page.reload()
    assert re.search(r"Jordan Lee: 1 change", staff_page.content())
    axe.check(staff_page, "history")
    assert not axe.problems, "\n".join(axe.problems)
