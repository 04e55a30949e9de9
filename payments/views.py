"""Pages for claiming, approving and paying. Every view goes through the permission policy:
members' own pages through `person_view`, claims through `may_see_claim`/`may_change_claim`,
and staff or finance pages through `collaboration_view`."""

import csv
from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduction.models import Membership
from coproduction.pdf import pdf_response
from coproduction.permissions import (
    Action,
    PersonAction,
    collaboration_view,
    is_staff_like,
    may,
    may_change_claim,
    may_see_claim,
    person_view,
)
from coproduction.person_pages import person_context
from coproduction.spreadsheets import safe_cell
from coproduction.uploads import private_file_response
from payments import money, services
from payments.forms import (
    ClaimChoiceForm,
    EarningsLimitForm,
    ExpenseForm,
    MarkPaidForm,
    PayeeDetailsForm,
    ReceiptForm,
    ReturnForm,
    ReverseForm,
    SplitForm,
    TimeClaimForm,
)
from payments.models import (
    Claim,
    EarningsLimit,
    EmploymentStatusDecision,
    PayeeDetails,
    Payment,
    PaymentBatch,
    PaymentMethod,
    Rate,
)

Status = Claim.Status
# Claims to approve (and late ones) shown at a time, the longest waiting first: a screenful
# or two on a phone, and a page light enough to draw and send quickly.
APPROVALS_SHOWN = 20
ADVICE_URL = "https://www.citizensadvice.org.uk/benefits/"


def _payments_url(subject: Membership) -> str:
    return reverse("payments:person-payments", args=[subject.collaboration.slug, subject.code])


@require_GET
@person_view(PersonAction.VIEW)
def person_payments(request: HttpRequest, viewer: Membership, subject: Membership) -> HttpResponse:
    """A member's payments: every claim and when it will be paid, running totals, limits."""
    today = timezone.localdate()
    claims = list(
        Claim.objects.filter(membership=subject)
        .exclude(status=Status.WITHDRAWN)
        .select_related("collaboration", "session")
        .prefetch_related(money.original_payments())
    )
    target = money.payment_settings(subject.collaboration).turnaround_days
    for claim in claims:
        if claim.status not in (Status.REVERSED, Status.DRAFT, Status.RETURNED):
            claim.expected = money.expected_payment_date(claim, today=today, target=target)
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
            claims=[c for c in claims if c.status not in (Status.DRAFT, Status.RETURNED)],
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
@person_view(PersonAction.EDIT)
def claim_new(request: HttpRequest, viewer: Membership, subject: Membership) -> HttpResponse:
    """Paid time for an agreed task, training or an event (sessions make their own drafts)."""
    return _claim_form(request, viewer, subject, TimeClaimForm, "payments/claim_form.html")


@require_http_methods(["GET", "POST"])
@person_view(PersonAction.EDIT)
def expense_new(request: HttpRequest, viewer: Membership, subject: Membership) -> HttpResponse:
    return _claim_form(request, viewer, subject, ExpenseForm, "payments/expense_form.html")


def _claim_form(request, viewer, subject, form_class, template) -> HttpResponse:
    claim = Claim(method=services.default_method(subject))
    bound = request.method == "POST"
    form = form_class(
        request.POST if bound else None,
        request.FILES if bound else None,
        instance=claim,
        membership=subject,
    )
    valid = bound and form.is_valid()
    if bound and not valid and request.FILES.get("receipt") and "receipt" not in form.errors:
        form.add_error(
            "receipt", "Please choose your receipt again: it is kept only once the form is sent."
        )
    if valid:
        claim = form.save(commit=False)
        try:
            services.claim_save_draft(claim=claim, entered_by=request.user)
            services.claim_submit(claim=claim, entered_by=request.user)
        except (services.ClaimError, money.NoRate) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Sent for approval: {money.pounds(claim.amount_to_pay)}. "
                "We will tell you when it is approved and when it is paid.",
            )
            return redirect("payments:claim", subject.collaboration.slug, claim.code)
    return render(request, template, person_context(viewer, subject, form=form))


