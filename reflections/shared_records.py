"""'You said, we did' actions, edited side by side on the board everyone sees. Registered in
ReflectionsConfig.ready()."""

from uuid import UUID

from django.http import Http404
from django.urls import reverse

from coproduction.models import Membership
from coproduction.permissions import is_staff_like
from coproduction.shared import SharedField, SharedRecordType
from reflections.models import Action
from reflections.services import action_tell_raiser


def _load_action(viewer: Membership, code: UUID | str) -> Action:
    """Every role in the collaboration sees the "you said, we did" board."""
    action = Action.objects.filter(collaboration=viewer.collaboration, code=code).first()
    if action is None:
        raise Http404("No such action.")
    return action


def _may_edit_action(viewer: Membership, action: Action) -> bool:
    return is_staff_like(viewer) or (
        action.owner_id == viewer.pk and viewer.status != Membership.Status.ALUMNI
    )


def _action_changed(action: Action, changed: set[str]) -> None:
    if "status" in changed or "outcome" in changed:
        action_tell_raiser(action=action)


ACTION = SharedRecordType(
    key="action",
    label="Action",
    model=Action,
    fields=(
        SharedField("title", "What we will do", required=True, max_length=200),
        SharedField("status", "Where it is", kind="choice", choices=tuple(Action.Status.choices)),
        SharedField("outcome", "What we did, or why not", kind="textarea"),
    ),
    load=_load_action,
    may_edit=_may_edit_action,
    page_url=lambda action: reverse("reflections:action-board", args=[action.collaboration.slug]),
    title=lambda action: action.title,
    after_save=_action_changed,
)
