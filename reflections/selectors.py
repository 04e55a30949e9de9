from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Protocol

from django.db.models import Q, QuerySet

from coproduction.models import Collaboration, Membership, WorkArea
from coproduction.permissions import is_staff_like
from reflections.models import Action, Contribution, Feedback, Reflection
from sessions_app.models import Session
from sessions_app.selectors import tasks_for


class _MaybeAnonymous(Protocol):
    @property
    def is_anonymous(self) -> bool: ...


def _too_few_anonymous[T: _MaybeAnonymous, K: Hashable](
    items: Iterable[T], group: Callable[[T], K], collaboration: Collaboration
) -> set[K]:
    """The groups (a session, a quarter) with fewer anonymous items than the collaboration's
    threshold: shown, they could single someone out."""
    counts = Counter(group(item) for item in items if item.is_anonymous)
    return {key for key, count in counts.items() if count < collaboration.anonymous_threshold}


def feedback_for_staff(collaboration: Collaboration) -> tuple[list[Feedback], dict[str, int]]:
    """Feedback staff may read: everything named, anonymous pieces not about one session, and
    anonymous pieces about a session only once that session has enough of them (the
    collaboration's threshold, 3 by default) that no one can be singled out.

    Also returns, per session title, how many anonymous pieces are held back.
    """
    everything = list(
        Feedback.objects.filter(collaboration=collaboration).select_related(
            "author__user", "session"
        )
    )
    too_few = _too_few_anonymous(everything, lambda f: f.session_id, collaboration)
    shown: list[Feedback] = []
    held_back: Counter[str] = Counter()
    for item in everything:
        # `session` came with the feedback (select_related): None exactly when it has no id.
        if item.is_anonymous and item.session is not None and item.session_id in too_few:
            held_back[item.session.title] += 1
        else:
            shown.append(item)
    return shown, dict(held_back)


def feedback_without_action_count(collaboration: Collaboration) -> int:
    """How many pieces of feedback staff may read (those held back stay uncounted, so the
    count cannot give one away) have not been made into an action yet."""
    shown, _ = feedback_for_staff(collaboration)
    acted_on = set(
        Action.objects.filter(collaboration=collaboration, feedback__isnull=False).values_list(
            "feedback_id", flat=True
        )
    )
    return sum(1 for item in shown if item.pk not in acted_on)


def reflections_for(viewer: Membership) -> tuple[list[Reflection], int]:
    """The reflections `viewer` may read, and how many anonymous ones are held back.

    Named for everyone: everyone in the collaboration who reflects. Staff only: staff, and the
    author. Anonymous: everyone, but those about one session (or one quarter) only once there
    are enough of them that no one can be singled out.
    """

    Visibility = Reflection.Visibility
    collaboration = viewer.collaboration
    everything = list(
        Reflection.objects.filter(collaboration=collaboration).select_related(
            "author__user", "session"
        )
    )
    too_few = _too_few_anonymous(everything, lambda r: (r.session_id, r.quarter), collaboration)
    staff = is_staff_like(viewer)
    shown: list[Reflection] = []
    held_back = 0
    for reflection in everything:
        if reflection.visibility == Visibility.STAFF and not (
            staff or reflection.author_id == viewer.pk
        ):
            continue
        if reflection.is_anonymous and (reflection.session_id, reflection.quarter) in too_few:
            held_back += 1
            continue
        shown.append(reflection)
    return shown, held_back


def contributions_for(viewer: Membership) -> QuerySet[Contribution]:
    """The contributions `viewer` may see: their own always; staff those shared with staff or
    everyone; everyone else those shared with everyone. "Only me" diary entries stay with
    their author."""

    Visibility = Contribution.Visibility
    shared = (
        [Visibility.STAFF, Visibility.EVERYONE] if is_staff_like(viewer) else [Visibility.EVERYONE]
    )
    return (
        Contribution.objects.filter(collaboration=viewer.collaboration)
        .filter(Q(membership=viewer) | Q(visibility__in=shared))
        .select_related("membership__user", "session", "work_area", "task", "action")
        .prefetch_related("steps")
    )


# Under "session", "work_area" and "task": the sessions, work areas and short tasks this
# person may link a contribution to. QuerySet[Any]: callers go through them by name and also
# one after another (`.items()`), which a TypedDict would type as `object`.
type AboutChoices = dict[str, QuerySet[Any]]


def about_choices(membership: Membership) -> AboutChoices:
    """The sessions, work areas and tasks this person may link a contribution to (and so see
    named): staff any; others the sessions they are invited to and the tasks set for them."""

    sessions = Session.objects.filter(collaboration=membership.collaboration)
    if not is_staff_like(membership):
        sessions = sessions.filter(invites__membership=membership)
    return {
        "session": sessions,
        "work_area": WorkArea.objects.filter(collaboration=membership.collaboration),
        "task": tasks_for(membership),
    }
