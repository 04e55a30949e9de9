"""A person's way in: their collaboration, and its home page for their role."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from coproduction import home_pages, selectors, work_queue
from coproduction.http import SignedInRequest
from coproduction.models import Membership, ProgressReport
from coproduction.permissions import (
    Action,
    collaboration_view,
)

Role = Membership.Role


# The roles whose home starts with what needs them today.
WORK_QUEUE_ROLES = frozenset({Role.STAFF, Role.ADMIN, Role.FACILITATOR, Role.FINANCE})

HOME_TEMPLATES: dict[str, str] = {
    Role.MEMBER: "coproduction/home_member.html",
    Role.FACILITATOR: "coproduction/home_staff.html",
    Role.STAFF: "coproduction/home_staff.html",
    Role.ADMIN: "coproduction/home_staff.html",
    Role.TRUSTEE: "coproduction/home_trustee.html",
    Role.FINANCE: "coproduction/home_finance.html",
}


@require_GET
@login_required
def home(request: SignedInRequest) -> HttpResponse:
    """Takes a person straight to their collaboration, or lets them choose one."""
    memberships = list(selectors.memberships_of_user(request.user))
    if len(memberships) == 1:
        return redirect("coproduction:collaboration-home", memberships[0].collaboration.slug)
    return render(request, "coproduction/collaboration_choose.html", {"memberships": memberships})


@require_GET
@collaboration_view(Action.VIEW_HOME)
def collaboration_home(request: HttpRequest, membership: Membership) -> HttpResponse:
    collaboration = membership.collaboration
    context: dict[str, object] = {"collaboration": collaboration}
    if membership.role in (Role.STAFF, Role.FACILITATOR, Role.ADMIN):
        context["glance"] = selectors.collaboration_at_a_glance(collaboration)
        context["work_areas"] = selectors.work_areas_with_people(collaboration)
    elif membership.role == Role.TRUSTEE:
        context["reports"] = ProgressReport.objects.filter(
            collaboration=collaboration, status=ProgressReport.Status.READY
        )[:5]
    elif membership.role in (Role.MEMBER, Role.FINANCE):
        context["my_work_areas"] = selectors.work_areas_of_membership(membership)
        context["step_away"] = membership.step_aways.filter(ended_on__isnull=True).first()
        context["today"] = timezone.localdate()
    context.update(home_pages.context_for(membership))
    if membership.role in WORK_QUEUE_ROLES:
        context["needs_you"] = work_queue.items_for(membership)
    return render(request, HOME_TEMPLATES[membership.role], context)
