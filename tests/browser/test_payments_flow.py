"""A member on a phone confirms the claim made for a session they came to and claims a bus
fare with a photo of the receipt; staff approve both; finance batch them and mark them paid;
the member sees both paid."""

import io
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from coproduction.models import Membership
from payments.models import Claim, PayeeDetails, Payment
from sessions_app.models import Session, SessionInvite
from sessions_app.services import attendance_record
from tests.browser.conftest import AccessibilityChecker, Keyboard, log_in_browser, open_menu

SLUG = "river-valley"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
GPS = 0x8825


def jpeg_with_gps(path) -> None:
    """A small photo of a 'receipt' that says where it was taken, as phone photos do."""
    exif = Image.Exif()
    exif.get_ifd(GPS).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    Image.new("RGB", (120, 90), "white").save(path, "JPEG", exif=exif)
    with Image.open(path) as photo:
        assert photo.getexif().get_ifd(GPS)


def fill_date(group, day) -> None:
    group.get_by_label("Day", exact=True).fill(str(day.day))
    group.get_by_label("Month", exact=True).fill(str(day.month))
    group.get_by_label("Year", exact=True).fill(str(day.year))


def main_text(page) -> str:
    return page.locator("main").inner_text()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_member_confirms_and_claims_staff_approve_finance_pay_member_sees_paid(
    browser, live_server, cast, tmp_path
):
    member, staff, finance = cast["member"], cast["staff"], cast["finance"]
    membership = Membership.objects.get(user=member, collaboration__slug=SLUG)
    collaboration = membership.collaboration
    today = timezone.localdate()
    session_day = today - timedelta(days=3)
    fare_day = today - timedelta(days=2)
    starts = timezone.make_aware(datetime.combine(session_day, time(18, 0)))
    session = Session.objects.create(
        collaboration=collaboration,
        title="Getting around: bus fares",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        preparation_minutes=30,
    )
    invite = SessionInvite.objects.create(session=session, membership=membership)
    attendance_record(
        session=session,
        recorded_by=staff,
        attendance={invite.pk: SessionInvite.Attendance.ATTENDED},
    )
    session_claim = Claim.objects.get(membership=membership, session=session)
    assert session_claim.status == Claim.Status.DRAFT
    PayeeDetails.objects.create(
        membership=membership,
        sort_code="309021",
        account_number="12345678",
        account_name="A MEMBER",
    )
    receipt = tmp_path / "bus-ticket.jpg"
    jpeg_with_gps(receipt)
    axe = AccessibilityChecker("payments")
    url = live_server.url

    # Member, on a phone: find "My payments", open the claim for the session, send it.
    member_context = browser.new_context(viewport=PHONE, locale="en-GB")
    log_in_browser(member_context, live_server, member)
    page = member_context.new_page()
    keys = Keyboard(page)
    page.goto(url + reverse("members:me", args=[SLUG]))
    open_menu(page)
    page.get_by_role("link", name="My payments").click()
    page.get_by_role("heading", name="Your payments", level=1).wait_for()
    assert page.url == url + reverse("payments:person-payments", args=[SLUG, membership.code])
    waiting = page.locator("section", has=page.get_by_role("heading", name="Waiting for you"))
    assert "Getting around: bus fares" in waiting.inner_text()
    assert "£68.75" in waiting.inner_text()  # 2 hours and 30 minutes' preparation at £27.50
    assert "Waiting for you to confirm" in waiting.inner_text()
    axe.check(page, "member-payments")

    keys.activate(page.get_by_role("link", name="Getting around: bus fares"))
    page.get_by_role("heading", name="Getting around: bus fares", level=1).wait_for()
    text = main_text(page)
    assert "2 hours, taking part in a session" in text
    assert "Preparation and reading\n0.5 hours" in text
    assert "£68.75" in text
    methods = page.get_by_role("group", name="How would you like to be paid?").get_by_role("radio")
    assert methods.count() == 4, "the member is offered no way to be paid"
    assert page.get_by_role("radio", name="Bank transfer").is_checked()
    axe.check(page, "draft-claim")
    keys.activate(page.get_by_role("button", name="Confirm and send for approval"))
    page.get_by_text("Sent for approval. We will tell you when it is approved and paid.").wait_for()
    assert "Waiting for approval" in page.get_by_role("table").inner_text()

    # Claim a bus fare, with a photo of the ticket. The amount is forgotten the first time.
    page.get_by_role("link", name="Claim an expense").click()
    page.get_by_role("heading", name="Claim an expense", level=1).wait_for()
    axe.check(page, "expense-form")
    page.get_by_label("Fares (bus, train, taxi)").check()
    page.get_by_label("Tell us more").fill("Bus to the session and back")
    fill_date(page.get_by_role("group", name="When did you spend it (or when will you)?"), fare_day)
    page.get_by_role("radio", name="Bank transfer").check()
    page.get_by_label("Receipt (a photo or a PDF)").set_input_files(receipt)
    page.get_by_role("button", name="Send for approval").click()
    page.get_by_role("alert").get_by_text("Please check the answers marked below.").wait_for()
    assert page.title().startswith("Error: ")
    assert "Say how much it was, in pounds and pence." in main_text(page)
    assert page.get_by_label("Tell us more").input_value() == "Bus to the session and back"
    axe.check(page, "expense-form-error")
    page.get_by_label("How much? (£)").fill("4.80")
    # A browser never keeps a chosen file when the page comes back with an error.
    page.get_by_label("Receipt (a photo or a PDF)").set_input_files(receipt)
    page.get_by_role("button", name="Send for approval").click()
    page.get_by_text("Sent for approval: £4.80.").wait_for()
    page.get_by_role("heading", name="Bus to the session and back", level=1).wait_for()
    assert "Fares (bus, train, taxi)" in main_text(page)
    assert page.get_by_role("link", name="Download the receipt").is_visible()
    axe.check(page, "expense-claim")
    member_context.close()
    expense = Claim.objects.get(membership=membership, kind=Claim.Kind.EXPENSE)
    assert expense.status == Claim.Status.SUBMITTED
    assert expense.receipt_name == "bus-ticket.jpg"
    with expense.receipt.open("rb") as kept:
        assert not Image.open(io.BytesIO(kept.read())).getexif().get_ifd(GPS)

    # Staff approve both claims.
    staff_context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    log_in_browser(staff_context, live_server, staff)
    page = staff_context.new_page()
    page.goto(url + reverse("coproduction:collaboration-home", args=[SLUG]))
    page.get_by_role("link", name="Claims", exact=True).click()
    page.get_by_role("heading", name="Claims to approve", level=1).wait_for()
    waiting = page.locator("section", has=page.get_by_role("heading", name="Waiting for approval"))
    assert "Member Person" in waiting.inner_text()
    assert "£68.75 by bank transfer" in waiting.inner_text()
    assert "£4.80 by bank transfer" in waiting.inner_text()
    axe.check(page, "approvals")
    for description in ("Getting around: bus fares", "Bus to the session and back"):
        page.get_by_role("button", name=f"Approve {description}").click()
        page.get_by_text("Approved.", exact=True).wait_for()
    page.get_by_text("Nothing is waiting for approval.").wait_for()
    staff_context.close()

    # Finance gather the approved claims into a batch and mark it paid.
    finance_context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    log_in_browser(finance_context, live_server, finance)
    page = finance_context.new_page()
    page.goto(url + reverse("coproduction:collaboration-home", args=[SLUG]))
    page.get_by_role("link", name="Payments", exact=True).click()
    page.get_by_role("heading", name="Payments", level=1).wait_for()
    assert "2 approved claims waiting to be paid." in main_text(page)
    axe.check(page, "batches")
    page.get_by_role("button", name="Gather approved claims into a batch").click()
    page.get_by_text("The batch is ready: export it for the bank, then mark it paid.").wait_for()
    assert "Not paid yet. 2 claims, £73.55 in all." in main_text(page)
    rows = page.get_by_role("table").inner_text()
    assert "Getting around: bus fares (paid time)" in rows
    assert "Bus to the session and back (expense)" in rows
    axe.check(page, "batch")
    page.get_by_role("button", name="Mark the whole batch paid").click()
    page.get_by_text("Marked paid. Everyone in it has been told.").wait_for()
    assert f"Paid on {today.day} {today:%B %Y}." in main_text(page)
    axe.check(page, "batch-paid")
    page.get_by_role("link", name="Payments", exact=True).click()
    page.get_by_role("heading", name="Payments", level=1).wait_for()
    assert "0 approved claims waiting to be paid." in main_text(page)
    assert f"2 claims, paid {today.day} {today:%B %Y}" in main_text(page)
    finance_context.close()

    # The member looks again: both are paid.
    member_context = browser.new_context(viewport=PHONE, locale="en-GB")
    log_in_browser(member_context, live_server, member)
    page = member_context.new_page()
    page.goto(url + reverse("payments:person-payments", args=[SLUG, membership.code]))
    page.get_by_role("heading", name="Your payments", level=1).wait_for()
    rows = page.get_by_role("table").get_by_role("row")
    for description, amount in (
        ("Getting around: bus fares", "£68.75"),
        ("Bus to the session and back", "£4.80"),
    ):
        cells = rows.filter(has_text=description).get_by_role("cell").all_inner_texts()
        assert cells[2:] == [amount, f"Paid on {timezone.localdate():%-d %B %Y}"], cells
    assert "Nothing to confirm." in main_text(page)
    axe.check(page, "member-payments-paid")
    member_context.close()

    claims = Claim.objects.filter(membership=membership)
    assert sorted(claims.values_list("status", flat=True)) == [Claim.Status.PAID] * 2
    payments = Payment.objects.filter(claim__membership=membership).order_by("amount")
    assert [(p.amount, p.method, p.paid_on) for p in payments] == [
        (expense.amount_due, "bank", today),
        (session_claim.amount_due, "bank", today),
    ]
    assert str(session_claim.amount_due) == "68.75"
    assert not axe.problems, "\n".join(axe.problems)
