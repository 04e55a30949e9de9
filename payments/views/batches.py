"""Finance's pages: payment batches, their CSV and bank files, marking a batch paid,
reversing a payment, and totals."""

import csv
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduction.models import Membership
from coproduction.permissions import (
    Action,
    collaboration_view,
)
from coproduction.spreadsheets import csv_response, safe_cell
from payments import selectors, services
from payments.bacs import bacs_text
from payments.forms import (
    MarkPaidForm,
    ReverseForm,
)
from payments.models import (
    Claim,
    PayeeDetails,
    Payment,
    PaymentBatch,
    PaymentMethod,
)

Status = Claim.Status


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.MANAGE_PAYMENTS)
def batch_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    collaboration = membership.collaboration
    if request.method == "POST":
        batch = services.batch_create(collaboration=collaboration, created_by=membership.user)
        if batch is None:
            messages.info(request, "There are no approved claims ready to pay.")
            return redirect("payments:batches", collaboration.slug)
        messages.success(request, "The batch is ready: export it for the bank, then mark it paid.")
        return redirect("payments:batch", collaboration.slug, batch.code)
    approved = Claim.objects.filter(collaboration=collaboration, status=Status.APPROVED)
    batches = PaymentBatch.objects.filter(collaboration=collaboration).annotate(
        count=Count("claims")
    )
    return render(
        request,
        "payments/batch_list.html",
        {
            "collaboration": collaboration,
            "batches": batches,
            "approved": approved.count(),
            "late": selectors.late_claims_page(collaboration),
        },
    )


def _batch_for(membership: Membership, code) -> PaymentBatch:
    return get_object_or_404(PaymentBatch, collaboration=membership.collaboration, code=code)


@dataclass(frozen=True)
class BatchLine:
    """A claim in a batch, and how its member likes to be paid (None if they never said)."""

    claim: Claim
    payee: PayeeDetails | None


def _batch_lines(batch: PaymentBatch) -> list[BatchLine]:
    claims = list(
        batch.claims.exclude(status=Status.WITHDRAWN)
        .select_related("membership__user")
        .order_by("membership__user__name")
    )
    details = {
        d.membership_id: d
        for d in PayeeDetails.objects.filter(membership__in=[c.membership_id for c in claims])
    }
    return [BatchLine(claim, details.get(claim.membership_id)) for claim in claims]


@require_GET
@collaboration_view(Action.MANAGE_PAYMENTS)
def batch_detail(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    batch = _batch_for(membership, code)
    rows = _batch_lines(batch)
    missing_bank = [
        line.claim
        for line in rows
        if line.claim.method == PaymentMethod.BANK
        and line.claim.amount_to_pay > 0
        and not (line.payee and line.payee.has_bank_details)
    ]
    return render(
        request,
        "payments/batch_detail.html",
        {
            "collaboration": membership.collaboration,
            "batch": batch,
            "rows": rows,
            "missing_bank": missing_bank,
            "total": sum((line.claim.amount_to_pay for line in rows), Decimal(0)),
            "payments": batch.payments.select_related("claim__membership__user"),
            "paid_form": MarkPaidForm(initial={"paid_on": timezone.localdate()}),
        },
    )


@require_GET
@collaboration_view(Action.MANAGE_PAYMENTS)
def batch_export(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    """Every claim in the batch, for finance's records."""
    batch = _batch_for(membership, code)
    PaymentBatch.objects.filter(pk=batch.pk, exported_at__isnull=True).update(
        exported_at=timezone.now()
    )
    response = csv_response(f"batch-{batch.created_at:%Y-%m-%d}.csv")
    writer = csv.writer(response)
    writer.writerow(
        ["Name", "Claim", "Kind", "Date of work", "Method", "Amount", "Charity", "Voucher email"]
    )
    for line in _batch_lines(batch):
        claim, payee = line.claim, line.payee
        writer.writerow(
            [
                safe_cell(claim.membership.user.name),
                safe_cell(claim.description),
                claim.get_kind_display(),
                claim.date_worked.isoformat(),
                claim.get_method_display(),
                f"{claim.amount_to_pay:.2f}",
                safe_cell(payee.charity_name if payee else ""),
                safe_cell(payee.voucher_email if payee else ""),
            ]
        )
    return response


@require_GET
@collaboration_view(Action.MANAGE_PAYMENTS)
def batch_bank_file(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    """The bank transfers in a UK bulk-payment layout: sort code, account number, account
    name, amount, reference (names and reference in the Bacs character set, 18 characters
    at most), one payment per line, no header, no byte-order mark."""
    batch = _batch_for(membership, code)
    response = csv_response(
        f"bank-payments-{batch.created_at:%Y-%m-%d}.csv", for_spreadsheets=False
    )
    writer = csv.writer(response)
    reference = bacs_text(f"{membership.collaboration.slug[:12]} {batch.created_at:%m%y}")
    for line in _batch_lines(batch):
        claim, payee = line.claim, line.payee
        if claim.method != PaymentMethod.BANK or claim.amount_to_pay <= 0:
            continue
        if payee is None or not payee.has_bank_details:
            continue  # the batch page lists these for finance to sort out
        writer.writerow(
            [
                payee.sort_code,
                payee.account_number,
                bacs_text(payee.account_name),
                f"{claim.amount_to_pay:.2f}",
                reference,
            ]
        )
    return response


@require_POST
@collaboration_view(Action.MANAGE_PAYMENTS)
def batch_mark_paid(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    batch = _batch_for(membership, code)
    form = MarkPaidForm(request.POST)
    paid_on = form.cleaned_data["paid_on"] if form.is_valid() else None
    if paid_on is None:
        messages.error(request, "Give the day the money was sent, as day, month and year.")
    elif paid_on > timezone.localdate() or paid_on < batch.created_at.date() - timedelta(days=1):
        messages.error(request, "The day paid must be between the batch's day and today.")
    elif services.batch_mark_paid(batch=batch, paid_on=paid_on, marked_by=membership.user):
        messages.success(request, "Marked paid. Everyone in it has been told.")
    else:
        messages.info(request, "This batch was already marked paid: nothing has changed.")
    return redirect("payments:batch", membership.collaboration.slug, batch.code)


@require_POST
@collaboration_view(Action.MANAGE_PAYMENTS)
def payment_reverse(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    payment = get_object_or_404(Payment, collaboration=membership.collaboration, code=code)
    form = ReverseForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ClaimError("Say why the payment is being reversed (up to 500 letters).")
        services.payment_reverse(
            payment=payment, reason=form.cleaned_data["reason"], recorded_by=membership.user
        )
        messages.success(request, "Reversed: a new entry records it; the payment stays on record.")
    except services.ClaimError as error:
        messages.error(request, str(error))
    return redirect("payments:claim", membership.collaboration.slug, payment.claim.code)


@require_GET
@collaboration_view(Action.VIEW_PAYMENT_TOTALS)
def payment_totals(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Totals only, by month and tax year: no names, no one person's payments."""
    collaboration = membership.collaboration
    today = timezone.localdate()
    return render(
        request,
        "payments/totals.html",
        {
            "collaboration": collaboration,
            "rows": selectors.tax_year_totals(collaboration, today=today),
            "threshold": collaboration.small_number_threshold,
            "turnaround": services.turnaround(collaboration, since=today - timedelta(days=365)),
            "declined": selectors.declined_count(collaboration),
        },
    )
