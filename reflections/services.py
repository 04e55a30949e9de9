from django.utils import timezone

from coproduction.models import Collaboration, Membership
from reflections.models import Feedback


def feedback_give(
    *,
    collaboration: Collaboration,
    kind: str,
    text: str,
    author: Membership | None,
    session=None,
    received_via: str = Feedback.Via.ONLINE,
) -> Feedback:
    """Stores feedback. With no author it is anonymous: only the day is kept, nothing else."""
    return Feedback.objects.create(
        collaboration=collaboration,
        kind=kind,
        text=text,
        author=author,
        session=session,
        received_on=timezone.localdate(),
        received_via=received_via,
    )


def action_create(
    *,
    collaboration: Collaboration,
    title: str,
    feedback: Feedback | None,
    owner: Membership | None,
    due_on=None,
):
    """Turns feedback (or anything raised) into an action; a named raiser is credited and told."""
    from reflections.models import Action

    return Action.objects.create(
        collaboration=collaboration,
        title=title,
        raised=feedback.text if feedback else "",
        raised_by=feedback.author if feedback else None,
        feedback=feedback,
        owner=owner,
        due_on=due_on,
    )


def action_tell_raiser(*, action) -> None:
    """Tells the person who raised it (if they gave their name) that the action moved on."""
    from coproduction.models import Message
    from coproduction.outbox import message_enqueue

    if action.raised_by is None:
        return
    action.refresh_from_db()
    message_enqueue(
        recipient=action.raised_by,
        kind=Message.Kind.ACTION_UPDATE,
        category=Message.Category.SERVICE,
        subject=f"What you raised: {action.get_status_display().lower()}",
        body=f"You raised: {action.raised}\n\nWhat we are doing: {action.title}\n"
        f"Where it is: {action.get_status_display()}.\n{action.outcome}",
        due_at=timezone.now(),
        dedupe_key=f"action:{action.pk}:{action.shared_version}",
    )
