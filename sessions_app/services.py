"""Every write to sessions, agenda items, invitations, attendance, polls and calendar feeds."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from coproduction.models import Collaboration, Membership, WorkArea
from members.models import StepAway, User
from payments.services import claim_for_task_answer, claims_from_attendance
from reflections.services import contribution_create
from sessions_app.models import (
    AgendaItem,
    CalendarFeed,
    Poll,
    PollAnswer,
    PollOption,
    Session,
    SessionInvite,
    ShortTask,
    TaskAnswer,
    Venue,
)
from sessions_app.tasks import poll_invitations_send_task, session_invitations_send_task

Attendance = SessionInvite.Attendance

SESSION_FIELDS = (
    "title",
    "kind",
    "mode",
    "work_area",
    "starts_at",
    "ends_at",
    "time_zone",
    "venue",
    "video_link",
    "phone_details",
    "chair",
    "preparation_minutes",
)
BRIEF_FIELDS = ("brief_summary", "brief_details", "brief_questions", "brief_easy_read", "status")


@transaction.atomic
def session_create(
    *,
    collaboration: Collaboration,
    created_by: User,
    data: dict[str, Any],
    invitees: list[Membership],
    facilitators: Sequence[Membership] = (),
) -> Session:
    """Creates the session, invites people (and the facilitators), and sends invitations."""
    session = Session.objects.create(
        collaboration=collaboration,
        created_by=created_by,
        **{name: data[name] for name in SESSION_FIELDS if name in data},
    )
    session.facilitators.set(facilitators)
    everyone = {m.pk: m for m in [*invitees, *facilitators]}
    chair = session.chair  # no query when there is no chair
    if chair is not None:
        everyone.setdefault(chair.pk, chair)
    # People who have stepped away over the session's date are not invited (no penalty).
    session_day = timezone.localtime(session.starts_at).date()
    away = set(
        StepAway.objects.filter(membership_id__in=everyone, ended_on__isnull=True)
        .filter(Q(return_on__isnull=True) | Q(return_on__gt=session_day))
        .values_list("membership_id", flat=True)
    )
    SessionInvite.objects.bulk_create(
        [
            SessionInvite(session=session, membership=m)
            for m in everyone.values()
            if m.status != Membership.Status.ALUMNI and m.pk not in away
        ]
    )
    session_invitations_send_task.delay_on_commit(session.pk)
    return session


def session_update(*, session: Session, data: dict[str, Any], fields: tuple[str, ...]) -> Session:
    for name in fields:
        setattr(session, name, data[name])
    session.save(update_fields=list(fields))
    return session


CHANGE_FIELDS = (
    "title",
    "mode",
    "venue",
    "video_link",
    "phone_details",
    "chair",
    "status",
    "starts_at",
    "ends_at",
    "preparation_minutes",
    "ladder_rung",
    "lundy_space",
    "lundy_voice",
    "lundy_audience",
    "lundy_influence",
)


def session_change(*, session: Session, data: dict[str, Any]) -> Session:
    """Saves a change of time, place or status; invitees hear about a new time or place."""
    moved = any(
        data[name] != getattr(session, name)
        for name in ("starts_at", "ends_at", "venue", "mode", "video_link")
    ) or (data["status"] == Session.Status.CANCELLED != session.status)
    session_update(session=session, data=data, fields=CHANGE_FIELDS)
    if moved:
        session_invitations_send_task.delay_on_commit(session.pk)
    return session


def venue_create(*, collaboration: Collaboration, data: dict[str, Any]) -> Venue:
    return Venue.objects.create(collaboration=collaboration, **data)


def invite_respond(*, invite: SessionInvite, response: str) -> SessionInvite:
    invite.response = response
    invite.responded_at = timezone.now()
    invite.save(update_fields=["response", "responded_at"])
    return invite


@transaction.atomic
def agenda_item_propose(
    *, session: Session, proposed_by: Membership, title: str, description: str
) -> AgendaItem:
    last = session.agenda_items.aggregate(last=Max("position"))["last"]
    return AgendaItem.objects.create(
        session=session,
        proposed_by=proposed_by,
        title=title,
        description=description,
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool) -> None:
    """Swaps the item with its neighbour; positions are renumbered 0..n-1 first."""
    items = list(item.session.agenda_items.select_for_update().order_by("position", "created_at"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, agenda_item in enumerate(items):
        if agenda_item.position != position:
            AgendaItem.objects.filter(pk=agenda_item.pk).update(position=position)


def attendance_record(*, session: Session, recorded_by: User, attendance: dict[int, str]) -> int:
    """Records who came. This is the record that paid time is built on."""
    changed = 0
    now = timezone.now()
    for invite in session.invites.all():
        value = attendance.get(invite.pk)
        if value and value != invite.attendance:
            SessionInvite.objects.filter(pk=invite.pk).update(
                attendance=value, attendance_recorded_at=now, attendance_recorded_by=recorded_by
            )
            changed += 1
    if changed:
        claims_from_attendance(session)
    return changed


def attendance_mark_said_yes(*, session: Session, recorded_by: User) -> int:
    """Marks everyone who said they would come, and has nothing recorded yet, as came: the
    register's usual starting point. Anyone already marked keeps their mark."""
    changed = SessionInvite.objects.filter(
        session=session, response=SessionInvite.Response.YES, attendance=Attendance.UNKNOWN
    ).update(
        attendance=Attendance.ATTENDED,
        attendance_recorded_at=timezone.now(),
        attendance_recorded_by=recorded_by,
    )
    if changed:
        claims_from_attendance(session)
    return changed


