"""Paid time and expenses: amounts, periods, limits, approval, batches, the ledger."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership, Message
from payments import money, services
from payments.models import (
    Activity,
    Claim,
    EarningsLimit,
    ImmutableError,
    PayeeDetails,
    Payment,
    PaymentMethod,
    Rate,
    Unit,
)
from sessions_app.models import Session, SessionInvite
from tests.factories import MembershipFactory, UserFactory
from tests.required_services import service_missing

D = Decimal
SLUG = "river-valley"
pytestmark = pytest.mark.django_db


@pytest.fixture
def member_ship(cast, collaboration):
    return Membership.objects.get(user=cast["member"], collaboration=collaboration)


@pytest.fixture
def staff_ship(cast, collaboration):
    return Membership.objects.get(user=cast["staff"], collaboration=collaboration)


def fee(membership, *, worked=date(2026, 3, 2), hours="1", prep="0", method="bank", **extra):
    claim = Claim(
        collaboration=membership.collaboration,
        membership=membership,
        kind=Claim.Kind.FEE,
        description="Reading group",
        date_worked=worked,
        activity=Activity.SESSION,
        unit=Unit.HOUR,
        quantity=D(hours),
        preparation_hours=D(prep),
        method=method,
        **extra,
    )
    claim.amount_due, claim.rates_used = money.amount_for(claim)
    claim.save()
    return claim


def submitted(membership, **kwargs):
    claim = fee(membership, **kwargs)
    return services.claim_submit(claim=claim, entered_by=membership.user)


def paid(claim, staff_ship, finance, paid_on):
    services.claim_approve(claim=claim, approver=staff_ship, over_limit_agreed=True)
    batch = services.batch_create(collaboration=claim.collaboration, created_by=finance)
    assert services.batch_mark_paid(batch=batch, paid_on=paid_on, marked_by=finance)
    return batch


@pytest.fixture
def bank(member_ship):
    return PayeeDetails.objects.create(
        membership=member_ship,
        account_name="A MEMBER",
        sort_code="309021",
        account_number="12345678",
    )


# Rounding: exact, then once.


def test_a_claim_is_worked_out_exactly_then_rounded_once_half_a_penny_up(member_ship):
    # 1.25 hours at £27.50 is £34.375, twice: rounding each part would give £68.76.
    claim = fee(member_ship, hours="1.25", prep="1.25")
    assert claim.amount_due == D("68.75")
    assert fee(member_ship, hours="0.25", worked=date(2026, 3, 3)).amount_due == D("6.88")
    assert claim.rates_used == {"session/hour": "27.50", "preparation/hour": "27.50"}


def test_mileage_is_paid_at_the_rate_card_rate(member_ship):
    claim = Claim(
        collaboration=member_ship.collaboration,
        membership=member_ship,
        kind=Claim.Kind.EXPENSE,
        expense_type=Claim.ExpenseType.MILEAGE,
        miles=D("12.5"),
        date_worked=date(2026, 3, 2),
    )
    assert money.amount_for(claim)[0] == D("5.63")  # 12.5 x 45p = 5.625


def test_new_collaborations_get_the_default_rate_card_marked_for_checking(collaboration):
    rates = Rate.objects.filter(collaboration=collaboration)
    hourly = rates.get(activity=Activity.SESSION, unit=Unit.HOUR)
    assert hourly.amount == D("27.50") and hourly.needs_checking
    assert rates.get(activity=Activity.MILEAGE).amount == D("0.45")


# Periods.


def test_weeks_run_monday_to_sunday_and_months_by_the_calendar():
    assert money.week_of(date(2026, 3, 8)) == (date(2026, 3, 2), date(2026, 3, 8))  # a Sunday
    assert money.week_of(date(2026, 3, 9))[0] == date(2026, 3, 9)
    assert money.month_of(date(2026, 2, 14)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert money.month_of(date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_the_tax_year_turns_between_5_and_6_april():
    assert money.tax_year_of(date(2026, 4, 5)) == 2025
    assert money.tax_year_of(date(2026, 4, 6)) == 2026
    assert money.tax_year_dates(2025) == (date(2025, 4, 6), date(2026, 4, 5))


def test_weekly_totals_count_the_day_worked_and_monthly_totals_the_day_paid(
    member_ship, staff_ship, cast, bank
):
    with time_machine.travel(datetime(2026, 4, 1, 9, tzinfo=UTC)):
        claim = submitted(member_ship, worked=date(2026, 3, 29))  # a Sunday in March
        paid(claim, staff_ship, cast["finance"], paid_on=date(2026, 4, 1))
    assert money.week_income(member_ship, date(2026, 3, 23)) == D("27.50")
    assert money.week_income(member_ship, date(2026, 3, 30)) == D("0.00")
    today = date(2026, 4, 2)
    assert money.month_income(member_ship, date(2026, 3, 15), today=today) == D("0.00")
    assert money.month_income(member_ship, date(2026, 4, 15), today=today) == D("27.50")


def test_statements_split_payments_on_5_and_6_april_into_their_tax_years(
    member_ship, staff_ship, cast, bank
):
    for day in (date(2026, 4, 5), date(2026, 4, 6)):
        with time_machine.travel(
            datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9)
        ):
            claim = submitted(member_ship, worked=day - timedelta(days=1), hours="2")
            paid(claim, staff_ship, cast["finance"], paid_on=day)
    earlier = money.paid_totals(money.tax_year_payments(member_ship, 2025))
    later = money.paid_totals(money.tax_year_payments(member_ship, 2026))
    assert earlier["income"] == D("55.00") and later["income"] == D("55.00")


# Earnings limits.


@pytest.mark.parametrize(("hours", "crosses"), [("4", False), ("4.01", True)])
def test_the_limit_warning_comes_just_over_the_limit_not_at_it(member_ship, hours, crosses):
    EarningsLimit.objects.create(membership=member_ship, weekly_limit=D("110.00"))
    claim = fee(member_ship, hours=hours)  # 4 hours = £110.00 exactly; 4.01 = £110.28
    checks = money.limit_checks(claim, today=date(2026, 3, 3))
    assert [c.crosses for c in checks] == [crosses]
    assert checks[0].headroom == D("110.00")


def test_the_limit_counts_what_is_already_claimed_that_week(member_ship):
    EarningsLimit.objects.create(membership=member_ship, weekly_limit=D("50.00"))
    services.claim_submit(claim=fee(member_ship, worked=date(2026, 3, 2)), entered_by=None)
    second = fee(member_ship, worked=date(2026, 3, 8))  # same week: 27.50 + 27.50 = 55
    elsewhere = fee(member_ship, worked=date(2026, 3, 9))  # next week
    assert money.crosses_a_limit(second, today=date(2026, 3, 9))
    assert not money.crosses_a_limit(elsewhere, today=date(2026, 3, 9))
    assert money.limit_checks(second, today=date(2026, 3, 9))[0].headroom == D("22.50")


def test_vouchers_count_as_income_and_charity_payments_do_not(member_ship):
    EarningsLimit.objects.create(membership=member_ship, weekly_limit=D("30.00"))
    services.claim_submit(claim=fee(member_ship, method=PaymentMethod.VOUCHER), entered_by=None)
    assert money.week_income(member_ship, date(2026, 3, 2)) == D("27.50")
    assert money.crosses_a_limit(
        fee(member_ship, method=PaymentMethod.VOUCHER, worked=date(2026, 3, 3)),
        today=date(2026, 3, 3),
    )
    charity = fee(member_ship, method=PaymentMethod.CHARITY, worked=date(2026, 3, 4))
    assert not money.crosses_a_limit(charity, today=date(2026, 3, 4))


def test_vouchers_are_income_in_the_tax_year_statement_totals(member_ship, staff_ship, cast):
    with time_machine.travel(datetime(2026, 5, 1, 9, tzinfo=UTC)):
        claim = submitted(member_ship, worked=date(2026, 4, 30), method=PaymentMethod.VOUCHER)
        paid(claim, staff_ship, cast["finance"], paid_on=date(2026, 5, 1))
    totals = money.paid_totals(money.tax_year_payments(member_ship, 2026))
    assert totals["income"] == D("27.50")


def test_approving_over_a_limit_needs_the_member_to_have_agreed(member_ship, staff_ship):
    EarningsLimit.objects.create(membership=member_ship, weekly_limit=D("20.00"))
    with time_machine.travel(datetime(2026, 3, 3, 9, tzinfo=UTC)):
        claim = submitted(member_ship)
        with pytest.raises(services.ClaimError, match="over an earnings limit"):
            services.claim_approve(claim=claim, approver=staff_ship)
        services.claim_approve(claim=claim, approver=staff_ship, over_limit_agreed=True)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED and claim.over_limit_acknowledged


def test_the_approver_sees_a_warning_but_not_the_members_figures(
    client, cast, member_ship, staff_ship
):
    EarningsLimit.objects.create(membership=member_ship, weekly_limit=D("20.31"))
    with time_machine.travel(datetime(2026, 3, 3, 9, tzinfo=UTC)):
        submitted(member_ship)
        client.force_login(cast["staff"])
        page = client.get(reverse("payments:approvals", args=["river-valley"])).content.decode()
    assert "over an earnings limit they have set" in page
    assert "20.31" not in page


def test_a_member_can_split_hours_to_be_paid_next_month(member_ship):
    claim = fee(member_ship, hours="3", prep="1")
    later = services.claim_split(claim=claim, later_hours=D("1.5"), pay_later_from=date(2026, 4, 1))
    claim.refresh_from_db()
    assert (claim.quantity, claim.preparation_hours, claim.amount_due) == (
        D("2.5"),
        D("0"),
        D("68.75"),
    )
    assert (later.quantity, later.preparation_hours, later.amount_due) == (
        D("0.5"),
        D("1"),
        D("41.25"),
    )
    assert later.date_worked == claim.date_worked and later.pay_not_before == date(2026, 4, 1)


# Approval and rates.


def test_a_rate_change_after_approval_does_not_change_the_claim(
    member_ship, staff_ship, cast, bank
):
    with time_machine.travel(datetime(2026, 3, 3, 9, tzinfo=UTC)):
        claim = submitted(member_ship, hours="2")
        services.claim_approve(claim=claim, approver=staff_ship)
        Rate.objects.create(
            collaboration=member_ship.collaboration,
            activity=Activity.SESSION,
            unit=Unit.HOUR,
            amount=D("30.00"),
            valid_from=date(2026, 3, 1),  # back-dated: covers the day worked
        )
        batch = services.batch_create(collaboration=claim.collaboration, created_by=cast["finance"])
        services.batch_mark_paid(batch=batch, paid_on=date(2026, 3, 3), marked_by=cast["finance"])
    claim.refresh_from_db()
    assert claim.amount_due == D("55.00") and claim.rates_used["session/hour"] == "27.50"
    assert claim.payments.get().amount == D("55.00")
    # A claim not yet approved is priced at the new rate.
    assert fee(member_ship, hours="2", worked=date(2026, 3, 4)).amount_due == D("60.00")


def test_nobody_approves_their_own_claim(cast, collaboration):
    staff_claimant = Membership.objects.get(user=cast["staff"], collaboration=collaboration)
    claim = submitted(staff_claimant)
    with pytest.raises(services.ClaimError, match="Someone else"):
        services.claim_approve(claim=claim, approver=staff_claimant)


def test_staff_return_a_claim_with_a_reason_and_the_member_hears(member_ship, staff_ship):
    claim = submitted(member_ship)
    with pytest.raises(services.ClaimError):
        services.claim_return(claim=claim, approver=staff_ship, reason="  ")
    services.claim_return(claim=claim, approver=staff_ship, reason="Wrong date")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RETURNED and claim.return_reason == "Wrong date"
    assert Message.objects.filter(recipient=member_ship, kind=Message.Kind.CLAIM_UPDATE).exists()


# Batches and the ledger.


def test_marking_a_batch_paid_twice_pays_once(member_ship, staff_ship, cast, bank):
    claim = submitted(member_ship)
    services.claim_approve(claim=claim, approver=staff_ship)
    batch = services.batch_create(collaboration=claim.collaboration, created_by=cast["finance"])
    today = timezone.localdate()
    assert services.batch_mark_paid(batch=batch, paid_on=today, marked_by=cast["finance"])
    assert not services.batch_mark_paid(batch=batch, paid_on=today, marked_by=cast["finance"])
    assert Payment.objects.filter(claim=claim).count() == 1
    paid_messages = Message.objects.filter(dedupe_key=f"claim:{claim.pk}:paid")
    assert paid_messages.count() == 1


def test_the_database_refuses_a_second_payment_for_one_claim(member_ship, staff_ship, cast, bank):
    claim = submitted(member_ship)
    paid(claim, staff_ship, cast["finance"], paid_on=timezone.localdate())
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            collaboration=claim.collaboration,
            claim=claim,
            amount=claim.amount_due,
            method="bank",
            paid_on=timezone.localdate(),
        )


def test_claims_that_cannot_be_paid_yet_stay_out_of_the_batch(member_ship, staff_ship, cast):
    no_bank = submitted(member_ship)
    services.claim_approve(claim=no_bank, approver=staff_ship)
    assert (
        services.batch_create(collaboration=no_bank.collaboration, created_by=cast["finance"])
        is None
    )
    later = submitted(
        member_ship, method="voucher", pay_not_before=timezone.localdate() + timedelta(days=3)
    )
    services.claim_approve(claim=later, approver=staff_ship)
    assert (
        services.batch_create(collaboration=later.collaboration, created_by=cast["finance"]) is None
    )


def test_paid_records_are_never_edited_or_deleted_only_reversed(
    member_ship, staff_ship, cast, bank
):
    claim = submitted(member_ship)
    paid(claim, staff_ship, cast["finance"], paid_on=timezone.localdate())
    payment = claim.payments.get()
    payment.amount = D("1.00")
    with pytest.raises(ImmutableError):
        payment.save()
    with pytest.raises(ImmutableError):
        payment.delete()
    with pytest.raises(ImmutableError):
        Payment.objects.filter(pk=payment.pk).update(amount=D("1.00"))
    reversal = services.payment_reverse(
        payment=payment, reason="Paid twice", recorded_by=cast["finance"]
    )
    assert reversal.amount == -D("27.50") and reversal.reverses == payment
    with pytest.raises(services.ClaimError):
        services.payment_reverse(payment=payment, reason="Again", recorded_by=cast["finance"])
    assert Payment.objects.get(pk=payment.pk).amount == D("27.50")
    year = money.tax_year_of(timezone.localdate())
    assert money.paid_totals(money.tax_year_payments(member_ship, year))["income"] == D("0.00")


def test_postgresql_itself_refuses_to_change_a_payment(member_ship, staff_ship, cast, bank):
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL is needed: the trigger is PostgreSQL's (set DATABASE_URL)")
    claim = submitted(member_ship)
    paid(claim, staff_ship, cast["finance"], paid_on=timezone.localdate())
    with (
        pytest.raises(Exception, match="never edited"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE payments_payment SET amount = 1")


# From attendance to a claim.


def came_to_a_session(member_ship, staff_user, minutes=60, **session_fields) -> SessionInvite:
    """`member_ship` invited to a session on 10 March 2026, recorded as having come."""
    from sessions_app.services import attendance_record

    start = datetime(2026, 3, 10, 17, tzinfo=UTC)
    session = Session.objects.create(
        collaboration=member_ship.collaboration,
        title="Youth panel",
        starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        **session_fields,
    )
    invite = SessionInvite.objects.create(session=session, membership=member_ship)
    attendance_record(session=session, recorded_by=staff_user, attendance={invite.pk: "attended"})
    return invite


def test_attendance_drafts_a_claim_with_the_preparation_time_offered(member_ship, cast):
    from sessions_app.services import attendance_record

    invite = came_to_a_session(member_ship, cast["staff"], minutes=90, preparation_minutes=30)
    session = invite.session
    claim = Claim.objects.get(session=session)
    assert claim.status == Claim.Status.DRAFT
    assert (claim.quantity, claim.preparation_hours, claim.amount_due) == (
        D("1.5"),
        D("0.5"),
        D("55.00"),
    )
    # Recorded again, or changed to "did not come": no duplicate, and the draft is withdrawn.
    attendance_record(session=session, recorded_by=cast["staff"], attendance={invite.pk: "absent"})
    assert Claim.objects.get(session=session).status == Claim.Status.WITHDRAWN


def test_payment_nudges_remind_members_to_confirm_and_approvers_of_waiting_claims(
    member_ship, staff_ship
):
    from payments.reminders import produce_payment_nudges

    draft = fee(member_ship)
    waiting = submitted(member_ship, worked=date(2026, 3, 3))
    now = timezone.now() + timedelta(days=6)
    assert produce_payment_nudges(now=now) >= 2
    assert Message.objects.filter(
        kind=Message.Kind.CLAIM_TO_CONFIRM, dedupe_key=f"claim-confirm:{draft.pk}"
    ).exists()
    to_staff = Message.objects.get(kind=Message.Kind.CLAIMS_WAITING, recipient=staff_ship)
    assert "1 claim has waited" in to_staff.body
    assert waiting.status == Claim.Status.SUBMITTED
    # Once a claim is confirmed, its reminder no longer goes.
    from coproduction.outbox.sending import still_wanted

    services.claim_submit(claim=draft, entered_by=None)
    reminder = Message.objects.get(kind=Message.Kind.CLAIM_TO_CONFIRM)
    assert still_wanted(reminder) == "The claim was confirmed or withdrawn."


def test_nudges_wait_for_their_time(member_ship):
    from payments.reminders import produce_payment_nudges

    fee(member_ship)
    assert produce_payment_nudges(now=timezone.now() + timedelta(days=1)) == 0


# Under-18s.


def test_under_18s_are_never_offered_a_bank_transfer(collaboration):
    young = MembershipFactory(
        collaboration=collaboration,
        user=UserFactory(date_of_birth=timezone.localdate() - timedelta(days=15 * 365)),
    )
    choices = [value for value, _ in services.method_choices(young)]
    assert PaymentMethod.BANK not in choices and PaymentMethod.VOUCHER in choices
    assert services.default_method(young) == PaymentMethod.VOUCHER


def test_the_export_holds_claims_and_erasure_keeps_them_but_not_bank_details(
    member_ship, staff_ship, cast, bank
):
    from members import erasure, exports

    EarningsLimit.objects.create(membership=member_ship, weekly_limit=D("20.00"))
    claim = submitted(member_ship)
    paid(claim, staff_ship, cast["finance"], paid_on=timezone.localdate())
    export = exports.person_export(member_ship.user)
    assert export["claims"][0]["description"] == "Reading group"
    assert export["payments"][0]["amount"] == "27.50"
    assert export["how_you_are_paid"][0]["sort_code"] == "309021"
    assert export["your_earnings_limits"][0]["weekly_limit"] == "20.00"
    erasure.person_erase(user=member_ship.user)
    assert not PayeeDetails.objects.exists() and not EarningsLimit.objects.exists()
    assert Claim.objects.filter(pk=claim.pk).exists() and Payment.objects.count() == 1


def test_late_claims_and_turnaround_are_tracked_against_the_target(
    member_ship, staff_ship, cast, bank
):
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=UTC)):
        slow = submitted(member_ship, worked=date(2026, 3, 1))
        quick = submitted(member_ship, worked=date(2026, 3, 2))
    with time_machine.travel(datetime(2026, 3, 12, 9, tzinfo=UTC)):
        paid(quick, staff_ship, cast["finance"], paid_on=date(2026, 3, 12))  # 10 days
    with time_machine.travel(datetime(2026, 4, 6, 9, tzinfo=UTC)):  # 35 days, target 28
        assert list(services.late_claims(member_ship.collaboration)) == [slow]
        paid(slow, staff_ship, cast["finance"], paid_on=date(2026, 4, 6))
        assert not services.late_claims(member_ship.collaboration).exists()
        figures = services.turnaround(member_ship.collaboration, since=date(2026, 1, 1))
    assert figures == {"count": 2, "target": 28, "median": 22.5, "within": 1}


def test_time_is_counted_in_whole_minutes_so_40_minutes_is_not_overpaid(member_ship):
    # 40 minutes is 0.67 hours to two places: 0.67 x 27.50 would be £18.43, not £18.33.
    assert fee(member_ship, hours="0.67").amount_due == D("18.33")
    assert fee(member_ship, hours="0", prep="0.33", worked=date(2026, 3, 3)).amount_due == D("9.17")


def test_a_claim_approved_and_batched_meanwhile_cannot_be_withdrawn(
    member_ship, staff_ship, cast, bank
):
    claim = submitted(member_ship)
    stale = Claim.objects.get(pk=claim.pk)  # loaded while still waiting for approval
    services.claim_approve(claim=claim, approver=staff_ship)
    services.batch_create(collaboration=claim.collaboration, created_by=cast["finance"])
    with pytest.raises(services.ClaimError, match="approved"):
        services.claim_withdraw(claim=stale)
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.BATCHED


@pytest.mark.parametrize(
    ("mode", "allowance"),
    [
        (Session.Mode.VIDEO, D("5.00")),
        (Session.Mode.PHONE, D("5.00")),
        (Session.Mode.IN_PERSON, None),
        (Session.Mode.HYBRID, None),  # who joined online is not recorded: claimed by hand
    ],
)
def test_an_online_session_claim_includes_the_online_meeting_allowance(
    client, member_ship, cast, mode, allowance
):
    claim = Claim.objects.get(
        session=came_to_a_session(member_ship, cast["staff"], mode=mode).session
    )
    assert claim.online_allowance == allowance
    assert claim.amount_due == D("27.50") + (allowance or 0)
    client.force_login(cast["member"])
    page = client.get(reverse("payments:claim", args=[SLUG, claim.code])).content.decode()
    assert ("Online meeting allowance" in page) is (allowance is not None)


def test_no_online_meeting_allowance_when_the_rate_card_has_none(member_ship, cast):
    Rate.objects.filter(
        collaboration=member_ship.collaboration, activity=Activity.ONLINE_ALLOWANCE
    ).delete()
    invite = came_to_a_session(member_ship, cast["staff"], mode=Session.Mode.VIDEO)
    claim = Claim.objects.get(session=invite.session)
    assert claim.online_allowance is None and claim.amount_due == D("27.50")


def test_correcting_attendance_withdraws_a_sent_claim_and_revives_only_what_it_withdrew(
    member_ship, cast, collaboration
):
    from sessions_app.services import attendance_record

    start = datetime(2026, 3, 10, 17, tzinfo=UTC)
    session = Session.objects.create(
        collaboration=collaboration,
        title="Panel",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    other = MembershipFactory(collaboration=collaboration)
    mine = SessionInvite.objects.create(session=session, membership=member_ship)
    theirs = SessionInvite.objects.create(session=session, membership=other)
    record = {mine.pk: "attended", theirs.pk: "attended"}
    attendance_record(session=session, recorded_by=cast["staff"], attendance=record)
    services.claim_submit(claim=Claim.objects.get(membership=member_ship), entered_by=None)
    services.claim_withdraw(claim=Claim.objects.get(membership=other))  # their own choice
    attendance_record(session=session, recorded_by=cast["staff"], attendance={mine.pk: "absent"})
    assert Claim.objects.get(membership=member_ship).status == Claim.Status.WITHDRAWN
    attendance_record(session=session, recorded_by=cast["staff"], attendance={mine.pk: "attended"})
    assert Claim.objects.get(membership=member_ship).status == Claim.Status.DRAFT
    assert Claim.objects.get(membership=other).status == Claim.Status.WITHDRAWN


def test_an_under_18_whose_guardian_chose_a_charity_still_gets_expenses_back(collaboration):
    from members.models import GuardianConsent
    from payments.forms import ExpenseForm

    young = MembershipFactory(
        collaboration=collaboration,
        user=UserFactory(date_of_birth=timezone.localdate() - timedelta(days=15 * 365)),
    )
    GuardianConsent.objects.create(
        user=young.user,
        guardian_name="Parent",
        relationship="mother",
        guardian_phone="07700900000",
        consent_given_on=date(2026, 1, 1),
        young_person_agreed_on=date(2026, 1, 1),
        payment_method="charity",
    )
    choices = dict(ExpenseForm(membership=young).fields["method"].choices)
    assert PaymentMethod.VOUCHER in choices and PaymentMethod.BANK not in choices
    expense = Claim.objects.create(
        collaboration=collaboration,
        membership=young,
        kind=Claim.Kind.EXPENSE,
        expense_type=Claim.ExpenseType.FARES,
        description="Bus",
        date_worked=date(2026, 3, 2),
        amount_due=D("3.20"),
        method=PaymentMethod.VOUCHER,
        status=Claim.Status.APPROVED,
    )
    batch = services.batch_create(collaboration=collaboration, created_by=None)
    assert batch is not None and list(batch.claims.all()) == [expense]
