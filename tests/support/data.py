"""More of everything a page lists, around the objects tests.support.urls made: used to show
a page makes the same number of queries however much data there is."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from coproduction.models import Invitation, Membership, Message, WorkArea
from members.models import Availability, AvailabilityChange, Commitment, Profile
from payments.models import Claim, Payment, PaymentBatch
from reflections.models import Action, Celebration, Feedback, Reflection
from sessions_app.models import (
    AgendaItem,
    Poll,
    PollAnswer,
    PollOption,
    Session,
    SessionInvite,
    ShortTask,
    TaskAnswer,
    Venue,
)
from tests.factories import MembershipFactory, UserFactory

Role = Membership.Role
UNPAID = (Claim.Status.DRAFT, Claim.Status.SUBMITTED, Claim.Status.APPROVED)
PAID = (Claim.Status.PAID, Claim.Status.REVERSED)


def add_more(collaboration, cast, url_args: dict, times: int) -> None:
    """`times` more of each kind of row the pages of `url_args`'s objects show: people,
    sessions, invitations, attendance, agenda items, claims (paid and reversed too),
    reflections, feedback, actions, celebrations, tasks, polls, messages and commitments."""
    now, today = timezone.now(), timezone.localdate()
    subject = Membership.objects.get(code=url_args["person_code"])
    staff = Membership.objects.get(user=cast["staff"], collaboration=collaboration)
    session = Session.objects.get(code=url_args["session_code"])
    area = WorkArea.objects.get(code=url_args["code"]["workarea"])
    task = ShortTask.objects.get(code=url_args["code"]["task-"])
    poll = Poll.objects.get(code=url_args["code"]["poll-"])
    item = AgendaItem.objects.get(code=url_args["code"]["agenda-item"])
    venue = Venue.objects.create(collaboration=collaboration, name=f"Hall {Venue.objects.count()}")
    for _ in range(times):
        n = Membership.objects.count()
        person = MembershipFactory(
            collaboration=collaboration, user=UserFactory(name=f"Person {n}"), role=Role.MEMBER
        )
        person.work_areas.add(area, *collaboration.work_areas.all())
        subject.work_areas.add(area)
        Profile.objects.get_or_create(user=person.user)
        Availability.objects.update_or_create(user=person.user, defaults={"weekly": ["0-evening"]})
        Commitment.objects.create(
            user=person.user, kind=Commitment.Kind.EXAM, starts_on=today, ends_on=today
        )
        for user in (subject.user, person.user):
            Commitment.objects.create(
                user=user,
                kind=Commitment.Kind.CARING,
                starts_on=today,
                start_time="09:00",
                end_time="10:00",
                rrule="FREQ=WEEKLY;BYDAY=MO",
            )
            AvailabilityChange.objects.create(
                user=user, date=today + timedelta(days=n % 20 + 1), available=False
            )
        for when in (now - timedelta(days=n + 2), now + timedelta(days=n + 2)):
            other = Session.objects.create(
                collaboration=collaboration,
                title=f"Meeting {n}",
                work_area=area,
                venue=venue,
                starts_at=when,
                ends_at=when + timedelta(hours=1),
                status=Session.Status.HELD if when < now else Session.Status.SCHEDULED,
            )
            other.facilitators.add(staff)
            for who in (subject, staff, person):
                SessionInvite.objects.create(session=other, membership=who, attendance="attended")
            AgendaItem.objects.create(session=other, title="More", proposed_by=person)
        SessionInvite.objects.create(
            session=session, membership=person, response="yes", attendance="attended"
        )
        session.facilitators.add(staff)
        AgendaItem.objects.create(
            session=session, title=f"Item {n}", proposed_by=person, position=n, outcome="Agreed"
        )
        for owner in (subject, person):
            # Every stage, paid and paid-then-reversed too: the ledger's rows are listed
            # beside their claims.
            batch = PaymentBatch.objects.create(
                collaboration=collaboration,
                created_by=cast["staff"],
                exported_at=now,
                paid_on=today,
                marked_paid_by=cast["staff"],
                marked_paid_at=now,
            )
            for status in UNPAID + PAID:
                claim = Claim.objects.create(
                    collaboration=collaboration,
                    membership=owner,
                    kind=Claim.Kind.EXPENSE,
                    expense_type=Claim.ExpenseType.FARES,
                    description="Bus",
                    date_worked=today,
                    amount_due=Decimal("4.50"),
                    method="bank",
                    status=status,
                    submitted_at=None if status == Claim.Status.DRAFT else now,
                    batch=batch if status in PAID else None,
                )
                if status not in PAID:
                    continue
                paid = Payment.objects.create(
                    collaboration=collaboration,
                    claim=claim,
                    batch=batch,
                    amount=claim.amount_due,
                    method="bank",
                    paid_on=today,
                    recorded_by=cast["staff"],
                )
                if status == Claim.Status.REVERSED:
                    Payment.objects.create(
                        collaboration=collaboration,
                        claim=claim,
                        amount=-claim.amount_due,
                        method="bank",
                        paid_on=today,
                        reverses=paid,
                        reason="Paid twice",
                        recorded_by=cast["staff"],
                    )
        for visibility, author in (("everyone", person), ("staff", subject), ("anonymous", None)):
            reflection = Reflection.objects.create(
                collaboration=collaboration,
                session=session,
                went_well="Good",
                visibility=visibility,
                author=author,
                feeling=4,
                written_on=today,
            )
        feedback = Feedback.objects.create(
            collaboration=collaboration, session=session, text="Too late", received_on=today
        )
        Action.objects.create(
            collaboration=collaboration,
            title=f"Do {n}",
            feedback=feedback,
            owner=staff,
            raised_by=person,
            due_on=today,
        )
        Action.objects.create(
            collaboration=collaboration, title=f"Reflect {n}", reflection=reflection, owner=staff
        )
        Celebration.objects.create(
            collaboration=collaboration, title=f"Yay {n}", happened_on=today, added_by=person
        )
        TaskAnswer.objects.create(task=task, membership=person, text="Fine", visibility="everyone")
        ShortTask.objects.create(
            collaboration=collaboration,
            title=f"Task {n}",
            brief="Read",
            work_area=area,
            deadline=today + timedelta(days=3),
        )
        poll.invitees.add(person)
        option = PollOption.objects.create(
            poll=poll, starts_at=now + timedelta(days=n), ends_at=now + timedelta(days=n, hours=1)
        )
        for who in (subject, person):
            PollAnswer.objects.create(option=option, membership=who, answer="yes")
        Invitation.objects.create(
            collaboration=collaboration,
            name=f"Guest {n}",
            email=f"guest{n}@example.org",
            role=Role.MEMBER,
            invited_by=cast["staff"],
            expires_at=now + timedelta(days=7),
        )
        for channel, state in (("email", Message.State.SENT), ("call", Message.State.WITH_STAFF)):
            Message.objects.create(
                collaboration=collaboration,
                recipient=subject,
                kind="reminder",
                category="reminders",
                channel=channel,
                subject="Reminder",
                body="Soon",
                due_at=now,
                state=state,
                session=session,
                dedupe_key=f"more-{n}-{channel}",
            )
        from coproduction import shared
        from coproduction.shared_records import record_type

        item.refresh_from_db()
        shared.shared_save(
            record_type=record_type("agenda-item"),
            instance=item,
            changes={"description": f"Version {n}"},
            base_version=item.shared_version,
            user=person.user,
        )
