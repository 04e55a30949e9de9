"""The time finder under realistic load: 200 invitees, 12 weeks, 15-minute steps.

Run with `make bench`. Creates a throwaway test database (PostgreSQL when DATABASE_URL is
set), seeds one collaboration, and times suggest_times() end to end, database reads included.
"""

import os
import random
import statistics
import time as clock
from datetime import date, time, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduction.settings_test")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from bench.results import record  # noqa: E402

INVITEES = 200
WEEKS = 12
RUNS = 40


def seed(rng: random.Random):
    from coproduction.models import Collaboration, Membership, WorkArea
    from members.availability_instants import PERIODS, weekly_rrule
    from members.models import AccessNeeds, Availability, Commitment, Profile, StepAway, User

    collaboration = Collaboration.objects.create(name="Bench", slug="bench")
    area = WorkArea.objects.create(collaboration=collaboration, name="Everything")
    start = date(2027, 1, 4)
    people = []
    for n in range(INVITEES):
        role = (
            Membership.Role.FACILITATOR
            if n < 6
            else (Membership.Role.STAFF if n < 20 else Membership.Role.MEMBER)
        )
        user = User.objects.create_user(email=f"bench{n}@example.org", name=f"Person {n}")
        membership = Membership.objects.create(
            collaboration=collaboration,
            user=user,
            role=role,
            dbs_level=Membership.DbsLevel.ENHANCED if n < 10 else Membership.DbsLevel.NONE,
            dbs_certificate_date=date(2026, 6, 1) if n < 10 else None,
        )
        membership.work_areas.add(area)
        people.append(membership)
        tz = "America/Toronto" if rng.random() < 0.05 else "Europe/London"
        Profile.objects.create(user=user, time_zone=tz)
        if rng.random() < 0.7:
            cells = [f"{d}-{p}" for d in range(7) for p in PERIODS if rng.random() < 0.35]
            Availability.objects.create(user=user, weekly=cells)
        if rng.random() < 0.3:
            AccessNeeds.objects.create(
                user=user, preferred_time_of_day=rng.choice(["morning", "afternoon", "evening"])
            )
        if role == Membership.Role.MEMBER and rng.random() < 0.6:
            Commitment.objects.create(
                user=user,
                kind="school_work",
                starts_on=start - timedelta(days=100),
                start_time=time(8, 45),
                end_time=time(15, 30),
                rrule=weekly_rrule([0, 1, 2, 3, 4]),
                time_zone=tz,
            )
        if rng.random() < 0.3:
            Commitment.objects.create(
                user=user,
                kind="caring",
                starts_on=start - timedelta(days=30),
                start_time=time(17),
                end_time=time(19),
                rrule=weekly_rrule(rng.sample(range(7), 2)),
                time_zone=tz,
            )
        if rng.random() < 0.25:
            exam_start = start + timedelta(days=rng.randrange(0, 70))
            Commitment.objects.create(
                user=user,
                kind="exam",
                starts_on=exam_start,
                ends_on=exam_start + timedelta(days=rng.randrange(5, 21)),
            )
        if rng.random() < 0.2:
            Commitment.objects.create(
                user=user,
                kind="health",
                strength="rather_not",
                starts_on=start - timedelta(days=5),
                start_time=time(9),
                end_time=time(11),
                rrule="FREQ=MONTHLY;BYDAY=1TU",
                time_zone=tz,
            )
        if rng.random() < 0.05:
            StepAway.objects.create(
                membership=membership, started_on=start, return_on=start + timedelta(weeks=4)
            )
    return collaboration, people, start


def main() -> None:
    from sessions_app.time_finder import suggest_times

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        collaboration, people, start = seed(random.Random(2026))
        timings = []
        for _ in range(RUNS):
            began = clock.perf_counter()
            result = suggest_times(
                collaboration=collaboration,
                invitees=people,
                first_day=start,
                last_day=start + timedelta(weeks=WEEKS) - timedelta(days=1),
                duration_minutes=90,
                earliest=time(0),
                latest=time(23, 45),
            )
            timings.append((clock.perf_counter() - began) * 1000)
        assert result.suggestions, result.problems
        timings.sort()
        record(
            {
                "bench": "time-finder",
                "invitees": INVITEES,
                "weeks": WEEKS,
                "step_minutes": 15,
                "database": connection.vendor,
                "runs": RUNS,
                "p50_ms": round(statistics.median(timings), 1),
                "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1),
            }
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
