"""Briefs, reminders and reflection prompts for sessions, and the prompt to staff when a few
members do most of the talking. Registered in SessionsAppConfig.ready()."""

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse

from coproduction.models import Collaboration, FieldChange, Membership, Message
from coproduction.outbox import message_enqueue
from coproduction.reminders import collaboration_leads, first_name, site_link
from members.models import Profile
from sessions_app.links import invite_answer_url
from sessions_app.models import AgendaItem, Session, SessionInvite

Kind = Message.Kind
Category = Message.Category
Status = Membership.Status
BRIEF_DAYS_BEFORE = 7
FEW_VOICES_DAYS = 90
FEW_VOICES_SHARE = 0.7  # the top three members make this share of contributions or more
FEW_VOICES_MINIMUM = 10  # contributions before the pattern means anything


def _hours(text: str) -> list[int]:
    hours = []
    for part in (text or "").split(","):
        part = part.strip()
        if part.isdigit() and 0 < int(part) <= 24 * 60:
            hours.append(int(part))
    return hours


def _when(moment: datetime, time_zone: str) -> str:
    local = moment.astimezone(ZoneInfo(time_zone))
    return (
        f"{local:%A %-d %B} at {local:%-I:%M%p}".replace(":00", "")
        .replace("AM", "am")
        .replace("PM", "pm")
    )


def _before(moment: datetime, hours: int, time_zone: str) -> datetime:
    """`hours` before `moment` on the local clock: a reminder 7 days before a 6pm session comes
    at 6pm, even when the clocks change in between."""
    tz = ZoneInfo(time_zone)
    local = moment.astimezone(tz).replace(tzinfo=None) - timedelta(hours=hours)
    return local.replace(tzinfo=tz)


def _stamp(session: Session) -> str:
    """The session's start in a dedupe key: a moved session gets new reminders, and the outbox
    cancels the old ones (see message_kinds.reminder_still_wanted)."""
    return f":{session.starts_at.astimezone(UTC):%Y%m%dT%H%M}"


def produce_session_messages(*, now: datetime) -> int:
    """Briefs (7 days before), reminders (per collaboration or per person), reflection prompts."""
    created = 0
    horizon = now + timedelta(days=31)
    invites = (
        SessionInvite.objects.filter(session__status=Session.Status.SCHEDULED)
        .filter(
            Q(session__starts_at__gt=now, session__starts_at__lte=horizon)
            | Q(session__ends_at__lte=now, session__ends_at__gt=now - timedelta(days=2))
        )
        .exclude(response=SessionInvite.Response.NO)
        .exclude(membership__status__in=[Status.STEPPED_AWAY, Status.ALUMNI])
        .select_related("session__collaboration", "membership__user", "membership__collaboration")
    )
    profiles = {
        p.user_id: p for p in Profile.objects.filter(user__memberships__session_invites__in=invites)
    }
    for invite in invites:
        session, member = invite.session, invite.membership
        page = site_link(
            reverse("sessions:session-detail", args=[session.collaboration.slug, session.code])
        )
        name = first_name(member)
        if session.ends_at <= now:
            reflect = site_link(
                reverse("reflections:reflection-give", args=[session.collaboration.slug])
                + f"?session={session.code}"
            )
            if invite.attendance == SessionInvite.Attendance.ATTENDED:
                created += bool(
                    message_enqueue(
                        recipient=member,
                        kind=Kind.REFLECTION,
                        category=Category.PROMPTS,
                        template="sessions_app/messages/reflection.txt",
                        context={"session": session, "name": name, "url": reflect},
                        due_at=session.ends_at + timedelta(hours=2),
                        dedupe_key=f"reflection:{invite.pk}",
                        session=session,
                    )
                )
            continue
        when = _when(session.starts_at, session.time_zone)
        if session.brief_summary:
            due = max(now, session.starts_at - timedelta(days=BRIEF_DAYS_BEFORE))
            if message_enqueue(
                recipient=member,
                kind=Kind.BRIEF,
                category=Category.SERVICE,
                template="sessions_app/messages/brief.txt",
                context={"session": session, "name": name, "when": when, "url": page},
                due_at=due,
                dedupe_key=f"brief:{invite.pk}{_stamp(session)}",
                session=session,
            ):
                created += 1
                if session.brief_sent_at is None and due <= now:
                    Session.objects.filter(pk=session.pk, brief_sent_at__isnull=True).update(
                        brief_sent_at=now
                    )
        profile = profiles.get(member.user_id)
        hours = _hours(profile.reminder_hours if profile else "") or _hours(
            session.collaboration.reminder_hours
        )
        for hours_before in hours:
            due = _before(session.starts_at, hours_before, session.time_zone)
            if due < invite.session.created_at:
                continue  # planned at shorter notice than this reminder
            answer = invite_answer_url(invite)
            created += bool(
                message_enqueue(
                    recipient=member,
                    kind=Kind.REMINDER,
                    category=Category.REMINDERS,
                    template="sessions_app/messages/reminder.txt",
                    context={"session": session, "name": name, "when": when, "url": answer},
                    due_at=due,
                    dedupe_key=f"reminder:{invite.pk}:{hours_before}h{_stamp(session)}",
                    session=session,
                )
            )
    return created


def _member_contributions(collaboration: Collaboration, since: datetime) -> Counter[int]:
    """Agenda items proposed and shared-record changes, per member (by membership id), since
    `since`."""
    counts: Counter[int] = Counter()
    for membership_id in AgendaItem.objects.filter(
        session__collaboration=collaboration,
        created_at__gte=since,
        proposed_by__role=Membership.Role.MEMBER,
    ).values_list("proposed_by_id", flat=True):
        counts[membership_id] += 1
    members = dict(
        Membership.objects.filter(
            collaboration=collaboration, role=Membership.Role.MEMBER
        ).values_list("user_id", "pk")
    )
    agenda_type = ContentType.objects.get_for_model(AgendaItem)
    changes = FieldChange.objects.filter(
        changed_at__gte=since,
        content_type=agenda_type,
        object_id__in=AgendaItem.objects.filter(session__collaboration=collaboration).values("pk"),
    )
    for user_id, behalf_id in changes.values_list("changed_by_id", "on_behalf_of_id"):
        member = behalf_id or members.get(user_id)
        if member:
            counts[member] += 1
    return counts


def produce_few_voices(*, now: datetime) -> int:
    """Prompts staff when a few members make most of the contributions (agenda items and
    edits), so the collaboration keeps hearing fresh voices."""
    created = 0
    for collaboration in Collaboration.objects.all():
        leads = list(collaboration_leads(collaboration))
        if not leads:
            continue
        counts = _member_contributions(collaboration, now - timedelta(days=FEW_VOICES_DAYS))
        total = sum(counts.values())
        active = Membership.objects.filter(
            collaboration=collaboration, role=Membership.Role.MEMBER, status=Status.ACTIVE
        ).count()
        top_three = sum(count for _, count in counts.most_common(3))
        if total >= FEW_VOICES_MINIMUM and active > 3 and top_three / total >= FEW_VOICES_SHARE:
            share = round(100 * top_three / total)
            for lead in leads:
                created += bool(
                    message_enqueue(
                        recipient=lead,
                        kind=Kind.FEW_VOICES,
                        category=Category.SERVICE,
                        template="sessions_app/messages/few_voices.txt",
                        context={
                            "collaboration": collaboration,
                            "share": share,
                            "days": FEW_VOICES_DAYS,
                            "active": active,
                        },
                        due_at=now,
                        dedupe_key=f"few-voices:{collaboration.pk}:{now:%Y-%m}:{lead.pk}",
                    )
                )
    return created
