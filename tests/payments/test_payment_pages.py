"""The payment pages: claiming, uploads, documents, and who sees what."""

import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from coproduction.models import Membership
from payments import services
from payments.models import Claim, EarningsLimit, PayeeDetails
from tests.factories import MembershipFactory, UserFactory
from tests.payments.test_payments import fee, paid, submitted
from tests.support.forms import date_fields
from tests.support.pdf import pdf_text

D = Decimal
pytestmark = pytest.mark.django_db
SLUG = "river-valley"


@pytest.fixture
def member_ship(cast, collaboration):
    return Membership.objects.get(user=cast["member"], collaboration=collaboration)


@pytest.fixture
def staff_ship(cast, collaboration):
    return Membership.objects.get(user=cast["staff"], collaboration=collaboration)


@pytest.fixture
def as_member(client, cast):
    client.force_login(cast["member"])
    return client


def _expense(member_ship, receipt, **extra):
    return {
        "expense_type": "fares",
        "description": "Train to the town hall",
        **date_fields("date_worked", date(2026, 3, 2)),
        "amount": "12.40",
        "method": "bank",
        "receipt": receipt,
        **extra,
    }


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), "white").save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the fixture has a location
    return data


def _url(name, member_ship):
    return reverse(f"payments:{name}", args=[SLUG, member_ship.code])


@pytest.mark.parametrize(
    ("receipt", "message"),
    [
        (
            SimpleUploadedFile("receipt.jpg", b"#!/bin/sh\nrm -rf /\n", "image/jpeg"),
            "This isn&#x27;t a photo or a PDF we can read",
        ),
        (SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 3000, "application/pdf"), "up to"),
    ],
)
def test_a_hostile_receipt_is_refused_and_nothing_else_in_the_claim_is_lost(
    as_member, member_ship, settings, receipt, message
):
    settings.RECEIPT_MAX_BYTES = 2000
    response = as_member.post(_url("expense-new", member_ship), _expense(member_ship, receipt))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Train to the town hall"' in page and 'value="12.40"' in page
    assert not Claim.objects.exists()


def test_the_location_is_stripped_from_a_photo_receipt(as_member, member_ship):
    photo = SimpleUploadedFile("IMG_0001.jpg", _jpeg_with_gps(), "image/jpeg")
    response = as_member.post(_url("expense-new", member_ship), _expense(member_ship, photo))
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.status == Claim.Status.SUBMITTED and claim.amount_due == D("12.40")
    assert claim.receipt_name == "IMG_0001.jpg" and re.search(
        r"/[0-9a-f]{32}\.jpg$", claim.receipt.name
    )
    with claim.receipt.open("rb") as kept:
        image = Image.open(io.BytesIO(kept.read()))
        assert not image.getexif().get_ifd(0x8825) and not image.getexif()
    download = as_member.get(reverse("payments:claim-receipt", args=[SLUG, claim.code]))
    assert download["Content-Type"] == "image/jpeg"
    assert "attachment" in download["Content-Disposition"]


def test_a_mileage_claim_needs_the_miles(as_member, member_ship):
    data = _expense(member_ship, "", expense_type="mileage", amount="")
    response = as_member.post(_url("expense-new", member_ship), data)
    assert "Say how many miles you drove." in response.content.decode()


