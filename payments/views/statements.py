"""Printable documents about a member's payments: the tax-year statement and the letter for
the Jobcentre."""

from datetime import timedelta
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from coproduction.models import Membership
from coproduction.pdf import pdf_response
from coproduction.permissions import (
    PersonAction,
    is_staff_like,
    person_view,
)
from payments import money
from payments.models import (
    Claim,
    EmploymentStatusDecision,
    Payment,
)

Status = Claim.Status


@require_GET
@person_view(PersonAction.VIEW)
def tax_year_statement(
    request: HttpRequest, viewer: Membership, subject: Membership, year: int
) -> HttpResponse:
    if not 2000 <= year <= 2100:
        raise Http404("No such tax year.")
    payments = list(money.tax_year_payments(subject, year))
    return pdf_response(
        request,
        "payments/statement.html",
        {
            "collaboration": subject.collaboration,
            "subject": subject,
            "period": money.tax_year_label(year),
            "fees": [p for p in payments if p.claim.kind == Claim.Kind.FEE],
            "expenses": [p for p in payments if p.claim.kind == Claim.Kind.EXPENSE],
            "totals": money.paid_totals(payments),
            "today": timezone.localdate(),
        },
        f"payments-{year}-{year + 1}.pdf",
    )


@require_GET
@person_view(PersonAction.VIEW)
def jobcentre_letter(request: HttpRequest, viewer: Membership, subject: Membership) -> HttpResponse:
    """A letter the member can give to the Jobcentre describing their involvement."""
    since = timezone.localdate() - timedelta(days=365)
    payments = list(
        Payment.objects.filter(claim__membership=subject, paid_on__gte=since)
        .select_related("claim")
        .order_by("paid_on")
    )
    sessions = Claim.objects.filter(
        membership=subject, kind=Claim.Kind.FEE, date_worked__gte=since
    ).exclude(status__in=(Status.WITHDRAWN, Status.DRAFT, Status.RETURNED))
    hours = sum(
        (c.quantity + c.preparation_hours for c in sessions if c.unit == "hour"), Decimal(0)
    )
    return pdf_response(
        request,
        "payments/jobcentre_letter.html",
        {
            "collaboration": subject.collaboration,
            "subject": subject,
            "payments": payments,
            "totals": money.paid_totals(payments),
            "hours": hours,
            "activities": sessions.count(),
            "since": since,
            "today": timezone.localdate(),
            "signed_by": viewer if is_staff_like(viewer) else None,
            "employment_status": EmploymentStatusDecision.in_force(
                subject.collaboration, subject.role
            ),
        },
        "letter-about-my-involvement.pdf",
    )
