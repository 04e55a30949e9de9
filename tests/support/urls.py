"""The project's URLs, walked from the resolver, and real objects for every URL argument:
shared by the access matrix, the query budgets and the hostile-input tests, so each covers
a new view as soon as it exists."""

import re
from datetime import timedelta

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from coproduction.invitations import invitation_token
from coproduction.models import Invitation, Membership
from coproduction.outbox.compose import unsubscribe_token
from members.models import AvailabilityChange, Commitment
from sessions_app.links import invite_answer_url, poll_answer_url
from sessions_app.models import AgendaItem, CalendarFeed, Poll, Session, SessionInvite
from tests.factories import WorkAreaFactory

Role = Membership.Role

# Third-party URL namespaces, checked separately.
THIRD_PARTY_PREFIXES = ("accounts/", "admin/", "hooks/email/")


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}" if entry.name else None


def project_urls():
    return [
        (route, name)
        for route, name in walk(get_resolver().url_patterns)
        if not route.startswith(THIRD_PARTY_PREFIXES)
    ]


def build_url_args(cast, collaboration) -> dict:
    """Real objects for every URL argument; `code` and `token` depend on what the URL is
    about (the first key found in the URL name wins)."""
    invitation = Invitation.objects.create(
        collaboration=collaboration,
        name="Invited Person",
        email="invited@example.org",
        role=Role.MEMBER,
        expires_at=timezone.now() + timedelta(days=7),
    )
    member = cast["member"]
    subject = Membership.objects.get(user=member, collaboration=collaboration)
    commitment = Commitment.objects.create(
        user=member, kind=Commitment.Kind.CARING, starts_on=timezone.localdate()
    )
    change = AvailabilityChange.objects.create(
        user=member, date=timezone.localdate() + timedelta(days=3), available=False
    )
    area = WorkAreaFactory(collaboration=collaboration)
    session = Session.objects.create(
        collaboration=collaboration,
        title="Planning",
        starts_at=timezone.now() + timedelta(days=9),
        ends_at=timezone.now() + timedelta(days=9, hours=1),
    )
    staff = Membership.objects.get(user=cast["staff"], collaboration=collaboration)
    invite = SessionInvite.objects.create(session=session, membership=subject)
    SessionInvite.objects.create(session=session, membership=staff)
    item = AgendaItem.objects.create(session=session, title="Transport", proposed_by=subject)
    from coproduction import shared
    from coproduction.shared_records import record_type

    agenda_type = record_type("agenda-item")
    shared.shared_save(
        record_type=agenda_type,
        instance=item,
        changes={"title": "Buses"},
        base_version=1,
        user=member,
    )
    field_change = shared.history(agenda_type, item).first()
    from coproduction.models import Message

    outbox_message = Message.objects.create(
        collaboration=collaboration,
        recipient=subject,
        kind="reminder",
        category="reminders",
        channel="call",
        subject="Call",
        body="Say hello",
        due_at=timezone.now(),
        dedupe_key="matrix",
        state=Message.State.WITH_STAFF,
    )
    from reflections.models import Feedback

    feedback = Feedback.objects.create(
        collaboration=collaboration, text="Too late", received_on=timezone.localdate()
    )
    from reflections.models import Reflection
    from sessions_app.models import ShortTask

    task = ShortTask.objects.create(
        collaboration=collaboration,
        title="Read the leaflet",
        brief="Is it clear?",
        deadline=timezone.localdate() + timedelta(days=7),
    )

    reflection = Reflection.objects.create(
        collaboration=collaboration, went_well="Snacks", written_on=timezone.localdate()
    )
    from django.core.files.base import ContentFile

    from reflections.models import Contribution, Diary
    from tests.support.media import encoded, picture, voice_note

    contribution = Contribution(
        collaboration=collaboration, membership=subject, text="By post", visibility="staff"
    )
    contribution.photo.save("p.jpg", ContentFile(encoded(picture(), "JPEG")), save=False)
    contribution.voice_note.save("v.wav", ContentFile(voice_note(tagged=False)), save=False)
    contribution.save()
    diary = Diary.objects.create(membership=subject, title="Exams", starts_on=timezone.localdate())
    poll = Poll.objects.create(collaboration=collaboration, title="When?")
    poll.invitees.add(subject)

    from payments import services as payment_services
    from payments.models import Claim, PayeeDetails

    claim = Claim(
        collaboration=collaboration,
        membership=subject,
        kind=Claim.Kind.EXPENSE,
        expense_type=Claim.ExpenseType.FARES,
        description="Bus",
        date_worked=timezone.localdate(),
        amount_due="4.50",
        method="bank",
    )
    claim.receipt.save("r.pdf", ContentFile(b"%PDF-1.4 receipt"), save=False)
    claim.save()
    paid = Claim.objects.create(
        collaboration=collaboration,
        membership=subject,
        kind=Claim.Kind.EXPENSE,
        expense_type=Claim.ExpenseType.PARKING,
        description="Parking",
        date_worked=timezone.localdate(),
        amount_due="3.00",
        method="bank",
        status=Claim.Status.APPROVED,
    )
    PayeeDetails.objects.create(
        membership=subject, account_name="M PERSON", sort_code="309021", account_number="12345678"
    )
    batch = payment_services.batch_create(collaboration=collaboration, created_by=cast["finance"])
    payment_services.batch_mark_paid(
        batch=batch, paid_on=timezone.localdate(), marked_by=cast["finance"]
    )
    from coproduction.models import ProgressReport

    report = ProgressReport(
        collaboration=collaboration,
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        status=ProgressReport.Status.READY,
        progress=100,
    )
    report.pdf.save("r.pdf", ContentFile(b"%PDF-1.4 report"), save=False)
    report.csv.save("r.csv", ContentFile(b"Section"), save=False)
    report.save()
    return {
        "collaboration_slug": collaboration.slug,
        "person_code": str(subject.code),
        "session_code": str(session.code),
        "secret": session.check_in_secret,
        "kind": "agenda-item",
        "field": "title",
        "change_id": str(field_change.pk),
        "token": {
            "invitation-accept": invitation_token(invitation),
            "invite-answer": invite_answer_url(invite).rsplit("/", 2)[-2],
            "poll-answer": poll_answer_url(poll, subject).rsplit("/", 2)[-2],
            "calendar-feed": CalendarFeed.objects.create(user=member).token,
            "shared-poll": shared.poll_token(agenda_type, item, subject),
            "unsubscribe": unsubscribe_token(subject, "reminders"),
        },
        "year": str(timezone.localdate().year),
        "code": {
            "report-": str(report.code),
            "task-": str(task.code),
            "contribution": str(contribution.code),
            "diary": str(diary.code),
            "from-reflection": str(reflection.code),
            "payment-": str(paid.payments.get().code),
            "claim": str(claim.code),
            "batch": str(batch.code),
            "invitation": str(invitation.code),
            "commitment": str(commitment.code),
            "availability-change": str(change.code),
            "workarea": str(area.code),
            "agenda-item": str(item.code),
            "shared": str(item.code),
            "outbox": str(outbox_message.code),
            "poll-": str(poll.code),
            "feedback": str(feedback.pk),
        },
    }


def fill(route: str, args: dict, name: str) -> str:
    def substitute(match):
        value = args[match.group(2)]
        if isinstance(value, dict):
            return next(code for kind, code in value.items() if kind in name)
        return value

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", substitute, route)
