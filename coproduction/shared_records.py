"""The records staff and members edit side by side, by kind: each app registers its own in
AppConfig.ready() (agenda items and session notes in sessions_app, "you said, we did"
actions in reflections), with who may see and edit them. The core's own: work-area plans."""

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from coproduction.models import Membership, WorkArea
from coproduction.permissions import Action, is_staff_like, may
from coproduction.shared import SharedField, SharedRecordType

_record_types: dict[str, SharedRecordType[Any]] = {}


def register(record: SharedRecordType[Any]) -> None:
    _record_types[record.key] = record


def record_type(key: str) -> SharedRecordType[Any]:
    if key not in _record_types:
        raise Http404("No such kind of record.")
    return _record_types[key]


def _load_work_area(viewer: Membership, code: UUID | str) -> WorkArea:
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


WORK_AREA_PLAN = SharedRecordType(
    key="work-area-plan",
    label="Work-area plan",
    model=WorkArea,
    fields=(
        SharedField("plan_aims", "What we want to change", kind="textarea"),
        SharedField("plan_next_steps", "What we will do next", kind="textarea"),
    ),
    load=_load_work_area,
    may_edit=_may_edit_work_area,
    page_url=lambda area: reverse("coproduction:workarea-list", args=[area.collaboration.slug]),
    title=lambda area: f"Plan: {area.name}",
)
