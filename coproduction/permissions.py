"""The one permission policy: who may do what in which collaboration.

Every collaboration view is wrapped in `collaboration_view(action)`. A person with no
membership in the collaboration (an outsider, or someone from another collaboration) gets
404, so they cannot even learn that it exists; a member whose role may not take the action
gets 403. Staff-like roles must have two-factor authentication switched on first.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, Protocol, cast
from urllib.parse import urlencode
from uuid import UUID

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from coproduction.http import CollaborationRequest
from coproduction.models import Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import _User  # AUTH_USER_MODEL, for the type checker

Role = Membership.Role
Status = Membership.Status


class Action(StrEnum):
    VIEW_HOME = "view_home"
    VIEW_WORK_AREAS = "view_work_areas"
    JOIN_WORK_AREAS = "join_work_areas"
    MANAGE_INVITATIONS = "manage_invitations"
    VIEW_PEOPLE = "view_people"
    VIEW_REPORTS = "view_reports"  # read and download trustee progress reports
    REQUEST_REPORTS = "request_reports"  # start a new one (not once someone has left)
    VIEW_SESSIONS = "view_sessions"
    MANAGE_SESSIONS = "manage_sessions"
    VIEW_FEEDBACK = "view_feedback"
    REFLECT = "reflect"  # give and read reflections (not trustees or finance)
    CELEBRATE = "celebrate"  # add to the celebrations log (everyone taking part)
    ANSWER_TASKS = "answer_tasks"  # answer short tasks, paid or not (members taking part)
    APPROVE_CLAIMS = "approve_claims"  # staff: approve or return members' claims
    MANAGE_PAYMENTS = "manage_payments"  # finance: batches, exports, marking paid, reversals
    VIEW_PAYMENT_TOTALS = "view_payment_totals"  # totals only, no names


class PersonAction(StrEnum):
    """What one person may do to another person's records (or their own)."""

    VIEW = "view"  # see their page: themselves, or staff-like roles
    EDIT = "edit"  # profile, access needs, commitments, availability, stepping away
    SELF_ONLY = "self_only"  # equality monitoring and data export: only the person
    SAFEGUARDING = "safeguarding"  # guardian consent: staff-like roles with a current DBS
    ERASE = "erase"  # administrators only


# Actions that only read. People who have left (alumni) keep these, and only these.
READ_ACTIONS = frozenset(
    {Action.VIEW_HOME, Action.VIEW_WORK_AREAS, Action.VIEW_REPORTS, Action.VIEW_SESSIONS}
)

_STAFF_LIKE = frozenset(
    {
        Action.VIEW_HOME,
        Action.VIEW_WORK_AREAS,
        Action.JOIN_WORK_AREAS,
        Action.MANAGE_INVITATIONS,
        Action.VIEW_PEOPLE,
        Action.VIEW_SESSIONS,
        Action.MANAGE_SESSIONS,
        Action.VIEW_FEEDBACK,
        Action.APPROVE_CLAIMS,
        Action.REFLECT,
        Action.CELEBRATE,
        Action.VIEW_REPORTS,
        Action.REQUEST_REPORTS,
    }
)
STAFF_LIKE_ROLES = frozenset({Role.STAFF, Role.ADMIN, Role.FACILITATOR})
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.MEMBER: frozenset(
        {
            Action.VIEW_HOME,
            Action.VIEW_WORK_AREAS,
            Action.JOIN_WORK_AREAS,
            Action.VIEW_SESSIONS,
            Action.REFLECT,
            Action.CELEBRATE,
            Action.ANSWER_TASKS,
        }
    ),
    Role.FACILITATOR: _STAFF_LIKE,
    Role.STAFF: _STAFF_LIKE,
    Role.ADMIN: _STAFF_LIKE | {Action.MANAGE_PAYMENTS},
    # Trustees see aggregate reports and never personal data such as who is in which area.
    Role.TRUSTEE: frozenset(
        {
            Action.VIEW_HOME,
            Action.VIEW_REPORTS,
            Action.REQUEST_REPORTS,
            Action.VIEW_PAYMENT_TOTALS,
            Action.CELEBRATE,
        }
    ),
    # Finance sees payment data, and not reflections, access needs or demographics.
    Role.FINANCE: frozenset(
        {
            Action.VIEW_HOME,
            Action.VIEW_WORK_AREAS,
            Action.MANAGE_PAYMENTS,
            Action.VIEW_PAYMENT_TOTALS,
            Action.CELEBRATE,
        }
    ),
}

# Roles that can see other people's personal or bank details must use two-factor authentication.
TWO_FACTOR_ROLES = frozenset({Role.STAFF, Role.ADMIN, Role.FACILITATOR, Role.FINANCE})

# The roles each role may invite people into.
GRANTABLE_ROLES: dict[str, tuple[str, ...]] = {
    Role.ADMIN: tuple(Role.values),
    Role.STAFF: tuple(r for r in Role.values if r != Role.ADMIN),
    Role.FACILITATOR: (Role.MEMBER,),
}


def may(membership: Membership, action: Action) -> bool:
    """Whether this membership allows the action."""
    if membership.status == Status.ALUMNI and action not in READ_ACTIONS:
        return False
    return action in ROLE_ACTIONS.get(membership.role, frozenset())


