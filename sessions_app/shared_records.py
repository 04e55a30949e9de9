"""Agenda items and session notes, edited side by side by staff and the people invited.
Registered in SessionsAppConfig.ready()."""

from uuid import UUID

from django.http import Http404
from django.urls import reverse

from coproduction.models import Membership
from coproduction.shared import SharedField, SharedRecordType
from sessions_app.models import AgendaItem, Session
from sessions_app.permissions import SessionAction, get_session_for_viewer, may_take_part


def _load_agenda_item(viewer: Membership, code: UUID | str) -> AgendaItem:
    item = (
        AgendaItem.objects.select_related("session__collaboration", "proposed_by__user")
        .filter(code=code, session__collaboration=viewer.collaboration)
        .first()
    )
    if item is None:
        raise Http404("No such agenda item.")
    item.session = get_session_for_viewer(viewer, item.session.code, SessionAction.VIEW)
    return item


def _load_session(viewer: Membership, code: UUID | str) -> Session:
    return get_session_for_viewer(viewer, code, SessionAction.VIEW)


def _session_page(session: Session) -> str:
    return reverse("sessions:session-detail", args=[session.collaboration.slug, session.code])


AGENDA_ITEM = SharedRecordType(
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
    may_edit=lambda viewer, item: may_take_part(viewer, item.session),
    page_url=lambda item: _session_page(item.session) + "#agenda",
    title=lambda item: item.title,
)
SESSION_NOTES = SharedRecordType(
    key="session-notes",
    label="Session notes",
    model=Session,
    fields=(SharedField("notes", "Notes", kind="textarea", max_length=20000),),
    load=_load_session,
    may_edit=may_take_part,
    page_url=_session_page,
    title=lambda session: f"Notes: {session.title}",
)
