"""A claim: making one, its page, and each thing a member can do on it (save, send, split,
add a receipt, withdraw), one view each."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduction.models import Membership
from coproduction.permissions import (
    Action,
    PersonAction,
    collaboration_view,
    may,
    person_view,
)
from coproduction.person_pages import person_context
from coproduction.uploads import private_file_response
from payments import money, services
from payments.forms import (
    ClaimChoiceForm,
    ExpenseForm,
    ReceiptForm,
    SplitForm,
    TimeClaimForm,
    sent_file_name,
)
from payments.links import person_payments_url
from payments.models import (
    Claim,
)
from payments.permissions import may_change_claim, may_see_claim
from payments.tracker import claim_steps

Status = Claim.Status


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
            services.claim_save_draft(claim=claim, entered_by=viewer.user)
            services.claim_submit(claim=claim, entered_by=viewer.user)
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


RECEIPT_CLOSED = (Status.PAID, Status.REVERSED, Status.WITHDRAWN)


def _keep_receipt(claim: Claim, receipt_form: ReceiptForm) -> None:
    cleaned = receipt_form.cleaned_data["receipt"]
    claim.receipt.save(cleaned.name, cleaned, save=False)
    claim.receipt_name = sent_file_name(receipt_form, "receipt")[:200]
    claim.save(update_fields=["receipt", "receipt_name"])


@require_GET
@collaboration_view(Action.VIEW_HOME)
def claim_receipt(request: HttpRequest, viewer: Membership, code) -> HttpResponseBase:
    claim = _claim_for(viewer, code)
    if not claim.receipt:
        raise Http404("No receipt.")
    extension = (claim.receipt.name or "").rsplit(".", 1)[-1]
    return private_file_response(
        request,
        claim.receipt,
        as_attachment=True,
        filename=f"receipt-{claim.date_worked:%Y-%m-%d}.{extension}",
    )


def _claim_page(
    request: HttpRequest,
    viewer: Membership,
    claim: Claim,
    *,
    form: ClaimChoiceForm | None = None,
    split_form: SplitForm | None = None,
    receipt_form: ReceiptForm | None = None,
) -> HttpResponse:
    """One claim's page, with the forms a member may use on it (bound ones with their
    errors, when an action was refused)."""
    subject = claim.membership
    today = timezone.localdate()
    editable = claim.is_editable_by_member and may_change_claim(viewer, claim)
    if editable and form is None:
        form = ClaimChoiceForm(instance=claim, membership=subject)
    if editable and split_form is None and claim.kind == Claim.Kind.FEE and claim.unit == "hour":
        next_month = money.month_of(today)[1] + timedelta(days=1)
        split_form = SplitForm(initial={"pay_later_from": next_month})
    if (
        receipt_form is None
        and claim.kind == Claim.Kind.EXPENSE
        and claim.status not in RECEIPT_CLOSED
    ):
        receipt_form = ReceiptForm(replacing=bool(claim.receipt))
    checks = money.limit_checks(claim, today=today) if viewer.pk == subject.pk else []
    expected = money.expected_payment_date(claim, today=today)
    return render(
        request,
        "payments/claim_detail.html",
        {
            "collaboration": viewer.collaboration,
            "claim": claim,
            "subject": subject,
            "is_self": viewer.pk == subject.pk,
            "editable": editable,
            "form": form if editable else None,
            "split_form": split_form if editable else None,
            "receipt_form": receipt_form,
            "checks": checks,
            "crossing": [c for c in checks if c.crosses],
            "expected": expected,
            "steps": claim_steps(claim, expected=expected),
            "payments": claim.payments.all(),
            "rounding_rule": money.ROUNDING_RULE,
            "may_reverse": may(viewer, Action.MANAGE_PAYMENTS),
            "split_parts": claim.split_parts.all(),
        },
    )


def _claim_to_change(viewer: Membership, code) -> Claim:
    claim = _claim_for(viewer, code)
    if not may_change_claim(viewer, claim):
        raise PermissionDenied("You may not change this claim.")
    return claim


def _refused(request, viewer, claim, error, **forms) -> HttpResponse:
    """The claim page again, saying what was wrong beside the field it is about, in the form
    that was sent (or at the top)."""
    sent = next((f for f in forms.values() if f is not None and f.is_bound), None)
    if sent is not None:
        field = getattr(error, "field", None)
        sent.add_error(field if field in sent.fields else None, str(error))
    else:
        messages.error(request, str(error))
    claim.refresh_from_db()
    if not claim.is_editable_by_member:  # changed meanwhile: show it as it is now
        forms = dict.fromkeys(forms)
    return _claim_page(request, viewer, claim, **forms)


@require_GET
@collaboration_view(Action.VIEW_HOME)
def claim_detail(request: HttpRequest, viewer: Membership, code) -> HttpResponse:
    """One claim. The claimant (or staff for them) confirms it, chooses how to be paid,
    lowers it, splits it or delays it; anyone who may see it sees its history."""
    return _claim_page(request, viewer, _claim_for(viewer, code))


def _with_choices(request, viewer: Membership, code, keep, done) -> HttpResponse:
    """Sends or saves the member's choices on the claim (`keep` is the service); `done(claim)`
    says so and answers where to go next."""
    claim = _claim_to_change(viewer, code)
    form = ClaimChoiceForm(request.POST, instance=claim, membership=claim.membership)
    try:
        if not claim.is_editable_by_member:
            raise services.ClaimError("This claim has already been sent.")
        if form.is_valid():
            keep(claim=form.save(commit=False), entered_by=viewer.user)
            return done(claim)
    except (services.ClaimError, money.NoRate) as error:
        return _refused(request, viewer, claim, error, form=form)
    return _claim_page(request, viewer, claim, form=form)


@require_POST
@collaboration_view(Action.VIEW_HOME)
def claim_send(request: HttpRequest, viewer: Membership, code) -> HttpResponse:
    """Confirms the claim with the member's choices: it goes for approval."""

    def sent(claim: Claim) -> HttpResponse:
        messages.success(
            request, "Sent for approval. We will tell you when it is approved and paid."
        )
        return redirect(person_payments_url(claim.membership))

    return _with_choices(request, viewer, code, services.claim_submit, sent)


