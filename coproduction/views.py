from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduction import selectors, services
from coproduction.forms import InvitationAcceptForm, InvitationForm
from coproduction.invitations import invitation_code_from_token
from coproduction.models import Invitation, Membership, WorkArea
from coproduction.permissions import Action, collaboration_view, may
from members import selectors as member_selectors
from members import services as member_services

Role = Membership.Role

HOME_TEMPLATES = {
    Role.MEMBER: "coproduction/home_member.html",
    Role.FACILITATOR: "coproduction/home_staff.html",
    Role.STAFF: "coproduction/home_staff.html",
    Role.ADMIN: "coproduction/home_staff.html",
    Role.TRUSTEE: "coproduction/home_trustee.html",
    Role.FINANCE: "coproduction/home_finance.html",
}


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
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
    elif membership.role in (Role.MEMBER, Role.FINANCE):
        context["my_work_areas"] = selectors.work_areas_of_membership(membership)
        context["step_away"] = membership.step_aways.filter(ended_on__isnull=True).first()
        context["today"] = timezone.localdate()
    return render(request, HOME_TEMPLATES[membership.role], context)


@require_GET
@collaboration_view(Action.VIEW_WORK_AREAS)
def workarea_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(
        request,
        "coproduction/workarea_list.html",
        {
            "collaboration": membership.collaboration,
            "work_areas": selectors.work_areas_with_people(membership.collaboration),
            "my_area_ids": set(membership.work_areas.values_list("pk", flat=True))
            if may(membership, Action.JOIN_WORK_AREAS)
            else None,
        },
    )


@require_POST
@collaboration_view(Action.JOIN_WORK_AREAS)
def workarea_join(request: HttpRequest, membership: Membership, code: str) -> HttpResponse:
    area = get_object_or_404(WorkArea, code=code, collaboration=membership.collaboration)
    member_services.work_area_join(membership=membership, work_area=area)
    messages.success(request, f"You joined {area.name}.")
    return redirect("coproduction:workarea-list", membership.collaboration.slug)


@require_POST
@collaboration_view(Action.JOIN_WORK_AREAS)
def workarea_leave(request: HttpRequest, membership: Membership, code: str) -> HttpResponse:
    area = get_object_or_404(WorkArea, code=code, collaboration=membership.collaboration)
    member_services.work_area_leave(membership=membership, work_area=area)
    messages.success(request, f"You left {area.name}.")
    return redirect("coproduction:workarea-list", membership.collaboration.slug)


@require_GET
@collaboration_view(Action.VIEW_PEOPLE)
def workarea_resourcing(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(
        request,
        "coproduction/workarea_resourcing.html",
        {
            "collaboration": membership.collaboration,
            "areas": member_selectors.work_area_resourcing(membership.collaboration),
        },
    )


@require_GET
@collaboration_view(Action.MANAGE_INVITATIONS)
def invitation_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(
        request,
        "coproduction/invitation_list.html",
        {
            "collaboration": membership.collaboration,
            "invitations": selectors.open_invitations(membership.collaboration),
        },
    )


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.MANAGE_INVITATIONS)
def invitation_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    collaboration = membership.collaboration
    form = InvitationForm(
        request.POST if request.method == "POST" else None,
        collaboration=collaboration,
        inviter=membership,
    )
    if request.method == "POST" and form.is_valid():
        invitation = services.invitation_create(
            collaboration=collaboration,
            invited_by=request.user,
            name=form.cleaned_data["name"],
            role=form.cleaned_data["role"],
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            work_areas=list(form.cleaned_data["work_areas"]),
        )
        where = invitation.email or invitation.phone
        messages.success(request, f"Invitation sent to {invitation.name} ({where}).")
        return redirect("coproduction:invitation-list", collaboration.slug)
    return render(
        request,
        "coproduction/invitation_create.html",
        {"collaboration": collaboration, "form": form},
    )


@require_POST
@collaboration_view(Action.MANAGE_INVITATIONS)
def invitation_revoke(request: HttpRequest, membership: Membership, code: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation, code=code, collaboration=membership.collaboration)
    if services.invitation_revoke(invitation=invitation):
        messages.success(request, f"The invitation to {invitation.name} no longer works.")
    else:
        messages.info(
            request, f"The invitation to {invitation.name} was already used or cancelled."
        )
    return redirect("coproduction:invitation-list", membership.collaboration.slug)


def _invitation_belongs_to(invitation: Invitation, user) -> bool:
    if invitation.email:
        return (user.email or "").lower() == invitation.email
    return bool(user.phone) and str(user.phone) == invitation.phone


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation link opens: join the collaboration, then log in by code."""
    code = invitation_code_from_token(token)
    invitation = (
        Invitation.objects.select_related("collaboration", "invited_by").filter(code=code).first()
        if code
        else None
    )
    if invitation is None:
        return render(
            request, "coproduction/invitation_invalid.html", {"reason": "unknown"}, status=404
        )
    if not invitation.is_open:
        reason = "used" if invitation.accepted_at else "closed"
        return render(
            request,
            "coproduction/invitation_invalid.html",
            {"reason": reason, "invitation": invitation},
            status=410,
        )
    user = request.user if request.user.is_authenticated else None
    if user is not None and not _invitation_belongs_to(invitation, user):
        return render(
            request,
            "coproduction/invitation_wrong_person.html",
            {"invitation": invitation},
            status=403,
        )

    form = InvitationAcceptForm(
        request.POST if request.method == "POST" else None, initial={"name": invitation.name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept(
                invitation=invitation, name=form.cleaned_data["name"], user=user
            )
        except services.InvitationNoLongerValid:
            return render(
                request,
                "coproduction/invitation_invalid.html",
                {"reason": "used", "invitation": invitation},
                status=410,
            )
        if user is not None:
            return redirect("coproduction:collaboration-home", membership.collaboration.slug)
        return render(
            request,
            "coproduction/invitation_accepted.html",
            {"invitation": invitation, "membership": membership},
        )
    return render(
        request,
        "coproduction/invitation_accept.html",
        {"invitation": invitation, "form": form},
    )


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and docker-compose: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
