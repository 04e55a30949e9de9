"""What the outbox should send, and when: reminders and prompts are rows with a due time,
scheduled idempotently (one dedupe key per purpose), never far-future Celery tasks."""

from collections import Counter
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Collaboration, FieldChange, Membership, Message
from coproduction.outbox import message_enqueue
from members.models import Commitment, Profile, StepAway

Kind = Message.Kind
Category = Message.Category
Status = Membership.Status
BRIEF_DAYS_BEFORE = 7
EXAM_CHECK_IN_DAYS_BEFORE = 14
TERM_ENDING_DAYS = 60


def _hours(text: str) -> list[int]:
    hours = []
    for part in (text or "").split(","):
        part = part.strip()
        if part.isdigit() and 0 < int(part) <= 24 * 60:
            hours.append(int(part))
    return hours


def _link(path: str) -> str:
    return settings.SITE_URL + path


def _when(moment: datetime, time_zone: str) -> str:
    from zoneinfo import ZoneInfo

    local = moment.astimezone(ZoneInfo(time_zone))
    return (
        f"{local:%A %-d %B} at {local:%-I:%M%p}".replace(":00", "")
        .replace("AM", "am")
        .replace("PM", "pm")
    )


def _before(moment: datetime, hours: int, time_zone: str) -> datetime:
    """`hours` before `moment` on the local clock: a reminder 7 days before a 6pm session comes
    at 6pm, even when the clocks change in between."""
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(time_zone)
    local = moment.astimezone(tz).replace(tzinfo=None) - timedelta(hours=hours)
    return local.replace(tzinfo=tz)


def _stamp(session) -> str:
    """The session's start in a dedupe key: a moved session gets new reminders, and the outbox
    cancels the old ones (see outbox._still_wanted)."""
    return f":{session.starts_at.astimezone(UTC):%Y%m%dT%H%M}"


def _first_name(membership: Membership) -> str:
    return membership.user.shown_name.split(" ", 1)[0]