def check_in(*, invite: SessionInvite) -> None:
    SessionInvite.objects.filter(pk=invite.pk).update(
        attendance=Attendance.ATTENDED,
        checked_in=True,
        attendance_recorded_at=timezone.now(),
        attendance_recorded_by=invite.membership.user,
    )
    claims_from_attendance(invite.session)


@transaction.atomic
def poll_create(
    *,
    collaboration: Collaboration,
    created_by: User,
    title: str,
    invitees: list[Membership],
    options: list[tuple[datetime, datetime]],
    work_area: WorkArea | None = None,
) -> Poll:
    poll = Poll.objects.create(
        collaboration=collaboration, created_by=created_by, title=title, work_area=work_area
    )
    poll.invitees.set(invitees)
    PollOption.objects.bulk_create(
        [PollOption(poll=poll, starts_at=s, ends_at=e) for s, e in options]
    )
    poll_invitations_send_task.delay_on_commit(poll.pk)
    return poll


@transaction.atomic
def poll_answer(*, poll: Poll, membership: Membership, answers: dict[int, str]) -> None:
    for option in poll.options.all():
        if option.pk in answers:
            PollAnswer.objects.update_or_create(
                option=option,
                membership=membership,
                defaults={"answer": answers[option.pk], "answered_at": timezone.now()},
            )


@transaction.atomic
def poll_confirm(*, poll: Poll, option: PollOption, created_by: User) -> Session:
    """The chosen time becomes the session; everyone asked is invited to it."""
    invitees = list(poll.invitees.select_related("user"))
    facilitators = [m for m in invitees if m.role in ("staff", "admin", "facilitator")]
    session = session_create(
        collaboration=poll.collaboration,
        created_by=created_by,
        data={
            "title": poll.title,
            "kind": poll.kind,
            "mode": poll.mode,
            "work_area": poll.work_area,
            "starts_at": option.starts_at,
            "ends_at": option.ends_at,
            "time_zone": settings.TIME_ZONE,
            "venue": None,
            "video_link": "",
            "phone_details": "",
            "chair": None,
        },
        invitees=invitees,
        facilitators=facilitators,
    )
    Poll.objects.filter(pk=poll.pk).update(status=Poll.Status.CONFIRMED, session=session)
    return session


def calendar_feed_for(*, user: User) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """A new private address; the old one stops working at once."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)


@transaction.atomic
def task_answer(
    *,
    task: ShortTask,
    membership: Membership,
    text: str,
    visibility: str,
    entered_by: User,
    via: str,
    photo: "File[bytes] | None" = None,
    photo_description: str = "",
    photo_agreed: bool = False,
    voice_note: "File[bytes] | None" = None,
) -> TaskAnswer:
    """Stores an answer (once per person) and, for a paid task, drafts their claim. A photo or
    voice note sent with it is kept as their contribution to the task, seen by the same people."""

    answer = TaskAnswer.objects.create(
        task=task,
        membership=membership,
        text=text,
        visibility=visibility,
        entered_by=entered_by,
        received_via=via,
    )
    if photo or voice_note:
        contribution_create(
            membership=membership,
            entered_by=entered_by,
            via=via,
            task=task,
            title=f"For the task: {task.title}"[:200],
            visibility=visibility,
            photo=photo,
            photo_description=photo_description,
            voice_note=voice_note,
        )
    claim_for_task_answer(answer)
    return answer
