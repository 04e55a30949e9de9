"""The one permission policy: who may do what in which collaboration.

Every collaboration view is wrapped in `collaboration_view(action)`. A person with no
membership in the collaboration (an outsider, or someone from another collaboration) gets
404, so they cannot even learn that it exists; a member whose role may not take the action
gets 403. Staff-like roles must have two-factor authentication switched on first.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Concatenate
from urllib.parse import urlencode

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from coproduction.models import Membership

Role = Membership.Role
Status = Membership.Status


class Action(StrEnum):
    VIEW_HOME = "view_home"
    VIEW_WORK_AREAS = "view_work_areas"
    MANAGE_INVITATIONS = "manage_invitations"
    VIEW_REPORTS = "view_reports"


# Actions that only read. People who have left (alumni) keep these, and only these.
READ_ACTIONS = frozenset({Action.VIEW_HOME, Action.VIEW_WORK_AREAS, Action.VIEW_REPORTS})

_STAFF_LIKE = frozenset({Action.VIEW_HOME, Action.VIEW_WORK_AREAS, Action.MANAGE_INVITATIONS})
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.MEMBER: frozenset({Action.VIEW_HOME, Action.VIEW_WORK_AREAS}),
    Role.FACILITATOR: _STAFF_LIKE,
    Role.STAFF: _STAFF_LIKE,
    Role.ADMIN: _STAFF_LIKE,
    # Trustees see aggregate reports and never personal data such as who is in which area.
    Role.TRUSTEE: frozenset({Action.VIEW_HOME, Action.VIEW_REPORTS}),
    Role.FINANCE: frozenset({Action.VIEW_HOME, Action.VIEW_WORK_AREAS}),
}

# Roles that can see other people's personal details must use two-factor authentication.
TWO_FACTOR_ROLES = frozenset({Role.STAFF, Role.ADMIN, Role.FACILITATOR})

# The roles each role may invite people into.
GRANTABLE_ROLES: dict[str, tuple[str, ...]] = {
    Role.ADMIN: tuple(Role.values),
    Role.STAFF: tuple(r for r in Role.values if r != Role.ADMIN),
    Role.FACILITATOR: (Role.MEMBER,),
}


class CollaborationRequest:
    """The request a collaboration view receives (for type checkers)."""

    membership: Membership
    htmx: HtmxDetails


def may(membership: Membership, action: Action) -> bool:
    """Whether this membership allows the action."""
    if membership.status == Status.ALUMNI and action not in READ_ACTIONS:
        return False
    return action in ROLE_ACTIONS.get(membership.role, frozenset())


def grantable_roles(membership: Membership) -> list[tuple[str, str]]:
    """The (value, label) role choices this person may give to someone they invite."""
    allowed = GRANTABLE_ROLES.get(membership.role, ())
    return [(value, label) for value, label in Role.choices if value in allowed]


def get_membership_for_user(user, collaboration_slug: str, action: Action) -> Membership:
    """The user's membership of the collaboration, if it allows `action`.

    Raises Http404 when the user is not in the collaboration and PermissionDenied when
    their role may not take the action.
    """
    membership = (
        Membership.objects.select_related("collaboration", "user")
        .filter(user=user, collaboration__slug=collaboration_slug)
        .first()
    )
    if membership is None:
        raise Http404("No such collaboration.")
    if not may(membership, action):
        raise PermissionDenied("Your role here does not allow this.")
    return membership


def user_requires_two_factor(user) -> bool:
    """Whether any of the user's current roles requires two-factor authentication."""
    return Membership.objects.filter(
        user=user, role__in=TWO_FACTOR_ROLES, status__in=[Status.ACTIVE, Status.STEPPED_AWAY]
    ).exists()


def _needs_two_factor_setup(membership: Membership) -> bool:
    return (
        membership.role in TWO_FACTOR_ROLES
        and membership.status != Status.ALUMNI
        and not is_mfa_enabled(membership.user)
    )


type CollaborationView = Callable[Concatenate[object, Membership, ...], HttpResponse]


def collaboration_view(
    action: Action,
) -> Callable[[CollaborationView], Callable[..., HttpResponse]]:
    """Wraps a view of one collaboration: log-in, membership, role, two-factor.

    The view is called as `view(request, membership, **kwargs)`; `request.membership` is
    set too, for templates.
    """

    def decorator(view: CollaborationView) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request, collaboration_slug: str, *args, **kwargs) -> HttpResponse:
            membership = get_membership_for_user(request.user, collaboration_slug, action)
            if _needs_two_factor_setup(membership):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('members:two-factor-required')}?{query}")
            request.membership = membership
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorator
