"""Who may do what with a session, on top of the one permission policy
(coproduction/permissions.py): a session someone is not invited to is not found, and only
staff-like roles manage one."""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Concatenate
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBase

from coproduction.http import CollaborationRequest
from coproduction.models import Membership
from coproduction.permissions import Action, CollaborationPage, collaboration_view, is_staff_like
from sessions_app.models import Session, SessionInvite

Status = Membership.Status


class SessionAction(StrEnum):
    VIEW = "view"  # invited people and staff-like roles
    TAKE_PART = "take_part"  # answer, propose agenda items, check in: invited and not alumni
    MANAGE = "manage"  # staff-like roles


def may_act_on_session(
    viewer: Membership, session: Session, action: SessionAction, *, invited: bool
) -> bool:
    if is_staff_like(viewer):
        return True
    if action == SessionAction.VIEW:
        return invited
    if action == SessionAction.TAKE_PART:
        return invited and viewer.status != Status.ALUMNI
    return False


def get_session_for_viewer(viewer: Membership, code: UUID | str, action: SessionAction) -> Session:
    """The session `code` of the viewer's collaboration, if the viewer may take `action`.

    A session the viewer is not invited to is not found (404): one-to-one check-ins and
    small meetings are nobody else's business. A role that may not act gets 403.
    """
    session = (
        Session.objects.select_related("collaboration", "work_area", "venue", "chair__user")
        .filter(collaboration=viewer.collaboration, code=code)
        .first()
    )
    if session is None:
        raise Http404("No such session.")
    invited = SessionInvite.objects.filter(session=session, membership=viewer).exists()
    if not may_act_on_session(viewer, session, SessionAction.VIEW, invited=invited):
        raise Http404("No such session.")
    if not may_act_on_session(viewer, session, action, invited=invited):
        raise PermissionDenied("You may not do this for this session.")
    return session


def may_take_part(viewer: Membership, session: Session) -> bool:
    """Whether the viewer may answer, propose agenda items and edit the session's shared
    records: staff-like roles, and people invited who have not left."""
    if is_staff_like(viewer):
        return True
    invited = SessionInvite.objects.filter(session=session, membership=viewer).exists()
    return may_act_on_session(viewer, session, SessionAction.TAKE_PART, invited=invited)


def session_view[**P](
    action: SessionAction,
) -> Callable[
    [Callable[Concatenate[CollaborationRequest, Membership, Session, P], HttpResponseBase]],
    CollaborationPage[...],
]:
    """Wraps a view of one session: `view(request, viewer, session, **kwargs)`."""

    def decorator(
        view: Callable[Concatenate[CollaborationRequest, Membership, Session, P], HttpResponseBase],
    ) -> CollaborationPage[...]:
        @collaboration_view(Action.VIEW_SESSIONS)
        @wraps(view)
        def wrapper(
            request: CollaborationRequest,
            viewer: Membership,
            /,
            session_code: UUID,
            *args: P.args,
            **kwargs: P.kwargs,
        ) -> HttpResponseBase:
            session = get_session_for_viewer(viewer, session_code, action)
            return view(request, viewer, session, *args, **kwargs)

        return wrapper

    return decorator
