from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from coproduction.models import Collaboration, Membership, WorkArea
from members.models import User

Role = Membership.Role


def test_seed_demo_builds_a_realistic_collaboration_and_can_run_twice(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())

    collaboration = Collaboration.objects.get(slug="youth-health-panel")
    assert Collaboration.objects.count() == 1
    assert WorkArea.objects.filter(collaboration=collaboration).count() == 3
    memberships = Membership.objects.filter(collaboration=collaboration).select_related("user")
    assert memberships.count() == User.objects.count() == 12
    roles = {m.role for m in memberships}
    assert roles == set(Role.values)
    assert any(m.user.is_under_18 and m.role == Role.MEMBER for m in memberships)
    assert any(m.role == Role.FACILITATOR and m.organisation for m in memberships)
    assert any(m.user.email is None and m.user.phone for m in memberships)
    assert {m.status for m in memberships} == set(Membership.Status.values)

    from members.models import Availability, Commitment, StepAway

    assert Commitment.objects.filter(kind="caring", rrule__startswith="FREQ=WEEKLY").exists()
    assert Commitment.objects.filter(kind="exam").exists()
    assert (
        StepAway.objects.filter(membership__status="stepped_away", ended_on__isnull=True).count()
        == 1
    )
    assert Availability.objects.count() == 7
    assert any(m.is_safeguarding_cleared for m in memberships if m.role == Role.STAFF)

    from sessions_app.models import Session

    planned = Session.objects.filter(starts_at__gt=timezone.now())
    session = planned.get(agenda_items__isnull=False)
    assert session.invites.count() >= 4 and session.agenda_items.count() == 1
    assert "CAMHS" in session.brief_summary
    # Tomorrow's social was planned days ago: its 48-hour reminder is due now, for the outbox.
    from coproduction.models import Message
    from coproduction.reminders import produce_due_messages

    produce_due_messages()
    social = planned.get(kind=Session.Kind.SOCIAL)
    due = Message.objects.filter(session=social, kind="reminder", due_at__lte=timezone.now())
    assert due.count() == social.invites.count() >= 4
    from payments.models import Claim

    # Members who came to last week's session have claims: one sent, the rest to confirm.
    claims = Claim.objects.filter(session__starts_at__lt=timezone.now())
    assert claims.filter(status="submitted").count() == 1
    assert claims.filter(status="draft").count() >= 1

    printed = out.getvalue()
    for membership in memberships:
        assert (membership.user.email or str(membership.user.phone)) in printed