@require_POST
@collaboration_view(Action.VIEW_HOME)
def claim_save(request: HttpRequest, viewer: Membership, code) -> HttpResponse:
    """Keeps the member's choices, to send later."""

    def saved(claim: Claim) -> HttpResponse:
        messages.success(request, "Saved. Send it when you are ready.")
        return redirect("payments:claim", viewer.collaboration.slug, claim.code)

    return _with_choices(request, viewer, code, services.claim_save_draft, saved)


@require_POST
@collaboration_view(Action.VIEW_HOME)
def claim_split(request: HttpRequest, viewer: Membership, code) -> HttpResponse:
    """Moves some hours into a second claim, paid from a later date."""
    claim = _claim_to_change(viewer, code)
    split_form = SplitForm(request.POST)
    try:
        if not claim.is_editable_by_member:
            raise services.ClaimError("This claim has already been sent.")
        if split_form.is_valid():
            later = services.claim_split(claim=claim, **split_form.cleaned_data)
            messages.success(
                request,
                f"Split: {money.pounds(later.amount_due)} will be paid from "
                f"{later.pay_not_before:%-d %B}. Check and send both.",
            )
            return redirect("payments:claim", viewer.collaboration.slug, claim.code)
    except (services.ClaimError, money.NoRate) as error:
        return _refused(request, viewer, claim, error, split_form=split_form)
    return _claim_page(request, viewer, claim, split_form=split_form)


@require_POST
@collaboration_view(Action.VIEW_HOME)
def claim_receipt_add(request: HttpRequest, viewer: Membership, code) -> HttpResponse:
    """Adds (or replaces) an expense's receipt: it can follow an approval asked in advance."""
    claim = _claim_to_change(viewer, code)
    if claim.kind != Claim.Kind.EXPENSE or claim.status in RECEIPT_CLOSED:
        messages.error(request, "A receipt can't be added to this claim now.")
        return _claim_page(request, viewer, claim)
    receipt_form = ReceiptForm(request.POST, request.FILES, replacing=bool(claim.receipt))
    if receipt_form.is_valid():
        _keep_receipt(claim, receipt_form)
        messages.success(request, "The receipt is added.")
        return redirect("payments:claim", viewer.collaboration.slug, claim.code)
    return _claim_page(request, viewer, claim, receipt_form=receipt_form)


@require_POST
@collaboration_view(Action.VIEW_HOME)
def claim_withdraw(request: HttpRequest, viewer: Membership, code) -> HttpResponse:
    """Withdraws a claim not yet approved, once the member has said yes."""
    claim = _claim_to_change(viewer, code)
    try:
        if request.POST.get("confirmed") != "yes":
            raise services.ClaimError(
                "Nothing was withdrawn. To withdraw it, open 'Withdraw this claim' "
                "and press 'Yes, withdraw it'."
            )
        services.claim_withdraw(claim=claim)
    except services.ClaimError as error:
        return _refused(request, viewer, claim, error)
    messages.success(request, "The claim is withdrawn.")
    return redirect(person_payments_url(claim.membership))
