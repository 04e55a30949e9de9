from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from coproduction.models import Collaboration, Membership, Message
from coproduction.outbox import message_enqueue
from members.models import User
from reflections.models import Action, Contribution, Diary, Feedback, JourneyStep, Reflection
from sessions_app.models import AgendaItem, Session

if TYPE_CHECKING:
    from reflections.forms import ReflectionForm  # for the annotation only, as before

# What "you said, we did" shows for something its author shared with staff only.
STAFF_ONLY_RAISED = "Raised in something shared with staff only."


def feedback_give(
    *,
    collaboration: Collaboration,
    kind: str,
    text: str,
    author: Membership | None,
    session: Session | None = None,
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
    due_on: date | None = None,
    reflection: Reflection | None = None,
    agenda_item: AgendaItem | None = None,
    contribution: Contribution | None = None,
) -> Action:
    """Turns feedback, a reflection (or anything raised) into an action; a named raiser is
    credited and told as it moves on."""

    source = feedback or reflection
    raised = ""
    raised_by = source.author if source else None
    if contribution:
        raised_by = contribution.membership
        raised = (
            contribution.title or contribution.text
            if contribution.visibility == contribution.Visibility.EVERYONE
            else STAFF_ONLY_RAISED  # the board is for everyone
        )
    elif agenda_item:
        raised = f"{agenda_item.title}: {agenda_item.outcome}"
        raised_by = agenda_item.proposed_by
    elif feedback:
        raised = feedback.text
    elif reflection and reflection.visibility == Reflection.Visibility.STAFF:
        raised = "Raised in a reflection shared with staff only."  # the board is for everyone
    elif reflection:
        raised = "\n".join(
            part for part in (reflection.could_be_better, reflection.one_change) if part
        )
    return Action.objects.create(
        collaboration=collaboration,
        title=title,
        raised=raised,
        raised_by=raised_by,
        feedback=feedback,
        reflection=reflection,
        agenda_item=agenda_item,
        contribution=contribution,
        owner=owner,
        due_on=due_on,
    )


def action_tell_raiser(*, action: Action) -> None:
    """Tells the person who raised it (if they gave their name) that the action moved on."""

    if action.raised_by is None:
        return
    action.refresh_from_db()
    message_enqueue(
        recipient=action.raised_by,
        kind=Message.Kind.ACTION_UPDATE,
        category=Message.Category.SERVICE,
        template="reflections/messages/action_update.txt",
        context={"action": action},
        due_at=timezone.now(),
        dedupe_key=f"action:{action.pk}:{action.shared_version}",
    )


def reflection_give(*, form: "ReflectionForm", author: Membership) -> Reflection:
    """Stores a reflection. Anonymous ones keep no author and only the day."""
    reflection: Reflection = form.save(commit=False)
    reflection.collaboration = author.collaboration
    if form.cleaned_data["about"] == "session":
        reflection.quarter = ""
    else:
        reflection.session = None
    reflection.author = None if reflection.is_anonymous else author
    reflection.written_on = timezone.localdate()
    reflection.save(force_insert=True)
    return reflection


@transaction.atomic
def contribution_create(
    *,
    membership: Membership,
    entered_by: User,
    via: str = "online",
    steps: Iterable[dict[str, Any]] = (),  # each a JourneyStep's fields
    diary: Diary | None = None,
    photo_agreed: bool = False,
    **fields: object,  # the Contribution's other fields
) -> Contribution:
    """Stores a contribution credited to `membership` (with its journey steps, in order)."""

    fields = {name: value for name, value in fields.items() if value is not None}
    contribution = Contribution(
        collaboration=membership.collaboration,
        membership=membership,
        entered_by=entered_by,
        received_via=via,
        diary=diary,
        **fields,
    )
    if contribution.photo:
        contribution.photo_agreed_on = timezone.localdate()
    if diary is not None:
        contribution.kind = Contribution.Kind.DIARY
    contribution.full_clean(exclude=["photo", "voice_note"])
    contribution.save(force_insert=True)
    JourneyStep.objects.bulk_create(
        JourneyStep(contribution=contribution, position=position, **step)
        for position, step in enumerate(steps, start=1)
    )
    return contribution


def contribution_share(*, contribution: Contribution, visibility: str) -> None:
    """The author changes who can see their contribution (a diary entry starts as theirs).
    Taken back from everyone, its words come off the public "you said, we did" board too."""

    contribution.visibility = visibility
    contribution.validate_constraints()  # "only me" is for diary entries
    contribution.save(update_fields=["visibility"])
    if visibility != contribution.Visibility.EVERYONE:
        Action.objects.filter(contribution=contribution).update(raised=STAFF_ONLY_RAISED)