def _claim_for(viewer: Membership, code) -> Claim:
    claim = (
        Claim.objects.filter(collaboration=viewer.collaboration, code=code)
        .select_related("membership__user", "collaboration", "session", "batch")
        .first()
    )
    if claim is None or not may_see_claim(viewer, claim):
        raise Http404("No such claim.")
    return claim


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.VIEW_HOME)
def claim_detail(request: HttpRequest, viewer: Membership, code) -> HttpResponse:
    """One claim. The claimant (or staff for them) confirms it, chooses how to be paid,
    lowers it, splits it or delays it; anyone who may see it sees its history."""
    claim = _claim_for(viewer, code)
    subject = claim.membership
    today = timezone.localdate()
    editable = claim.is_editable_by_member and may_change_claim(viewer, claim)
    form = ClaimChoiceForm(instance=claim, membership=subject) if editable else None
    split_form = None
    if editable and claim.kind == Claim.Kind.FEE and claim.unit == "hour":
        next_month = money.month_of(today)[1] + timedelta(days=1)
        split_form = SplitForm(initial={"pay_later_from": next_month})
    receipt_form = None
    if claim.kind == Claim.Kind.EXPENSE and claim.status not in RECEIPT_CLOSED:
        receipt_form = ReceiptForm(replacing=bool(claim.receipt))
    if request.method == "POST":
        if not may_change_claim(viewer, claim):
            raise PermissionDenied("You may not change this claim.")
        step = request.POST.get("step", "")
        try:
            if step == "withdraw":
                if request.POST.get("confirmed") != "yes":
                    raise services.ClaimError(
                        "Nothing was withdrawn. To withdraw it, open 'Withdraw this claim' "
                        "and press 'Yes, withdraw it'."
                    )
                services.claim_withdraw(claim=claim)
                messages.success(request, "The claim is withdrawn.")
                return redirect(_payments_url(subject))
            if step == "receipt":  # a receipt can follow an approval asked for in advance
                if receipt_form is None:
                    raise services.ClaimError("A receipt can't be added to this claim now.")
                receipt_form = ReceiptForm(
                    request.POST, request.FILES, replacing=bool(claim.receipt)
                )
                if receipt_form.is_valid():
                    _keep_receipt(claim, receipt_form)
                    messages.success(request, "The receipt is added.")
                    return redirect("payments:claim", viewer.collaboration.slug, claim.code)
            elif not claim.is_editable_by_member:
                raise services.ClaimError("This claim has already been sent.")
            elif step == "split":
                split_form = SplitForm(request.POST)
                if split_form.is_valid():
                    later = services.claim_split(claim=claim, **split_form.cleaned_data)
                    messages.success(
                        request,
                        f"Split: {money.pounds(later.amount_due)} will be paid from "
                        f"{later.pay_not_before:%-d %B}. Check and send both.",
                    )
                    return redirect("payments:claim", viewer.collaboration.slug, claim.code)
            else:
                form = ClaimChoiceForm(request.POST, instance=claim, membership=subject)
                if form.is_valid():
                    claim = form.save(commit=False)
                    if step == "send":
                        services.claim_submit(claim=claim, entered_by=request.user)
                        messages.success(
                            request,
                            "Sent for approval. We will tell you when it is approved and paid.",
                        )
                        return redirect(_payments_url(subject))
                    services.claim_save_draft(claim=claim, entered_by=request.user)
                    messages.success(request, "Saved. Send it when you are ready.")
                    return redirect("payments:claim", viewer.collaboration.slug, claim.code)
        except (services.ClaimError, money.NoRate) as error:
            # Said beside what it is about, in the form that was sent, when there is one.
            sent_form = split_form if step == "split" else form
            if sent_form is not None and sent_form.is_bound:
                field = getattr(error, "field", None)
                sent_form.add_error(field if field in sent_form.fields else None, str(error))
            else:
                messages.error(request, str(error))
            claim.refresh_from_db()
    checks = money.limit_checks(claim, today=today) if viewer.pk == subject.pk else []
    return render(
        request,
        "payments/claim_detail.html",
        {
            "collaboration": viewer.collaboration,
            "claim": claim,
            "subject": subject,
            "is_self": viewer.pk == subject.pk,
            "editable": editable,
            "form": form,
            "split_form": split_form,
            "receipt_form": receipt_form,
            "checks": checks,
            "crossing": [c for c in checks if c.crosses],
            "expected": money.expected_payment_date(claim, today=today),
            "payments": claim.payments.all(),
            "rounding_rule": money.ROUNDING_RULE,
            "may_reverse": may(viewer, Action.MANAGE_PAYMENTS),
            "split_parts": claim.split_parts.all(),
        },
    )


