"""Claims waiting for approval, and approving or returning one."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from coproduction.models import Membership
from coproduction.permissions import (
    Action,
    collaboration_view,
)
from payments import money, selectors, services
from payments.forms import (
    ReturnForm,
)
from payments.models import (
    Claim,
    EarningsLimit,
    EmploymentStatusDecision,
)

Status = Claim.Status


@dataclass(frozen=True)
class ClaimToApprove:
    """A claim waiting for approval: whether paying it takes the member past a limit they
    set, and whether it is the viewer's own (which someone else must approve)."""

    claim: Claim
    crosses_limit: bool
    is_own: bool


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
        )[: selectors.APPROVALS_SHOWN]
    )
    limits = {
        limit.membership_id: limit
        for limit in EarningsLimit.objects.filter(
            membership_id__in={claim.membership_id for claim in waiting}
        )
    }
    drafts = Claim.objects.filter(collaboration=collaboration, status=Status.DRAFT).count()
    return render(
        request,
        "payments/approvals.html",
        {
            "collaboration": collaboration,
            "waiting": [
                ClaimToApprove(
                    claim,
                    crosses_limit=money.crosses_a_limit(
                        claim, today=today, limit=limits.get(claim.membership_id)
                    ),
                    is_own=claim.membership.user_id == membership.user_id,
                )
                for claim in waiting
            ],
            "waiting_count": waiting_count,
            "drafts": drafts,
            "late": selectors.late_claims_page(collaboration),
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