def test_a_member_confirms_a_claim_choosing_a_lower_amount(as_member, member_ship):
    claim = fee(member_ship, hours="2")
    url = reverse("payments:claim-send", args=[SLUG, claim.code])
    too_much = as_member.post(url, {"method": "bank", "lower_amount": "60"})
    assert "This should be less than £55.00" in too_much.content.decode()
    response = as_member.post(url, {"method": "bank", "lower_amount": "40"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED and claim.amount_to_pay == D("40.00")


def test_a_member_sees_the_limit_warning_with_their_choices(as_member, member_ship):
    EarningsLimit.objects.create(membership=member_ship, weekly_limit=D("50.00"))
    with time_machine.travel(datetime(2026, 3, 3, 9, tzinfo=UTC)):
        claim = fee(member_ship, hours="2")
        page = as_member.get(reverse("payments:claim", args=[SLUG, claim.code])).content.decode()
    assert "This would take you over a limit you set" in page
    assert "You could be paid £50.00 or less" in page


def test_members_see_only_their_own_claims_and_payments(client, cast, collaboration, member_ship):
    other = MembershipFactory(collaboration=collaboration)
    theirs = fee(other)
    client.force_login(cast["member"])
    assert client.get(reverse("payments:claim", args=[SLUG, theirs.code])).status_code == 404
    assert (
        client.get(reverse("payments:person-payments", args=[SLUG, other.code])).status_code == 403
    )
    mine = client.get(reverse("payments:person-payments", args=[SLUG, member_ship.code]))
    assert "Reading group" not in mine.content.decode()


def test_limits_and_bank_details_are_for_the_member_only(client, cast, member_ship):
    for role in ("staff", "finance", "admin"):
        client.force_login(cast[role])
        assert client.get(_url("earnings-limits", member_ship)).status_code == 403
        assert client.get(_url("payee-details", member_ship)).status_code == 403


def test_bank_details_are_checked(as_member, member_ship):
    response = as_member.post(
        _url("payee-details", member_ship),
        {"method": "bank", "account_name": "A Member", "sort_code": "30-90", "account_number": "1"},
    )
    page = response.content.decode()
    assert "A sort code is 6 numbers" in page and "An account number is 8 numbers" in page
    response = as_member.post(
        _url("payee-details", member_ship),
        {
            "method": "bank",
            "account_name": "A Member",
            "sort_code": "30-90-21",
            "account_number": "12345678",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert PayeeDetails.objects.get(membership=member_ship).sort_code == "309021"


def test_an_under_18_is_never_asked_for_bank_details(client, collaboration):
    young = MembershipFactory(
        collaboration=collaboration, user=UserFactory(date_of_birth=date(2011, 5, 1))
    )
    client.force_login(young.user)
    page = client.get(_url("payee-details", young)).content.decode()
    assert "sort_code" not in page and "We never ask you for bank details" in page


def test_the_first_payment_page_points_to_independent_benefits_advice(as_member, member_ship):
    page = as_member.get(_url("person-payments", member_ship)).content.decode()
    assert "check how it affects any benefits" in page and "citizensadvice.org.uk" in page


def test_the_tax_year_statement_shows_the_right_totals(
    client, cast, member_ship, staff_ship, tmp_path
):
    PayeeDetails.objects.create(
        membership=member_ship,
        account_name="A MEMBER",
        sort_code="309021",
        account_number="12345678",
    )
    with time_machine.travel(datetime(2026, 4, 5, 9, tzinfo=UTC)):  # the last day of 2025-26
        paid(
            submitted(member_ship, worked=date(2026, 4, 1), hours="2"),
            staff_ship,
            cast["finance"],
            date(2026, 4, 5),
        )
    with time_machine.travel(datetime(2026, 4, 6, 9, tzinfo=UTC)):  # the first day of 2026-27
        voucher = submitted(member_ship, worked=date(2026, 4, 6), hours="1.5", method="voucher")
        expense = Claim.objects.create(
            collaboration=member_ship.collaboration,
            membership=member_ship,
            kind=Claim.Kind.EXPENSE,
            expense_type=Claim.ExpenseType.CARE,
            description="Childminder",
            date_worked=date(2026, 4, 6),
            amount_due=D("18.00"),
            method="bank",
        )
        services.claim_submit(claim=expense, entered_by=cast["member"])
        services.claim_approve(claim=voucher, approver=staff_ship)
        services.claim_approve(claim=expense, approver=staff_ship)
        batch = services.batch_create(
            collaboration=member_ship.collaboration, created_by=cast["finance"]
        )
        services.batch_mark_paid(batch=batch, paid_on=date(2026, 4, 6), marked_by=cast["finance"])
        client.force_login(cast["member"])
        response = client.get(reverse("payments:statement", args=[SLUG, member_ship.code, 2026]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "6 April 2026 to 5 April 2027" in text
    assert re.search(r"Total payments for your time\s+£41\.25", text)  # the voucher only
    assert re.search(r"Total expenses\s+£18\.00", text)
    assert "Childminder" in text and "£55.00" not in text  # 5 April is last year


def test_the_jobcentre_letter_describes_the_involvement(client, cast, member_ship, tmp_path):
    client.force_login(cast["member"])
    response = client.get(_url("jobcentre-letter", member_ship))
    text = pdf_text(response.content, tmp_path)
    assert "Jobcentre" in text and "It is not a job" in text and cast["member"].name in text


def test_trustees_see_totals_with_small_numbers_suppressed(client, cast, member_ship, staff_ship):
    PayeeDetails.objects.create(
        membership=member_ship,
        account_name="A MEMBER",
        sort_code="309021",
        account_number="12345678",
    )
    paid(submitted(member_ship), staff_ship, cast["finance"], timezone.localdate())
    client.force_login(cast["trustee"])
    page = client.get(reverse("payments:totals", args=[SLUG])).content.decode()
    assert "Fewer than 5 people were paid" in page and "27.50" not in page
    assert cast["member"].name not in page


def test_finance_exports_a_batch_for_the_bank(client, cast, member_ship, staff_ship):
    PayeeDetails.objects.create(
        membership=member_ship,
        account_name="=HYPERLINK(1)",
        sort_code="309021",
        account_number="12345678",
    )
    claim = submitted(member_ship)
    services.claim_approve(claim=claim, approver=staff_ship)
    batch = services.batch_create(collaboration=claim.collaboration, created_by=cast["finance"])
    client.force_login(cast["finance"])
    bank = client.get(reverse("payments:batch-bank", args=[SLUG, batch.code])).content.decode()
    # The bank file holds only the Bacs character set, so no formula can start a cell.
    assert bank.strip() == "309021,12345678,HYPERLINK 1,27.50,RIVER-VALLEY 1126".replace(
        "1126", f"{batch.created_at:%m%y}"
    )
    rows = client.get(reverse("payments:batch-export", args=[SLUG, batch.code])).content.decode()
    assert "Reading group" in rows and "27.50" in rows
    paid_url = reverse("payments:batch-paid", args=[SLUG, batch.code])
    client.post(paid_url, {"paid_on_0": "x"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.BATCHED  # a day that is not a day pays nothing
    response = client.post(paid_url, date_fields("paid_on", timezone.localdate()))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID


def test_every_payment_form_offers_its_ways_to_be_paid(as_member, member_ship):
    """Radio choices set before the widget was swapped once rendered no options at all."""
    claim = fee(member_ship)
    for url in (
        reverse("payments:claim", args=[SLUG, claim.code]),
        _url("claim-new", member_ship),
        _url("expense-new", member_ship),
    ):
        page = as_member.get(url).content.decode()
        assert 'name="method" value="bank"' in page and 'name="method" value="voucher"' in page


def test_an_expense_without_a_type_is_asked_for_one_not_a_server_error(as_member, member_ship):
    data = _expense(member_ship, "", expense_type="", amount="")
    response = as_member.post(_url("expense-new", member_ship), data)
    assert response.status_code == 200 and "This field is required." in response.content.decode()


def test_a_good_receipt_must_be_chosen_again_when_the_form_has_another_error(
    as_member, member_ship
):
    photo = SimpleUploadedFile("IMG_0001.jpg", _jpeg_with_gps(), "image/jpeg")
    response = as_member.post(
        _url("expense-new", member_ship), _expense(member_ship, photo, amount="")
    )
    assert "Please choose your receipt again" in response.content.decode()


def test_the_bank_file_leaves_out_and_the_batch_page_lists_transfers_with_no_details(
    client, cast, member_ship, staff_ship
):
    PayeeDetails.objects.create(
        membership=member_ship,
        account_name="A MEMBER",
        sort_code="309021",
        account_number="12345678",
    )
    claim = submitted(member_ship)
    services.claim_approve(claim=claim, approver=staff_ship)
    batch = services.batch_create(collaboration=claim.collaboration, created_by=cast["finance"])
    PayeeDetails.objects.all().delete()  # for example, the member was erased meanwhile
    client.force_login(cast["finance"])
    bank = client.get(reverse("payments:batch-bank", args=[SLUG, batch.code]))
    assert bank.status_code == 200 and bank.content.decode().strip() == ""
    page = client.get(reverse("payments:batch", args=[SLUG, batch.code])).content.decode()
    assert "have no bank details now" in page and "Reading group" in page


def test_approvers_see_the_longest_waiting_claims_a_page_at_a_time(client, cast, collaboration):
    from payments.selectors import APPROVALS_SHOWN

    member = Membership.objects.get(user=cast["member"])
    EarningsLimit.objects.create(membership=member, weekly_limit=Decimal("5"))
    for day in range(1, APPROVALS_SHOWN + 2):
        submitted(member, worked=date(2026, 1, 1) + timezone.timedelta(days=day))
    client.force_login(cast["staff"])
    page = client.get(reverse("payments:approvals", args=[SLUG])).content.decode()
    assert f"The {APPROVALS_SHOWN} waiting longest, of {APPROVALS_SHOWN + 1}." in page
    assert page.count('class="card"') >= APPROVALS_SHOWN
    # Each claim of £27.50 or so crosses the £5 weekly limit, and each says so.
    assert page.count("would take Member Person over an earnings limit") == APPROVALS_SHOWN


def test_withdrawing_a_claim_asks_first(as_member, member_ship):
    claim = fee(member_ship)
    claim.save()
    address = reverse("payments:claim", args=[SLUG, claim.code])
    page = as_member.get(address).content.decode()
    assert "<summary>Withdraw this claim</summary>" in page and "Yes, withdraw it" in page
    withdraw = reverse("payments:claim-withdraw", args=[SLUG, claim.code])
    as_member.post(withdraw, {})  # not confirmed: nothing happens
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT
    as_member.post(withdraw, {"confirmed": "yes"})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN


def test_a_members_payments_page_asks_the_same_questions_however_many_claims_were_paid(
    client, cast, member_ship, staff_ship, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE = False  # what drawing the page costs
    PayeeDetails.objects.create(
        membership=member_ship,
        account_name="A MEMBER",
        sort_code="309021",
        account_number="12345678",
    )
    client.force_login(cast["member"])
    url = reverse("payments:person-payments", args=[SLUG, member_ship.code])

    def queries_with(paid_claims: int) -> int:
        while Claim.objects.filter(membership=member_ship, status="paid").count() < paid_claims:
            paid(submitted(member_ship), staff_ship, cast["finance"], date(2026, 3, 9))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(4)


def _field(html: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Choose a photo or a PDF of the receipt first."),
        (
            SimpleUploadedFile("notes.pdf", b"not a pdf", "application/pdf"),
            "This isn&#x27;t a photo or a PDF we can read",
        ),
    ],
)
def test_a_receipt_refused_on_the_claim_page_is_said_beside_the_receipt(
    as_member, member_ship, upload, message
):
    as_member.post(_url("expense-new", member_ship), _expense(member_ship, ""))
    claim = Claim.objects.get()
    data = {"receipt": upload} if upload else {}
    response = as_member.post(reverse("payments:claim-receipt-add", args=[SLUG, claim.code]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(message) == 1 and "<title>Error:" in html
    receipt = _field(html, "receipt")
    assert 'aria-invalid="true"' in receipt and "id_receipt_error" in receipt
    assert html.index('id="id_receipt_error"') < html.index(message) < html.index(receipt)
    claim.refresh_from_db()
    assert not claim.receipt


def test_too_many_hours_to_split_is_said_beside_the_hours(as_member, member_ship):
    claim = fee(member_ship, hours="2")
    data = {"later_hours": "5", **date_fields("pay_later_from", date(2026, 4, 1))}
    response = as_member.post(reverse("payments:claim-split", args=[SLUG, claim.code]), data)
    html = response.content.decode()
    assert response.status_code == 200 and "<details open>" in html
    hours = _field(html, "later_hours")
    assert 'aria-invalid="true"' in hours and 'value="5"' in hours
    assert "Choose between 0 and 2 hours to be paid later." in html
    assert Claim.objects.count() == 1
