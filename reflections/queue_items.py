"""The reflections app's item in the "needs you" queue: feedback no one has acted on yet."""

from django.urls import reverse
from django.utils.translation import ngettext

from coproduction.models import Membership
from coproduction.permissions import Action, may
from coproduction.work_queue import QueueItem
from reflections import selectors


def feedback_without_an_action(membership: Membership) -> list[QueueItem]:
    if not may(membership, Action.VIEW_FEEDBACK):
        return []
    count = selectors.feedback_without_action_count(membership.collaboration)
    if not count:
        return []
    text = ngettext(
        "%(count)d piece of feedback has no action yet.",
        "%(count)d pieces of feedback have no action yet.",
        count,
    )
    url = reverse("reflections:feedback-list", args=[membership.collaboration.slug])
    return [QueueItem(text % {"count": count}, url, "Read the feedback")]
