"""A member's own payments page, how they want to be paid, and their private earnings
limits."""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from coproduction.models import Membership
from coproduction.permissions import (
    PersonAction,
    person_view,
)
from coproduction.person_pages import person_context
from payments import money, services
from payments.forms import (
    EarningsLimitForm,
    PayeeDetailsForm,
)
from payments.links import person_payments_url
from payments.models import (
    Claim,
    EarningsLimit,
    EmploymentStatusDecision,
    PayeeDetails,
    Payment,
    Rate,
)
from payments.tracker import Step, claim_steps

Status = Claim.Status
ADVICE_URL = "https://www.citizensadvice.org.uk/benefits/"


@dataclass(frozen=True)
class ClaimLine:
    """A sent claim on a member's payments page, the day it was or will be paid, and where
    it has got to."""

    claim: Claim
    expected: date | None
    steps: list[Step]


def _line(claim: Claim, *, today: date, target: int) -> ClaimLine:
    expected = (
        None
        if claim.status == Status.REVERSED
        else money.expected_payment_date(claim, today=today, target=target)
    )
    return ClaimLine(claim, expected, claim_steps(claim, expected=expected))


@require_GET
@person_view(PersonAction.VIEW)
def person_payments(request: HttpRequest, viewer: Membership, subject: Membership) -> HttpResponse:
    """A member's payments: every claim and when it will be paid, running totals, limits."""
    today = timezone.localdate()
    claims = list(
        Claim.objects.filter(membership=subject)
        .exclude(status=Status.WITHDRAWN)
        .select_related("collaboration", "session", "batch")
        .prefetch_related(money.original_payments())
    )
    target = money.payment_settings(subject.collaboration).turnaround_days
    year = money.tax_year_of(today)
    limit = EarningsLimit.objects.filter(membership=subject).first()
    is_self = viewer.pk == subject.pk
    totals = {
        "week": money.week_income(subject, today),
        "month": money.month_income(subject, today, today=today),
        "year": money.paid_totals(money.tax_year_payments(subject, year)),
    }
    paid_before = Payment.objects.filter(claim__membership=subject, amount__gt=0).exists()
    years = sorted(
        {
            money.tax_year_of(d)
            for d in Payment.objects.filter(claim__membership=subject).dates("paid_on", "day")
        }
        | {year},
        reverse=True,
    )
    return render(
        request,
        "payments/person_payments.html",
        person_context(
            viewer,
            subject,
            to_confirm=[c for c in claims if c.status in (Status.DRAFT, Status.RETURNED)],
            claims=[
                _line(c, today=today, target=target)
                for c in claims
                if c.status not in (Status.DRAFT, Status.RETURNED)
            ],
            totals=totals,
            limit=limit if is_self else None,
            year=year,
            years=[(y, money.tax_year_label(y)) for y in years],
            first_payment=not paid_before,
            advice_url=ADVICE_URL,
            rounding_rule=money.ROUNDING_RULE,
            rates=_current_rates(subject.collaboration, today),
            employment_status=EmploymentStatusDecision.in_force(
                subject.collaboration, subject.role, today
            ),
        ),
    )


def _current_rates(collaboration, today: date) -> list[Rate]:
    newest: dict[tuple[str, str], Rate] = {}
    for rate in Rate.objects.filter(collaboration=collaboration, valid_from__lte=today).order_by(
        "valid_from"
    ):
        newest[(rate.activity, rate.unit)] = rate
    return list(newest.values())


@require_http_methods(["GET", "POST"])
@person_view(PersonAction.SELF_ONLY)
def payee_details(request: HttpRequest, viewer: Membership, subject: Membership) -> HttpResponse:
    details = PayeeDetails.objects.filter(membership=subject).first() or PayeeDetails(
        membership=subject
    )
    form = PayeeDetailsForm(
        request.POST if request.method == "POST" else None, instance=details, membership=subject
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved. We use this for your next payments.")
        return redirect(person_payments_url(subject))
    return render(
        request,
        "payments/payee_details.html",
        person_context(
            viewer, subject, form=form, guardian_method=services.default_method(subject)
        ),
    )


@require_http_methods(["GET", "POST"])
@person_view(PersonAction.SELF_ONLY)
def earnings_limits(request: HttpRequest, viewer: Membership, subject: Membership) -> HttpResponse:
    """A member's private limits: no one else sees the figures."""
    limit = EarningsLimit.objects.filter(membership=subject).first() or EarningsLimit(
        membership=subject
    )
    if request.method == "POST" and request.POST.get("step") == "remove":
        if limit.pk:
            limit.delete()
        messages.success(request, "Your limits are removed.")
        return redirect(person_payments_url(subject))
    form = EarningsLimitForm(request.POST if request.method == "POST" else None, instance=limit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved. We will warn you before a claim would go over.")
        return redirect(person_payments_url(subject))
    return render(
        request,
        "payments/earnings_limits.html",
        person_context(viewer, subject, form=form, limit=limit, advice_url=ADVICE_URL),
    )