def grantable_roles(membership: Membership) -> list[tuple[str, str]]:
    """The (value, label) role choices this person may give to someone they invite."""
    allowed = GRANTABLE_ROLES.get(membership.role, ())
    return [(value, label) for value, label in Role.choices if value in allowed]


def get_membership_for_user(user: "_User", collaboration_slug: str, action: Action) -> Membership:
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


def user_requires_two_factor(user: "_User") -> bool:
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


def is_staff_like(membership: Membership) -> bool:
    return membership.role in STAFF_LIKE_ROLES and membership.status != Status.ALUMNI


def may_act_on_person(viewer: Membership, subject: Membership, action: PersonAction) -> bool:
    """Whether `viewer` may take `action` on `subject`'s records (same collaboration)."""
    is_self = viewer.pk == subject.pk
    if action == PersonAction.VIEW:
        return is_self or is_staff_like(viewer)
    if action == PersonAction.EDIT:
        return (is_self and viewer.status != Status.ALUMNI) or is_staff_like(viewer)
    if action == PersonAction.SELF_ONLY:
        return is_self
    if action == PersonAction.SAFEGUARDING:
        return is_staff_like(viewer) and viewer.is_safeguarding_cleared
    if action == PersonAction.ERASE:
        return viewer.role == Role.ADMIN and not is_self
    return False


def may_see_contact_details(viewer: Membership, subject: Membership) -> bool:
    """Contact details and location; an under-18's only with a current enhanced DBS check."""
    if viewer.pk == subject.pk:
        return True
    if not is_staff_like(viewer):
        return False
    return not subject.user.is_under_18 or viewer.is_safeguarding_cleared


def name_for(viewer: Membership, subject_user: "_User") -> str:
    """The name `viewer` sees: an under-18 appears to other members by first name only, and
    trustees, who see no personal data, see no one else's name ("")."""
    if is_staff_like(viewer) or viewer.user_id == subject_user.pk:
        return subject_user.shown_name
    if viewer.role == Role.TRUSTEE:
        return ""
    if subject_user.is_under_18:
        return subject_user.shown_name.split(" ", 1)[0]
    return subject_user.shown_name


def get_person_for_viewer(viewer: Membership, code: UUID | str, action: PersonAction) -> Membership:
    """The membership `code` in the viewer's collaboration, if the viewer may take `action`.

    Http404 if there is no such person in this collaboration; PermissionDenied otherwise.
    """
    subject: Membership | None
    if viewer.code == code or str(viewer.code) == str(code):
        subject = viewer
    else:
        subject = (
            Membership.objects.select_related("user", "user__profile", "collaboration")
            .filter(collaboration=viewer.collaboration, code=code)
            .first()
        )
    if subject is None:
        raise Http404("No such person here.")
    if not may_act_on_person(viewer, subject, action):
        raise PermissionDenied("You may not do this for this person.")
    return subject


class CollaborationPage[**P](Protocol):
    """What `collaboration_view` makes of a view `view(request, membership, **url_kwargs)`:
    Django calls it with the URL's arguments, the collaboration's slug first."""

    def __call__(
        self, request: HttpRequest, collaboration_slug: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponseBase: ...


def collaboration_view[**P](
    action: Action,
) -> Callable[
    [Callable[Concatenate[CollaborationRequest, Membership, P], HttpResponseBase]],
    CollaborationPage[P],
]:
    """Wraps a view of one collaboration: log-in, membership, role, two-factor.

    The view is called as `view(request, membership, **kwargs)`; `request.membership` is
    set too, for templates.
    """

    def decorator(
        view: Callable[Concatenate[CollaborationRequest, Membership, P], HttpResponseBase],
    ) -> CollaborationPage[P]:
        @login_required
        @wraps(view)
        def wrapper(
            request: HttpRequest, collaboration_slug: str, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponseBase:
            # login_required has let only a logged-in person through.
            user = cast("_User", request.user)
            membership = get_membership_for_user(user, collaboration_slug, action)
            if _needs_two_factor_setup(membership):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('members:two-factor-required')}?{query}")
            # HtmxMiddleware has set `htmx`; this sets `membership`, for templates.
            collaboration_request = cast(CollaborationRequest, request)
            collaboration_request.membership = membership
            return view(collaboration_request, membership, *args, **kwargs)

        return wrapper

    return decorator


def person_view[**P](
    action: PersonAction,
) -> Callable[
    [Callable[Concatenate[CollaborationRequest, Membership, Membership, P], HttpResponseBase]],
    CollaborationPage[...],
]:
    """Wraps a view of one person's records: `view(request, viewer, subject, **kwargs)`."""

    def decorator(
        view: Callable[
            Concatenate[CollaborationRequest, Membership, Membership, P], HttpResponseBase
        ],
    ) -> CollaborationPage[...]:
        @collaboration_view(Action.VIEW_HOME)
        @wraps(view)
        def wrapper(
            request: CollaborationRequest,
            viewer: Membership,
            /,
            person_code: UUID,
            *args: P.args,
            **kwargs: P.kwargs,
        ) -> HttpResponseBase:
            subject = get_person_for_viewer(viewer, person_code, action)
            return view(request, viewer, subject, *args, **kwargs)

        return wrapper

    return decorator