RECEIPT_CLOSED = (Status.PAID, Status.REVERSED, Status.WITHDRAWN)


def _keep_receipt(claim: Claim, receipt_form: ReceiptForm) -> None:
    cleaned = receipt_form.cleaned_data["receipt"]
    claim.receipt.save(cleaned.name, cleaned, save=False)
    claim.receipt_name = receipt_form.files["receipt"].name[:200]
    claim.save(update_fields=["receipt", "receipt_name"])


@require_GET
@collaboration_view(Action.VIEW_HOME)
def claim_receipt(request: HttpRequest, viewer: Membership, code) -> HttpResponse:
    claim = _claim_for(viewer, code)
    if not claim.receipt:
        raise Http404("No receipt.")
    extension = claim.receipt.name.rsplit(".", 1)[-1]
    return private_file_response(
        request,
        claim.receipt,
        as_attachment=True,
        filename=f"receipt-{claim.date_worked:%Y-%m-%d}.{extension}",
    )


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
        return redirect(_payments_url(subject))
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
        return redirect(_payments_url(subject))
    form = EarningsLimitForm(request.POST if request.method == "POST" else None, instance=limit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved. We will warn you before a claim would go over.")
        return redirect(_payments_url(subject))
    return render(
        request,
        "payments/earnings_limits.html",
        person_context(viewer, subject, form=form, limit=limit, advice_url=ADVICE_URL),
    )


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


# Staff: approvals.


@require_GET
@collaboration_view(Action.APPROVE_CLAIMS)
def approvals(request: HttpRequest, membership: Membership) -> HttpResponse:
    collaboration = membership.collaboration
    today = timezone.localdate()
    submitted = Claim.objects.filter(collaboration=collaboration, status=Status.SUBMITTED)
    waiting_count = submitted.count()
    # The oldest first, a page at a time: approving them moves the next ones up.
    waiting = list(
        submitted.select_related("membership__user__profile", "collaboration", "session").order_by(
            "submitted_at"
        )[:APPROVALS_SHOWN]
    )
    limits = {
        limit.membership_id: limit
        for limit in EarningsLimit.objects.filter(
            membership_id__in={claim.membership_id for claim in waiting}
        )
    }
    for claim in waiting:
        claim.crosses_limit = money.crosses_a_limit(
            claim, today=today, limit=limits.get(claim.membership_id)
        )
        claim.is_own = claim.membership.user_id == membership.user_id
    drafts = Claim.objects.filter(collaboration=collaboration, status=Status.DRAFT).count()
    return render(
        request,
        "payments/approvals.html",
        {
            "collaboration": collaboration,
            "waiting": waiting,
            "waiting_count": waiting_count,
            "drafts": drafts,
            "late": _oldest(services.late_claims(collaboration)),
            "turnaround": services.turnaround(collaboration, since=today - timedelta(days=365)),
            "return_form": ReturnForm(),
            "roles_undecided": EmploymentStatusDecision.roles_undecided(collaboration),
        },
    )


@require_POST
@collaboration_view(Action.APPROVE_CLAIMS)
def claim_decide(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    claim = get_object_or_404(Claim, collaboration=membership.collaboration, code=code)
    try:
        if request.POST.get("decision") == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                raise services.ClaimError(
                    "Say why you are sending it back, so they can put it right."
                )
            services.claim_return(
                claim=claim, approver=membership, reason=form.cleaned_data["reason"]
            )
            messages.success(request, "Sent back, with your reason.")
        else:
            services.claim_approve(
                claim=claim,
                approver=membership,
                over_limit_agreed=request.POST.get("over_limit_agreed") == "on",
            )
            messages.success(request, "Approved.")
    except (services.ClaimError, money.NoRate) as error:
        messages.error(request, str(error))
    return redirect("payments:approvals", membership.collaboration.slug)


def _oldest(late) -> dict:
    """The longest-late claims, a page of them, and how many there are in all."""
    return {
        "claims": list(late.select_related("membership__user__profile")[:APPROVALS_SHOWN]),
        "count": late.count(),
    }


# Finance: batches, exports, marking paid, reversals.


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.MANAGE_PAYMENTS)
def batch_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    collaboration = membership.collaboration
    if request.method == "POST":
        batch = services.batch_create(collaboration=collaboration, created_by=request.user)
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
            "late": _oldest(services.late_claims(collaboration)),
        },
    )


