"""A realistic demo collaboration for `make run`. Safe to run again: it changes nothing twice."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from coproduction.models import Collaboration, GlossaryTerm, Membership, WorkArea
from coproduction.permissions import TWO_FACTOR_ROLES
from coproduction.services import membership_default_term_end
from members.availability_instants import weekly_rrule
from members.models import Availability, Commitment, Profile, StepAway, User
from payments import services as payments
from payments.models import Claim, EmploymentStatus, EmploymentStatusDecision
from reflections.models import Contribution, JourneyStep
from sessions_app.models import AgendaItem, Session, SessionInvite, ShortTask, Venue

Role = Membership.Role
Status = Membership.Status

SLUG = "youth-health-panel"
GLOSSARY = {
    "CAMHS": "Child and Adolescent Mental Health Services: the NHS mental health service "
    "for under-18s.",
    "referral": "When a doctor, teacher or other professional asks a service to see someone.",
    "co-production": "Organisations and people with lived experience designing things "
    "together, as equals.",
}
WORK_AREAS = {
    "Mental health support": ("How young people find help early, and what it feels like.", 4),
    "Exams and school": ("What schools could do better around exam stress.", 3),
    "Getting around": ("Buses, trains and getting to appointments.", 2),
}


@dataclass(frozen=True)
class DemoPerson:
    name: str
    email: str | None
    role: str
    work_areas: tuple[str, ...] = ()
    phone: str | None = None
    age: int | None = None
    status: str = Status.ACTIVE
    organisation: str = ""
    months_into_term: int = 3
    note: str = ""
    usual_week: tuple[str, ...] = ("0-evening", "2-evening", "5-morning", "5-afternoon")
    caring: str = ""
    exams: bool = False


PEOPLE = [
    DemoPerson(
        "Sam Okafor", "sam@example.org", Role.ADMIN, tuple(WORK_AREAS), note="co-production lead"
    ),
    DemoPerson(
        "Priya Shah", "priya@example.org", Role.STAFF, ("Mental health support", "Exams and school")
    ),
    DemoPerson(
        "Tom Reid",
        "tom@example.org",
        Role.FACILITATOR,
        ("Mental health support",),
        organisation="Rivermouth Mind",
        note="from a partner organisation",
    ),
    DemoPerson("Helen Clarke", "helen@example.org", Role.TRUSTEE),
    DemoPerson("Marcus Bell", "marcus@example.org", Role.FINANCE),
    DemoPerson(
        "Aisha Khan",
        "aisha@example.org",
        Role.MEMBER,
        ("Exams and school",),
        age=16,
        note="under 18",
        usual_week=("2-late_afternoon", "4-late_afternoon", "5-morning", "6-afternoon"),
        exams=True,
    ),
    DemoPerson(
        "Jordan Lee",
        "jordan@example.org",
        Role.MEMBER,
        ("Mental health support", "Getting around"),
        age=19,
    ),
    DemoPerson(
        "Chloe Evans",
        "chloe@example.org",
        Role.MEMBER,
        ("Mental health support",),
        age=23,
        note="a parent",
        usual_week=("0-morning", "1-morning", "3-morning"),
        caring="School pick-up",
    ),
    DemoPerson(
        "Dev Patel",
        None,
        Role.MEMBER,
        ("Getting around",),
        phone="+447700900123",
        age=21,
        note="no email: logs in by text message",
    ),
    DemoPerson(
        "Ellie Morgan",
        "ellie@example.org",
        Role.MEMBER,
        ("Exams and school",),
        age=18,
        status=Status.STEPPED_AWAY,
        note="stepped away",
    ),
    DemoPerson(
        "Ruby Hughes",
        "ruby@example.org",
        Role.MEMBER,
        age=25,
        status=Status.ALUMNI,
        months_into_term=26,
        note="alumni",
    ),
    DemoPerson(
        "Leo Martin",
        "leo@example.org",
        Role.MEMBER,
        ("Getting around",),
        age=20,
        months_into_term=23,
        note="term ends soon",
    ),
]


def _birthday(age: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - age) - timedelta(days=40)


class Command(BaseCommand):
    help = "Creates (or tops up) the demo collaboration and prints how to log in as each role."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        collaboration, _ = Collaboration.objects.get_or_create(
            slug=SLUG,
            defaults={
                "name": "Young People's Health Panel",
                "organisation": "Northfield Youth Trust",
                "summary": "Young people and the Trust working together to make local health "
                "services work better for people aged 14 to 25.",
            },
        )
        areas = {}
        for name, (description, target) in WORK_AREAS.items():
            areas[name], _ = WorkArea.objects.get_or_create(
                collaboration=collaboration,
                name=name,
                defaults={"description": description, "target_active_members": target},
            )
        for person in PEOPLE:
            user = self._person(person)
            start = timezone.localdate() - timedelta(days=30 * person.months_into_term)
            membership, _ = Membership.objects.get_or_create(
                collaboration=collaboration,
                user=user,
                defaults={
                    "role": person.role,
                    "status": person.status,
                    "organisation": person.organisation,
                    "term_start": start,
                    "term_end": membership_default_term_end(start),
                },
            )
            membership.work_areas.add(*(areas[name] for name in person.work_areas))
            if person.role == Role.STAFF:
                # The co-production worker holds a current enhanced DBS check, and answers
                # the help line.
                Collaboration.objects.filter(pk=collaboration.pk).update(
                    help_contact=membership,
                    help_phone="0300 123 4567",
                    help_hours="Monday to Friday, 9am to 5pm",
                    reply_to_email="panel@northfieldyouth.example",
                )
                Membership.objects.filter(pk=membership.pk).update(
                    dbs_level=Membership.DbsLevel.ENHANCED,
                    dbs_certificate_date=timezone.localdate() - timedelta(days=200),
                )
            self._commitments_and_availability(person, user, membership)
        self._sessions(collaboration, areas)
        self._payments(collaboration, areas)
        self._without_a_meeting(collaboration, areas)
        self._print_logins()

    def _sessions(self, collaboration: Collaboration, areas: dict[str, WorkArea]) -> None:
        """A venue, some glossary terms, and one planned session with an agenda."""
        venue, _ = Venue.objects.get_or_create(
            collaboration=collaboration,
            name="Northfield Youth Centre",
            defaults={
                "address": "12 Mill Lane, Northfield",
                "step_free": True,
                "accessible_toilet": True,
                "quiet_room": True,
                "near_public_transport": True,
            },
        )
        for term, explanation in GLOSSARY.items():
            GlossaryTerm.objects.get_or_create(
                collaboration=collaboration, term=term, defaults={"explanation": explanation}
            )
        if Session.objects.filter(collaboration=collaboration).exists():
            return
        area = areas["Mental health support"]
        starts = datetime.combine(
            timezone.localdate() + timedelta(days=12), time(18), ZoneInfo(settings.TIME_ZONE)
        )
        session = Session.objects.create(
            collaboration=collaboration,
            title="Mental health support: what makes a good first appointment?",
            kind=Session.Kind.WORK_AREA,
            work_area=area,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=90),
            venue=venue,
            brief_summary="We will look at the new CAMHS referral letter together and say what "
            "would make a first appointment feel less scary.",
            brief_questions="What did you wish you had known before your first appointment?\n"
            "Is the letter easy to understand?",
        )
        people = Membership.objects.filter(collaboration=collaboration, work_areas=area).exclude(
            status=Status.ALUMNI
        )
        SessionInvite.objects.bulk_create(
            [SessionInvite(session=session, membership=m) for m in people]
        )
        session.facilitators.set(people.filter(role__in=TWO_FACTOR_ROLES))
        proposer = people.filter(role=Role.MEMBER).first()
        if proposer:
            AgendaItem.objects.create(
                session=session,
                title="Waiting times after referral",
                proposed_by=proposer,
                minutes=20,
            )
        # Planned four days ago for tomorrow evening: its 48-hour reminder is due now, so the
        # demo's outbox shows it going out within a minute of `make run` starting.
        tomorrow = datetime.combine(
            timezone.localdate() + timedelta(days=1), time(17, 30), ZoneInfo(settings.TIME_ZONE)
        )
        soon = Session.objects.create(
            collaboration=collaboration,
            title="Social: pizza and a film",
            kind=Session.Kind.SOCIAL,
            starts_at=tomorrow,
            ends_at=tomorrow + timedelta(hours=2),
            venue=venue,
            created_at=timezone.now() - timedelta(days=4),
        )
        SessionInvite.objects.bulk_create(
            [SessionInvite(session=soon, membership=m) for m in people]
        )

    def _payments(self, collaboration: Collaboration, areas: dict[str, WorkArea]) -> None:
        """A session last week that members came to: claims to confirm, one to approve."""

        if Claim.objects.filter(collaboration=collaboration).exists():
            return
        for role in (Membership.Role.MEMBER, Membership.Role.FACILITATOR):
            EmploymentStatusDecision.objects.create(
                collaboration=collaboration,
                role=role,
                status=EmploymentStatus.SELF_EMPLOYED,
                reason="People choose which sessions and tasks to take part in and can say no "
                "to any. They are paid a set fee for their time, not a wage, following NIHR "
                "guidance. Checked with HMRC's employment status tool.",
                decided_by="The board of trustees",
                decided_on=timezone.localdate() - timedelta(days=60),
            )
        area = areas["Mental health support"]
        starts = datetime.combine(
            timezone.localdate() - timedelta(days=8), time(17), ZoneInfo(settings.TIME_ZONE)
        )
        session = Session.objects.create(
            collaboration=collaboration,
            title="Mental health support: planning the year",
            kind=Session.Kind.WORK_AREA,
            work_area=area,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=90),
            preparation_minutes=30,
        )
        came = Membership.objects.filter(
            collaboration=collaboration, work_areas=area, status=Status.ACTIVE
        )
        SessionInvite.objects.bulk_create(
            SessionInvite(
                session=session,
                membership=m,
                response=SessionInvite.Response.YES,
                attendance=SessionInvite.Attendance.ATTENDED,
            )
            for m in came
        )
        payments.claims_from_attendance(session)
        first = Claim.objects.filter(session=session).select_related("membership__user").first()
        if first is not None:
            payments.claim_submit(claim=first, entered_by=first.membership.user)

    def _without_a_meeting(self, collaboration: Collaboration, areas) -> None:
        """A short task, and a journey map a member shared with everyone."""

        if ShortTask.objects.filter(collaboration=collaboration).exists():
            return
        area = areas["Mental health support"]
        ShortTask.objects.create(
            collaboration=collaboration,
            title="What should the new waiting-room leaflet say?",
            brief="Read the draft leaflet (we post it if you ask) and tell us what is unclear, "
            "and what is missing. A photo of a leaflet you liked helps too.",
            work_area=area,
            expected_minutes=25,
            deadline=timezone.localdate() + timedelta(days=14),
        )
        author = Membership.objects.filter(
            collaboration=collaboration, work_areas=area, role=Role.MEMBER, status=Status.ACTIVE
        ).first()
        if author is None:
            return
        journey = Contribution.objects.create(
            collaboration=collaboration,
            membership=author,
            kind=Contribution.Kind.JOURNEY,
            title="Getting help from the GP",
            visibility=Contribution.Visibility.EVERYONE,
            work_area=area,
        )
        JourneyStep.objects.bulk_create(
            JourneyStep(contribution=journey, position=n, what_happened=text, feeling=feeling)
            for n, (text, feeling) in enumerate(
                [
                    ("Rang at 8am and waited for an hour", 1),
                    ("Saw a nurse who really listened", 4),
                    ("Was sent to a service with a six-month wait", 2),
                ],
                start=1,
            )
        )

    def _commitments_and_availability(
        self, person: "DemoPerson", user: User, membership: Membership
    ) -> None:
        """What members would have told us: their usual week, caring, exams, a break."""
        if person.role != Role.MEMBER or Profile.objects.filter(user=user).exists():
            return
        Profile.objects.create(
            user=user,
            channels=["email"] if user.email else ["sms", "call"],
            consent_news=False,
        )
        Availability.objects.create(user=user, weekly=person.usual_week)
        today = timezone.localdate()
        if person.caring:
            Commitment.objects.create(
                user=user,
                kind=Commitment.Kind.CARING,
                reason=person.caring,
                starts_on=today - timedelta(days=60),
                start_time=time(15, 30),
                end_time=time(18, 0),
                rrule=weekly_rrule([1, 3]),
            )
        if person.exams:
            Commitment.objects.create(
                user=user,
                kind=Commitment.Kind.EXAM,
                reason="Mock exams",
                starts_on=today + timedelta(days=21),
                ends_on=today + timedelta(days=35),
            )
        if (
            person.status == Status.STEPPED_AWAY
            and not StepAway.objects.filter(membership=membership).exists()
        ):
            StepAway.objects.create(
                membership=membership,
                started_on=today - timedelta(days=10),
                return_on=today + timedelta(days=20),
                reason="Looking after my mum",
            )

    def _person(self, person: DemoPerson) -> User:
        lookup = {"email": person.email} if person.email else {"phone": person.phone}
        user = User.objects.filter(**lookup).first()
        if user is None:
            user = User.objects.create_user(
                email=person.email,
                phone=person.phone,
                phone_verified=bool(person.phone),
                name=person.name,
                date_of_birth=_birthday(person.age) if person.age else None,
                is_staff=person.role == Role.ADMIN,
                is_superuser=person.role == Role.ADMIN,
            )
        if person.email:
            EmailAddress.objects.get_or_create(
                user=user, email=person.email, defaults={"verified": True, "primary": True}
            )
        if (
            person.role in TWO_FACTOR_ROLES
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, generate_totp_secret())
        return user

    def _print_logins(self) -> None:
        bypass = getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None)
        out = self.stdout
        out.write(self.style.SUCCESS("\nDemo collaboration ready: Young People's Health Panel"))
        out.write("Log in at http://localhost:8000/ with one of these. No password is needed:")
        out.write("the login code appears in this console (as an email, or as a text message).\n")
        for person in PEOPLE:
            who = person.email or f"{person.phone} (mobile number)"
            role = Role(person.role).label.lower()
            extra = f", {person.note}" if person.note else ""
            out.write(f"  {who:<34} {role}{extra}")
        if bypass:
            out.write(
                "\nAdministrator, staff, facilitator and finance accounts also ask for an "
                f"authenticator code: in this demo, {bypass} works."
            )
        out.write("")
