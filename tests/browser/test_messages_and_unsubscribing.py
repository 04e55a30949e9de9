"""What people see of messages, in a real browser at phone and desktop widths, checked by
axe-core: an email's HTML part as a mail app shows it, the one-click unsubscribe page a
member reaches from it (by keyboard), staff's list of messages sent, and the page a
non-administrator gets at /admin/."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from coproduction import outbox
from coproduction.models import Membership, Message
from members.models import Profile
from tests.browser.conftest import AccessibilityChecker, Keyboard, log_in_browser

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
SIZES = [("phone", {"width": 390, "height": 844}), ("desktop", {"width": 1280, "height": 900})]


@pytest.mark.parametrize(("size", "viewport"), SIZES)
def test_a_reminder_email_and_its_unsubscribe_page_work_for_everyone(
    browser, live_server, cast, collaboration, settings, size, viewport
):
    settings.SITE_URL = live_server.url
    collaboration.help_phone = "0300 123 4567"
    collaboration.save(update_fields=["help_phone"])
    member = Membership.objects.get(user=cast["member"])
    outbox.message_enqueue(
        recipient=member,
        kind=Message.Kind.REMINDER,
        category=Message.Category.REMINDERS,
        subject="Reminder: Transport group, Friday 2 April at 6pm",
        body="Hello Sam, a reminder: Transport group is on Friday 2 April at 6pm.\n\n"
        "Can you still come? Tap yes or can't make it: https://example.org/answer/x/",
        due_at=timezone.now() - timedelta(minutes=1),
        dedupe_key=f"browser-{size}",
    )
    outbox.send_due()
    [email] = mail.outbox
    html, _ = email.alternatives[0]
    checker = AccessibilityChecker(f"messages-{size}")
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_content(html)
    assert page.get_by_role("link", name="Stop getting session reminders").is_visible()
    checker.check(page, "reminder-email")

    page.goto(email.extra_headers["List-Unsubscribe"].strip("<>"))
    assert page.get_by_role("heading", name="Stop getting session reminders?").is_visible()
    checker.check(page, "unsubscribe")
    Keyboard(page).activate(page.get_by_role("button", name="Yes, stop session reminders"))
    page.get_by_role("heading", name="Done: no more session reminders").wait_for()
    checker.check(page, "unsubscribed")
    assert Profile.objects.get(user=cast["member"]).consent_reminders is False

    log_in_browser(context, live_server, cast["staff"])
    page.goto(f"{live_server.url}/c/{collaboration.slug}/outbox/")
    sent = page.locator("section", has=page.get_by_role("heading", name="Sent"))
    assert sent.get_by_text("Reminder: Transport group").is_visible()
    checker.check(page, "staff-messages")
    page.goto(f"{live_server.url}/admin/")
    assert page.get_by_role("heading", name="You can't use this page").is_visible()
    assert page.get_by_text("for its administrators only").is_visible()
    checker.check(page, "admin-refused")
    context.close()
    assert not checker.problems, "\n".join(checker.problems)
