"""The core's own items in the "needs you" queue: messages that could not be sent, calls
and letters for staff, and membership terms about to end."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from coproduction.models import Membership, Message
from coproduction.permissions import Action, may
from coproduction.work_queue import QueueItem

TERMS_ENDING_WITHIN = timedelta(days=60)


def messages_to_act_on(membership: Membership) -> list[QueueItem]:
    if not may(membership, Action.VIEW_PEOPLE):
        return []
    State, Channel = Message.State, Message.Channel
    counts = Message.objects.filter(collaboration=membership.collaboration).aggregate(
        failed=Count("pk", filter=Q(state=State.FAILED)),
        calls=Count("pk", filter=Q(state=State.WITH_STAFF, channel=Channel.CALL)),
        letters=Count("pk", filter=Q(state=State.WITH_STAFF, channel=Channel.POST)),
    )
    outbox = reverse("coproduction:outbox", args=[membership.collaboration.slug])
    items = []
    if counts["failed"]:
        text = ngettext(
            "%(count)d message could not be sent.",
            "%(count)d messages could not be sent.",
            counts["failed"],
        )
        items.append(
            QueueItem(text % {"count": counts["failed"]}, outbox + "#failed", "See why", True)
        )
    if counts["calls"]:
        text = ngettext("%(count)d call to make.", "%(count)d calls to make.", counts["calls"])
        items.append(QueueItem(text % {"count": counts["calls"]}, outbox + "#calls", "Calls"))
    if counts["letters"]:
        text = ngettext(
            "%(count)d letter to post.", "%(count)d letters to post.", counts["letters"]
        )
        items.append(QueueItem(text % {"count": counts["letters"]}, outbox + "#letters", "Letters"))
    return items


def terms_ending(membership: Membership) -> list[QueueItem]:
    if not may(membership, Action.VIEW_PEOPLE):
        return []
    today = timezone.localdate()
    ending = (
        Membership.objects.filter(
            collaboration=membership.collaboration,
            term_end__range=(today, today + TERMS_ENDING_WITHIN),
        )
        .exclude(status=Membership.Status.ALUMNI)
        .count()
    )
    if not ending:
        return []
    text = ngettext(
        "%(count)d person's membership term ends in the next 60 days.",
        "%(count)d people's membership terms end in the next 60 days.",
        ending,
    )
    url = reverse("coproduction:collaboration-home", args=[membership.collaboration.slug])
    return [QueueItem(text % {"count": ending}, url + "#terms-ending", "Who")]