def _batch_for(membership: Membership, code) -> PaymentBatch:
    return get_object_or_404(PaymentBatch, collaboration=membership.collaboration, code=code)


def _batch_rows(batch: PaymentBatch):
    claims = (
        batch.claims.exclude(status=Status.WITHDRAWN)
        .select_related("membership__user")
        .order_by("membership__user__name")
    )
    details = {
        d.membership_id: d
        for d in PayeeDetails.objects.filter(membership__in=[c.membership_id for c in claims])
    }
    for claim in claims:
        claim.payee = details.get(claim.membership_id)
        yield claim


@require_GET
@collaboration_view(Action.MANAGE_PAYMENTS)
def batch_detail(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    batch = _batch_for(membership, code)
    rows = list(_batch_rows(batch))
    missing_bank = [
        c
        for c in rows
        if c.method == PaymentMethod.BANK
        and c.amount_to_pay > 0
        and not (c.payee and c.payee.has_bank_details)
    ]
    return render(
        request,
        "payments/batch_detail.html",
        {
            "collaboration": membership.collaboration,
            "batch": batch,
            "rows": rows,
            "missing_bank": missing_bank,
            "total": sum((c.amount_to_pay for c in rows), Decimal(0)),
            "payments": batch.payments.select_related("claim__membership__user"),
            "paid_form": MarkPaidForm(initial={"paid_on": timezone.localdate()}),
        },
    )


def _csv_response(filename: str) -> tuple[HttpResponse, csv.writer]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response, csv.writer(response)


@require_GET
@collaboration_view(Action.MANAGE_PAYMENTS)
def batch_export(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    """Every claim in the batch, for finance's records."""
    batch = _batch_for(membership, code)
    PaymentBatch.objects.filter(pk=batch.pk, exported_at__isnull=True).update(
        exported_at=timezone.now()
    )
    response, writer = _csv_response(f"batch-{batch.created_at:%Y-%m-%d}.csv")
    writer.writerow(
        ["Name", "Claim", "Kind", "Date of work", "Method", "Amount", "Charity", "Voucher email"]
    )
    for claim in _batch_rows(batch):
        payee = claim.payee
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
    name, amount, reference (18 characters), one payment per line, no header."""
    batch = _batch_for(membership, code)
    response, writer = _csv_response(f"bank-payments-{batch.created_at:%Y-%m-%d}.csv")
    reference = f"{membership.collaboration.slug[:12].upper()} {batch.created_at:%m%y}"[:18]
    for claim in _batch_rows(batch):
        payee = claim.payee
        if claim.method != PaymentMethod.BANK or claim.amount_to_pay <= 0:
            continue
        if payee is None or not payee.has_bank_details:
            continue  # the batch page lists these for finance to sort out
        writer.writerow(
            [
                payee.sort_code,
                payee.account_number,
                safe_cell(payee.account_name.upper()),
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
    elif services.batch_mark_paid(batch=batch, paid_on=paid_on, marked_by=request.user):
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
            payment=payment, reason=form.cleaned_data["reason"], recorded_by=request.user
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
    year = money.tax_year_of(today)
    rows = []
    for y in (year, year - 1):
        start, end = money.tax_year_dates(y)
        payments = Payment.objects.filter(collaboration=collaboration, paid_on__range=(start, end))
        fees = payments.filter(claim__kind=Claim.Kind.FEE).aggregate(t=Sum("amount"))["t"]
        expenses = payments.filter(claim__kind=Claim.Kind.EXPENSE).aggregate(t=Sum("amount"))["t"]
        people = payments.filter(amount__gt=0).values("claim__membership").distinct().count()
        rows.append(
            {
                "label": money.tax_year_label(y),
                "fees": fees or money.ZERO,
                "expenses": expenses or money.ZERO,
                "people": people,
            }
        )
    threshold = collaboration.small_number_threshold
    declined = Claim.objects.filter(
        Q(method=PaymentMethod.DECLINE) | Q(method=PaymentMethod.CHARITY),
        collaboration=collaboration,
        status=Status.PAID,
    ).count()
    return render(
        request,
        "payments/totals.html",
        {
            "collaboration": collaboration,
            "rows": rows,
            "threshold": threshold,
            "turnaround": services.turnaround(collaboration, since=today - timedelta(days=365)),
            "declined": declined,
        },
    )
