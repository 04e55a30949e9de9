"""A collaboration whose report figures are known, for the last full quarter before today.

Everything happens in the first month of the quarter (day 3 onwards), so the figures do not
depend on today's date. Every member's name starts with "Zed" so tests can look for names.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from coproduction.models import Collaboration, FieldChange, Membership
from members.models import MonitoringResponse, StepAway
from payments.models import Claim, Payment
from reflections.models import Action, Celebration, Contribution, Feedback, Reflection
from sessions_app.models import (
    AgendaItem,
    LadderRung,
    Session,
    SessionInvite,
    ShortTask,
    TaskAnswer,
)
from tests.factories import MembershipFactory, UserFactory, WorkAreaFactory

Role, Status = Membership.Role, Membership.Status


def last_full_quarter(today: date) -> tuple[date, date]:
    first_this = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = first_this - timedelta(days=1)
    return date(end.year, end.month - 2, 1), end


@dataclass
class KnownReport:
    collaboration: Collaboration
    start: date
    end: date
    names: list[str]


def _at(day: date, hour: int = 18) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def build_known_report(collaboration: Collaboration) -> KnownReport:
    start, end = last_full_quarter(timezone.localdate())
    day = start + timedelta(days=2)
    before = _at(start - timedelta(days=200))
    collaboration.community_profile = {"ethnicity": {"white": 70, "asian": 15}}
    collaboration.save(update_fields=["community_profile"])
    names: list[str] = []

    def member(n: int, status: str, joined: datetime) -> Membership:
        name = f"Zed Member{n:02d} Quillfeather"
        names.append(name)
        return MembershipFactory(
            collaboration=collaboration,
            user=UserFactory(name=name),
            status=status,
            created_at=joined,
            term_start=joined.date(),
        )

    # 12 active (7 joined in the period), 3 stepped away, 6 alumni.
    active = [member(n, Status.ACTIVE, _at(day) if n < 7 else before) for n in range(12)]
    away = [member(12 + n, Status.STEPPED_AWAY, before) for n in range(3)]
    alumni = [member(15 + n, Status.ALUMNI, before) for n in range(6)]
    for m in away:
        StepAway.objects.create(membership=m, started_on=day)
    # Two terms end in the period.
    for m in alumni[:2]:
        Membership.objects.filter(pk=m.pk).update(term_end=day + timedelta(days=5))
    staff = MembershipFactory(
        collaboration=collaboration,
        user=UserFactory(name="Zed Staffer Quillfeather"),
        role=Role.STAFF,
    )
    names.append("Zed Staffer Quillfeather")

    # Equality monitoring from 10 current members.
    ethnicities = ["white"] * 6 + ["asian"] * 2 + ["black"] * 2
    genders = ["woman"] * 4 + ["man"] * 6
    for n, m in enumerate((active + away)[:10]):
        MonitoringResponse.objects.create(
            membership=m,
            age_band="18_24",
            ethnicity=ethnicities[n],
            disability="yes" if n < 5 else "no",
            gender=genders[n],
        )

    area = WorkAreaFactory(collaboration=collaboration, name="Transport", target_active_members=10)
    for m in active[:6]:
        m.work_areas.add(area)

    def session(kind, mode, rung, offset, chair=None, status=Session.Status.HELD, work_area=None):
        starts = _at(day + timedelta(days=offset))
        return Session.objects.create(
            collaboration=collaboration,
            title=f"Session {offset}",
            kind=kind,
            mode=mode,
            ladder_rung=rung,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            chair=chair,
            status=status,
            work_area=work_area,
        )

    K, M = Session.Kind, Session.Mode
    s1 = session(K.WORK_AREA, M.IN_PERSON, LadderRung.CO_PRODUCTION, 0, active[0], work_area=area)
    s2 = session(K.WORK_AREA, M.IN_PERSON, LadderRung.CO_PRODUCTION, 1, staff, work_area=area)
    session(K.SOCIAL, M.VIDEO, LadderRung.CONSULTATION, 2)
    session(K.WHOLE, M.HYBRID, "", 3)
    session(K.WHOLE, M.VIDEO, LadderRung.COERCION, 4, status=Session.Status.CANCELLED)
    outside = Session.objects.create(
        collaboration=collaboration,
        title="Before the period",
        starts_at=_at(start - timedelta(days=10)),
        ends_at=_at(start - timedelta(days=10)) + timedelta(hours=1),
    )
    came = SessionInvite.Attendance.ATTENDED
    for m in active[:6]:
        SessionInvite.objects.create(session=s1, membership=m, attendance=came)
    SessionInvite.objects.create(session=s1, membership=staff, attendance=came)
    for m in active[:5]:
        SessionInvite.objects.create(session=s2, membership=m, attendance=came)
    SessionInvite.objects.create(session=s2, membership=active[6], attendance="absent")
    SessionInvite.objects.create(session=outside, membership=active[8], attendance=came)

    # Agenda items: 3 from two members, 2 from staff.
    for proposer in (active[0], active[0], active[1], staff, staff):
        AgendaItem.objects.create(session=s1, title="Item", proposed_by=proposer)

    # Payments: five members paid £55 for 2 hours plus half an hour's preparation, 10 days after
    # sending; one bus fare of £4.50 paid after 30 days.
    for m in active[:5]:
        claim = Claim.objects.create(
            collaboration=collaboration,
            membership=m,
            kind=Claim.Kind.FEE,
            description="Session",
            date_worked=day,
            activity="session",
            unit="hour",
            quantity=Decimal("2"),
            preparation_hours=Decimal("0.5"),
            amount_due=Decimal("55.00"),
            method="bank",
            status=Claim.Status.PAID,
            submitted_at=_at(day),
        )
        Payment.objects.create(
            collaboration=collaboration,
            claim=claim,
            amount=Decimal("55.00"),
            method="bank",
            paid_on=day + timedelta(days=10),
        )
    fare = Claim.objects.create(
        collaboration=collaboration,
        membership=active[0],
        kind=Claim.Kind.EXPENSE,
        expense_type=Claim.ExpenseType.FARES,
        description="Bus",
        date_worked=day,
        amount_due=Decimal("4.50"),
        method="bank",
        status=Claim.Status.PAID,
        submitted_at=_at(day),
    )
    Payment.objects.create(
        collaboration=collaboration,
        claim=fare,
        amount=Decimal("4.50"),
        method="bank",
        paid_on=day + timedelta(days=30),
    )

    # Reflections: four "good" and two "great" about the Transport session.
    for feeling in (4, 4, 4, 4, 5, 5):
        Reflection.objects.create(
            collaboration=collaboration,
            session=s1,
            feeling=feeling,
            went_well="Zed Member00 Quillfeather made it fun",
            visibility=Reflection.Visibility.ANONYMOUS,
            written_on=day + timedelta(days=1),
        )

    # Feedback: 3 concerns and 5 ideas; two become actions, one done a week later.
    pieces = [
        Feedback.objects.create(
            collaboration=collaboration, kind=kind, text="Zed says so", received_on=day
        )
        for kind in ["concern"] * 3 + ["idea"] * 5
    ]
    done = Action.objects.create(
        collaboration=collaboration, title="Fix it", feedback=pieces[0], status="done"
    )
    Action.objects.create(collaboration=collaboration, title="Try it", feedback=pieces[1])
    FieldChange.objects.create(
        content_type=ContentType.objects.get_for_model(Action),
        object_id=done.pk,
        field="status",
        old_value="open",
        new_value="done",
        version=2,
        changed_at=_at(day + timedelta(days=7), 10),
    )

    for offset in (1, 9):
        Celebration.objects.create(
            collaboration=collaboration,
            title="Zed's big day",
            happened_on=day + timedelta(days=offset),
        )
    # Taking part without a meeting: six shared contributions from six people in the period,
    # plus a diary entry kept private and one from before the period (neither counted).
    words = "Quillfeather said the bus is late"
    for n, extra in enumerate(
        [
            {"text": words, "visibility": "everyone"},
            {"text": words, "photo": "contributions/p.jpg"},
            {"text": words, "voice_note": "contributions/v.wav", "received_via": "post"},
            {"kind": "journey", "title": "Quillfeather's journey", "visibility": "everyone"},
            {"text": words, "visibility": "everyone"},
            {"text": words, "kind": "diary"},
        ]
    ):
        Contribution.objects.create(
            collaboration=collaboration, membership=active[n], created_at=_at(day), **extra
        )
    Contribution.objects.create(
        collaboration=collaboration,
        membership=active[6],
        kind="diary",
        visibility="me",
        text=words,
        created_at=_at(day),
    )
    Contribution.objects.create(
        collaboration=collaboration, membership=active[7], text=words, created_at=before
    )
    task = ShortTask.objects.create(
        collaboration=collaboration, title="Leaflet", brief="Read it", deadline=end
    )
    for n in range(5):
        TaskAnswer.objects.create(
            task=task,
            membership=active[n],
            text=words,
            received_via="phone" if n == 0 else "online",
            answered_at=_at(day),
        )
    return KnownReport(collaboration=collaboration, start=start, end=end, names=names)
