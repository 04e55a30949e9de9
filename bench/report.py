"""A 12-month trustee progress report (figures, charts, PDF and CSV) for a 150-member
collaboration, on a large data set: time and number of queries.

Seeds a throwaway PostgreSQL database with bulk_create: the collaboration with two years of
weekly sessions, attendance, agenda items, claims and payments, reflections, feedback and
celebrations, beside 99 other collaborations of 150 members with their own weekly sessions.
"""

import os
import random
import time
from datetime import timedelta
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduction.settings_test")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.utils import timezone  # noqa: E402

from bench.results import record  # noqa: E402

MEMBERS = 150
OTHER_COLLABORATIONS = 99
WEEKS = 104


def seed():
    from coproduction.models import Collaboration, Membership, WorkArea
    from members.models import MonitoringResponse, User
    from payments.models import Claim, Payment
    from reflections.models import Celebration, Feedback, Reflection
    from sessions_app.models import AgendaItem, LadderRung, Session, SessionInvite

    rng = random.Random(9)
    now = timezone.now()
    first = now - timedelta(weeks=WEEKS)
    collaborations = Collaboration.objects.bulk_create(
        Collaboration(name=f"Bench {n}", slug=f"bench-{n}") for n in range(OTHER_COLLABORATIONS + 1)
    )
    collaboration = collaborations[0]
    users = User.objects.bulk_create(
        (
            User(email=f"person{n}@example.org", name=f"Person {n}")
            for n in range(MEMBERS * len(collaborations))
        ),
        batch_size=5000,
    )
    roles = [Membership.Role.MEMBER] * 135 + [Membership.Role.STAFF] * 10 + ["trustee"] * 5
    statuses = ["active"] * 8 + ["stepped_away", "alumni"]
    memberships = Membership.objects.bulk_create(
        (
            Membership(
                collaboration=collaborations[n // MEMBERS],
                user=user,
                role=roles[n % MEMBERS],
                status=rng.choice(statuses),
                created_at=first + timedelta(days=rng.randrange(700)),
                term_start=(first + timedelta(days=rng.randrange(700))).date(),
            )
            for n, user in enumerate(users)
        ),
        batch_size=5000,
    )
    ours = memberships[:MEMBERS]
    members = [m for m in ours if m.role == Membership.Role.MEMBER]
    areas = WorkArea.objects.bulk_create(
        WorkArea(collaboration=collaboration, name=f"Area {n}", target_active_members=20)
        for n in range(6)
    )
    Membership.work_areas.through.objects.bulk_create(
        Membership.work_areas.through(membership=m, workarea=areas[n % len(areas)])
        for n, m in enumerate(members)
    )
    MonitoringResponse.objects.bulk_create(
        MonitoringResponse(
            membership=m,
            age_band=rng.choice(["16_17", "18_24", "25_34"]),
            ethnicity=rng.choice(["asian", "black", "mixed", "white", "other"]),
            disability=rng.choice(["yes", "no", "prefer_not_to_say"]),
            gender=rng.choice(["woman", "man", "non_binary"]),
        )
        for m in members[:110]
    )
    kinds = [k for k, _ in Session.Kind.choices]
    modes = [m for m, _ in Session.Mode.choices]
    rungs = [r for r, _ in LadderRung.choices] + [""]
    sessions = Session.objects.bulk_create(
        (
            Session(
                collaboration=c,
                title=f"Week {w}",
                kind=rng.choice(kinds),
                mode=rng.choice(modes),
                ladder_rung=rng.choice(rungs),
                work_area=areas[w % len(areas)] if c is collaboration else None,
                chair=rng.choice(ours) if c is collaboration else None,
                status=Session.Status.HELD,
                starts_at=first + timedelta(weeks=w),
                ends_at=first + timedelta(weeks=w, hours=2),
            )
            for c in collaborations
            for w in range(WEEKS)
        ),
        batch_size=5000,
    )
    our_sessions = sessions[:WEEKS]
    invites = []
    for session in our_sessions:
        for m in rng.sample(members, 40):
            invites.append(SessionInvite(session=session, membership=m, attendance="attended"))
    SessionInvite.objects.bulk_create(invites, batch_size=5000)
    AgendaItem.objects.bulk_create(
        AgendaItem(session=s, title="Item", proposed_by=rng.choice(ours))
        for s in our_sessions
        for _ in range(5)
    )
    claims = Claim.objects.bulk_create(
        (
            Claim(
                collaboration=collaboration,
                membership=invite.membership,
                kind=Claim.Kind.FEE,
                session=invite.session,
                description="Session",
                date_worked=invite.session.starts_at.date(),
                activity="session",
                unit="hour",
                quantity=Decimal("2"),
                preparation_hours=Decimal("0.5"),
                amount_due=Decimal("68.75"),
                method="bank",
                status=Claim.Status.PAID,
                submitted_at=invite.session.ends_at,
            )
            for invite in invites
        ),
        batch_size=5000,
    )
    Payment.objects.bulk_create(
        (
            Payment(
                collaboration=collaboration,
                claim=claim,
                amount=claim.amount_due,
                method="bank",
                paid_on=min(now.date(), claim.date_worked + timedelta(days=rng.randrange(5, 40))),
            )
            for claim in claims
        ),
        batch_size=5000,
    )
    Reflection.objects.bulk_create(
        (
            Reflection(
                collaboration=collaboration,
                session=s,
                feeling=rng.randrange(1, 6),
                went_well="Good",
                visibility="anonymous",
                written_on=s.starts_at.date() + timedelta(days=1),
            )
            for s in our_sessions
            for _ in range(12)
        ),
        batch_size=5000,
    )
    Feedback.objects.bulk_create(
        Feedback(
            collaboration=collaboration,
            kind=rng.choice(["concern", "idea", "praise"]),
            text="Something",
            received_on=(first + timedelta(days=rng.randrange(720))).date(),
        )
        for _ in range(300)
    )
    Celebration.objects.bulk_create(
        Celebration(
            collaboration=collaboration,
            title="A success",
            happened_on=(first + timedelta(days=rng.randrange(720))).date(),
        )
        for _ in range(60)
    )
    return collaboration, len(invites), len(memberships)


def main() -> None:
    from coproduction.models import ProgressReport
    from coproduction.reports.build import report_build

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        began = time.monotonic()
        collaboration, attendances, memberships = seed()
        seeded = time.monotonic() - began
        today = timezone.localdate()

        def new_report():
            return ProgressReport.objects.create(
                collaboration=collaboration,
                period_start=today.replace(year=today.year - 1) + timedelta(days=1),
                period_end=today,
            )

        # The first report a worker process builds also loads WeasyPrint, Pango and the
        # fonts (a few seconds, once): measured too, as cold_seconds.
        cold = new_report()
        began = time.monotonic()
        report_build(report_id=cold.pk)
        cold_seconds = time.monotonic() - began
        report = new_report()
        with CaptureQueriesContext(connection) as queries:
            began = time.monotonic()
            report_build(report_id=report.pk)
            seconds = time.monotonic() - began
        report.refresh_from_db()
        assert report.status == ProgressReport.Status.READY, report.status
        record(
            {
                "bench": "report",
                "members": MEMBERS,
                "months": 12,
                "memberships": memberships,
                "attendances": attendances,
                "pdf_bytes": report.pdf.size,
                "seconds": round(seconds, 2),
                "queries": len(queries),
                "cold_seconds": round(cold_seconds, 2),
                "seed_seconds": round(seeded, 1),
            }
        )
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