def schedule_session_messages(*, now: datetime) -> int:
    """Briefs (7 days before), reminders (per collaboration or per person), reflection prompts."""
    from sessions_app.links import invite_answer_url
    from sessions_app.models import Session, SessionInvite

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
        page = _link(
            reverse("sessions:session-detail", args=[session.collaboration.slug, session.code])
        )
        name = _first_name(member)
        if session.ends_at <= now:
            reflect = _link(
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


def schedule_people_messages(*, now: datetime) -> int:
    """Step-away check-ins, exam-season check-ins, and terms ending within 60 days."""
    created = 0
    today = timezone.localdate(now)
    for away in StepAway.objects.filter(ended_on__isnull=True, return_on__lte=today).select_related(
        "membership__user", "membership__collaboration"
    ):
        member = away.membership
        page = _link(
            reverse("members:person-detail", args=[member.collaboration.slug, member.code])
        )
        created += bool(
            message_enqueue(
                recipient=member,
                kind=Kind.STEP_AWAY_CHECK_IN,
                category=Category.SERVICE,
                template="members/messages/step_away_check_in.txt",
                context={
                    "name": _first_name(member),
                    "collaboration": member.collaboration,
                    "url": page,
                },
                due_at=now,
                dedupe_key=f"step-away:{away.pk}",
            )
        )
    soon = today + timedelta(days=EXAM_CHECK_IN_DAYS_BEFORE)
    exams = Commitment.objects.filter(
        kind=Commitment.Kind.EXAM, starts_on__gt=today, starts_on__lte=soon
    )
    for exam in exams:
        for member in Membership.objects.filter(
            user_id=exam.user_id, status=Status.ACTIVE
        ).select_related("user", "collaboration"):
            page = _link(
                reverse("members:person-step-away", args=[member.collaboration.slug, member.code])
            )
            created += bool(
                message_enqueue(
                    recipient=member,
                    kind=Kind.EXAM_CHECK_IN,
                    category=Category.PROMPTS,
                    template="members/messages/exam_check_in.txt",
                    context={
                        "name": _first_name(member),
                        "collaboration": member.collaboration,
                        "exam": exam,
                        "url": page,
                    },
                    due_at=now,
                    dedupe_key=f"exam:{exam.pk}:{member.pk}",
                )
            )
    ending = (
        Membership.objects.filter(
            term_end__gt=today, term_end__lte=today + timedelta(days=TERM_ENDING_DAYS)
        )
        .exclude(status=Status.ALUMNI)
        .select_related("user", "collaboration")
    )
    for member in ending:
        created += bool(
            message_enqueue(
                recipient=member,
                kind=Kind.TERM_ENDING,
                category=Category.SERVICE,
                template="coproduction/messages/term_ending.txt",
                context={
                    "name": _first_name(member),
                    "member": member,
                    "collaboration": member.collaboration,
                },
                due_at=now,
                dedupe_key=f"term:{member.pk}:{member.term_end}",
            )
        )
        staff = Membership.objects.filter(
            collaboration=member.collaboration,
            role__in=[Membership.Role.STAFF, Membership.Role.ADMIN],
        ).exclude(status=Status.ALUMNI)
        for lead in staff.select_related("user", "collaboration"):
            created += bool(
                message_enqueue(
                    recipient=lead,
                    kind=Kind.TERM_ENDING_STAFF,
                    category=Category.SERVICE,
                    template="coproduction/messages/term_ending_staff.txt",
                    context={"member": member, "collaboration": member.collaboration},
                    due_at=now,
                    dedupe_key=f"term-staff:{member.pk}:{member.term_end}:{lead.pk}",
                )
            )
    return created


FEW_VOICES_DAYS = 90
FEW_VOICES_SHARE = 0.7  # the top three members make this share of contributions or more
FEW_VOICES_MINIMUM = 10  # contributions before the pattern means anything


def _member_contributions(collaboration, since: datetime) -> Counter:
    """Agenda items proposed and shared-record changes, per member, since `since`."""
    from django.contrib.contenttypes.models import ContentType

    from sessions_app.models import AgendaItem

    counts: Counter = Counter()
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


def schedule_refresh_prompts(*, now: datetime) -> int:
    """Prompts staff when no one has joined for a while, and when a few members make most of
    the contributions, so the collaboration keeps hearing fresh voices."""
    created = 0
    for collaboration in Collaboration.objects.all():
        leads = list(
            Membership.objects.filter(
                collaboration=collaboration, role__in=[Membership.Role.STAFF, Membership.Role.ADMIN]
            )
            .exclude(status=Status.ALUMNI)
            .select_related("user", "collaboration")
        )
        if not leads:
            continue
        last_join = Membership.objects.filter(
            collaboration=collaboration, role=Membership.Role.MEMBER
        ).aggregate(last=Max("created_at"))["last"]
        if last_join and last_join < now - timedelta(days=collaboration.refresh_after_days):
            for lead in leads:
                created += bool(
                    message_enqueue(
                        recipient=lead,
                        kind=Kind.NO_NEW_MEMBERS,
                        category=Category.SERVICE,
                        template="coproduction/messages/no_new_members.txt",
                        context={"collaboration": collaboration, "last_join": last_join},
                        due_at=now,
                        dedupe_key=f"no-joins:{collaboration.pk}:{last_join:%Y-%m-%d}:{lead.pk}",
                    )
                )
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
                        template="coproduction/messages/few_voices.txt",
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


def schedule_payment_nudges(*, now: datetime) -> int:
    """Members with a claim from a session they came to and have not confirmed; approvers
    when claims have waited too long. Once per claim, and once per approver per day."""
    from payments.models import Claim
    from payments.money import payment_settings, pounds

    created = 0
    for collaboration in Collaboration.objects.filter(claims__isnull=False).distinct():
        rules = payment_settings(collaboration)
        drafts = Claim.objects.filter(
            collaboration=collaboration,
            status=Claim.Status.DRAFT,
            created_at__lte=now - timedelta(days=rules.confirm_nudge_days),
        ).select_related("membership__user", "collaboration")
        for claim in drafts:
            page = _link(reverse("payments:claim", args=[collaboration.slug, claim.code]))
            created += bool(
                message_enqueue(
                    recipient=claim.membership,
                    kind=Kind.CLAIM_TO_CONFIRM,
                    category=Category.SERVICE,
                    template="payments/messages/claim_to_confirm.txt",
                    context={
                        "name": _first_name(claim.membership),
                        "claim": claim,
                        "amount": pounds(claim.amount_due),
                        "url": page,
                    },
                    due_at=now,
                    dedupe_key=f"claim-confirm:{claim.pk}",
                )
            )
        waiting = Claim.objects.filter(
            collaboration=collaboration,
            status=Claim.Status.SUBMITTED,
            submitted_at__lte=now - timedelta(days=rules.approval_nudge_days),
        ).count()
        if not waiting:
            continue
        page = _link(reverse("payments:approvals", args=[collaboration.slug]))
        approvers = (
            Membership.objects.filter(
                collaboration=collaboration, role__in=[Membership.Role.STAFF, Membership.Role.ADMIN]
            )
            .exclude(status=Status.ALUMNI)
            .select_related("user", "collaboration")
        )
        for approver in approvers:
            created += bool(
                message_enqueue(
                    recipient=approver,
                    kind=Kind.CLAIMS_WAITING,
                    category=Category.SERVICE,
                    template="payments/messages/claims_waiting.txt",
                    context={
                        "waiting": waiting,
                        "days": rules.approval_nudge_days,
                        "collaboration": collaboration,
                        "url": page,
                    },
                    due_at=now,
                    dedupe_key=f"claims-waiting:{collaboration.pk}:{timezone.localdate(now)}:{approver.pk}",
                )
            )
    return created


def schedule_due_messages(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return (
        schedule_session_messages(now=now)
        + schedule_people_messages(now=now)
        + schedule_refresh_prompts(now=now)
        + schedule_payment_nudges(now=now)
    )
