"""The records staff and members edit side by side, and who may see and edit each."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from coproduction.models import Membership, WorkArea
from coproduction.permissions import (
    Action,
    SessionAction,
    get_session_for_viewer,
    is_staff_like,
    may,
)
from coproduction.shared import SharedField, SharedRecordType
from sessions_app.models import AgendaItem, Session


def _load_agenda_item(viewer: Membership, code) -> AgendaItem:
    item = (
        AgendaItem.objects.select_related("session__collaboration", "proposed_by__user")
        .filter(code=code, session__collaboration=viewer.collaboration)
        .first()
    )
    if item is None:
        raise Http404("No such agenda item.")
    item.session = get_session_for_viewer(viewer, item.session.code, SessionAction.VIEW)
    return item


def _may_edit_agenda_item(viewer: Membership, item: AgendaItem) -> bool:
    return is_staff_like(viewer) or (
        getattr(item.session, "viewer_is_invited", False)
        and viewer.status != Membership.Status.ALUMNI
    )


def _load_session(viewer: Membership, code) -> Session:
    return get_session_for_viewer(viewer, code, SessionAction.VIEW)


def _may_edit_session(viewer: Membership, session: Session) -> bool:
    return is_staff_like(viewer) or (
        getattr(session, "viewer_is_invited", False) and viewer.status != Membership.Status.ALUMNI
    )


def _load_work_area(viewer: Membership, code) -> WorkArea:
    area = WorkArea.objects.filter(collaboration=viewer.collaboration, code=code).first()
    if area is None:
        raise Http404("No such work area.")
    if not may(viewer, Action.VIEW_WORK_AREAS):
        raise PermissionDenied("Your role here does not allow this.")
    return area


def _may_edit_work_area(viewer: Membership, area: WorkArea) -> bool:
    if is_staff_like(viewer):
        return True
    return may(viewer, Action.JOIN_WORK_AREAS) and viewer.work_areas.filter(pk=area.pk).exists()


def _action_model():
    from reflections.models import Action

    return Action


def _action_statuses():
    from reflections.models import Action

    return tuple(Action.Status.choices)


def _session_page(session: Session) -> str:
    return reverse("sessions:session-detail", args=[session.collaboration.slug, session.code])


def _load_action(viewer: Membership, code):
    """Every role in the collaboration sees the "you said, we did" board."""
    action = _action_model().objects.filter(collaboration=viewer.collaboration, code=code).first()
    if action is None:
        raise Http404("No such action.")
    return action


def _may_edit_action(viewer: Membership, action) -> bool:
    return is_staff_like(viewer) or (
        action.owner_id == viewer.pk and viewer.status != Membership.Status.ALUMNI
    )


def _action_changed(action, changed: set[str]) -> None:
    from reflections.services import action_tell_raiser

    if "status" in changed or "outcome" in changed:
        action_tell_raiser(action=action)


RECORD_TYPES = {
    record.key: record
    for record in (
        SharedRecordType(
            key="agenda-item",
            label="Agenda item",
            model=AgendaItem,
            fields=(
                SharedField("title", "Title", required=True, max_length=200),
                SharedField("description", "Details", kind="textarea"),
                SharedField("minutes", "Time allowed (minutes)", kind="minutes"),
                SharedField("outcome", "Outcome", kind="textarea"),
            ),
            load=_load_agenda_item,
            may_edit=_may_edit_agenda_item,
            page_url=lambda item: _session_page(item.session) + "#agenda",
            title=lambda item: item.title,
        ),
        SharedRecordType(
            key="session-notes",
            label="Session notes",
            model=Session,
            fields=(SharedField("notes", "Notes", kind="textarea", max_length=20000),),
            load=_load_session,
            may_edit=_may_edit_session,
            page_url=_session_page,
            title=lambda session: f"Notes: {session.title}",
        ),
        SharedRecordType(
            key="work-area-plan",
            label="Work-area plan",
            model=WorkArea,
            fields=(
                SharedField("plan_aims", "What we want to change", kind="textarea"),
                SharedField("plan_next_steps", "What we will do next", kind="textarea"),
            ),
            load=_load_work_area,
            may_edit=_may_edit_work_area,
            page_url=lambda area: reverse(
                "coproduction:workarea-list", args=[area.collaboration.slug]
            ),
            title=lambda area: f"Plan: {area.name}",
        ),
        SharedRecordType(
            key="action",
            label="Action",
            model=_action_model(),
            fields=(
                SharedField("title", "What we will do", required=True, max_length=200),
                SharedField("status", "Where it is", kind="choice", choices=_action_statuses()),
                SharedField("outcome", "What we did, or why not", kind="textarea"),
            ),
            load=_load_action,
            may_edit=_may_edit_action,
            page_url=lambda action: reverse(
                "reflections:action-board", args=[action.collaboration.slug]
            ),
            title=lambda action: action.title,
            after_save=_action_changed,
        ),
    )
}


def record_type(key: str) -> SharedRecordType:
    if key not in RECORD_TYPES:
        raise Http404("No such kind of record.")
    return RECORD_TYPES[key]
