"""Inviting people to join, adding people who take part offline, and joining."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduction import selectors, services
from coproduction.forms import (
    InvitationAcceptForm,
    InvitationForm,
    OfflinePersonForm,
)
from coproduction.invitations import invitation_code_from_token
from coproduction.models import Invitation, Membership
from coproduction.permissions import (
    Action,
    collaboration_view,
)

Role = Membership.Role


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
            invited_by=membership.user,
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


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.MANAGE_INVITATIONS)
def person_add_offline(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Adds someone with neither email nor a mobile, who takes part by post or phone call."""
    collaboration = membership.collaboration
    form = OfflinePersonForm(
        request.POST if request.method == "POST" else None,
        collaboration=collaboration,
        inviter=membership,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = services.person_add_offline(
            collaboration=collaboration,
            added_by=membership.user,
            name=data["name"],
            role=data["role"],
            postal_address=data["postal_address"].strip(),
            call_phone=data["call_phone"].strip(),
            how_agreed=data["how_agreed"],
            work_areas=list(data["work_areas"]),
        )
        messages.success(
            request,
            f"{added.user.name} is added. Letters and calls for them will be listed in the "
            "outbox for you to send or make.",
        )
        return redirect("members:person-detail", collaboration.slug, added.code)
    return render(
        request,
        "coproduction/person_add_offline.html",
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
