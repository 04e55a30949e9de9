from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from coproduction.models import Membership
from members.availability_instants import weekly_rrule
from members.models import Commitment, Profile, StepAway
from sessions_app.models import Session, SessionInvite
from sessions_app.time_finder import Level, suggest_times
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
Role = Membership.Role


@pytest.fixture
def team(db):
    collaboration = CollaborationFactory()
    facilitator = MembershipFactory(
        collaboration=collaboration,
        role=Role.FACILITATOR,
        user=UserFactory(name="Tom Reid"),
        dbs_level=Membership.DbsLevel.ENHANCED,
        dbs_certificate_date=timezone.localdate(),
    )
    return collaboration, facilitator


def member(collaboration, name, **user_fields):
    return MembershipFactory(
        collaboration=collaboration, user=UserFactory(name=name, **user_fields)
    )


def local_starts(result):
    return [s.starts_at.astimezone(LONDON).time() for s in result.suggestions]


def attendee(suggestion, membership):
    return next(a for a in suggestion.attendees if a.membership == membership)


def suggest(collaboration, people, day, last_day=None, **kwargs):
    kwargs.setdefault("duration_minutes", 60)
    kwargs.setdefault("limit", 20)
    return suggest_times(
        collaboration=collaboration,
        invitees=people,
        first_day=day,
        last_day=last_day or day,
        **kwargs,
    )


def test_weekly_caring_is_respected_at_local_time_across_the_march_clock_change(team):
    collaboration, facilitator = team
    sam = member(collaboration, "Sam Carer")
    Commitment.objects.create(
        user=sam.user,
        kind="caring",
        share_reason=True,
        starts_on=date(2026, 3, 1),
        start_time=time(16),
        end_time=time(18),
        rrule=weekly_rrule([6]),
    )
    # Sunday 29 March 2026: the clocks went forward at 1am.
    result = suggest(
        collaboration, [facilitator, sam], date(2026, 3, 29), earliest=time(14), latest=time(20)
    )
    best = result.suggestions[0]
    assert attendee(best, sam).level == Level.FREE
    for suggestion in result.suggestions:
        start = suggestion.starts_at.astimezone(LONDON).time()
        overlaps_caring = time(15) < start < time(18)
        assert (attendee(suggestion, sam).level == Level.CANT) == overlaps_caring, start
    blocked = next(s for s in result.suggestions if attendee(s, sam).level == Level.CANT)
    assert attendee(blocked, sam).reason == "caring"
    assert blocked.starts_at.astimezone(LONDON).utcoffset() == timedelta(hours=1)  # BST


def test_the_same_rule_holds_after_the_october_clock_change(team):
    collaboration, facilitator = team
    sam = member(collaboration, "Sam Carer")
    Commitment.objects.create(
        user=sam.user,
        kind="caring",
        starts_on=date(2026, 3, 1),
        start_time=time(16),
        end_time=time(18),
        rrule=weekly_rrule([6]),
    )
    result = suggest(
        collaboration, [facilitator, sam], date(2026, 10, 25), earliest=time(15), latest=time(19)
    )
    free_starts = [
        s.starts_at.astimezone(LONDON).time()
        for s in result.suggestions
        if attendee(s, sam).level == Level.FREE
    ]
    assert free_starts and all(start <= time(15) or start >= time(18) for start in free_starts)


def test_an_invitee_in_another_time_zone_is_busy_at_their_own_local_time(team):
    collaboration, facilitator = team
    ana = member(collaboration, "Ana Toronto")
    Profile.objects.create(user=ana.user, time_zone="America/Toronto")
    Commitment.objects.create(
        user=ana.user,
        kind="school_work",
        share_reason=True,
        starts_on=date(2026, 9, 1),
        start_time=time(9),
        end_time=time(15),
        rrule=weekly_rrule([0, 1, 2, 3, 4]),
        time_zone="America/Toronto",
    )
    result = suggest(
        collaboration, [facilitator, ana], date(2026, 11, 23)
    )  # a Monday; Toronto is UK-5
    for suggestion in result.suggestions:
        uk_start = suggestion.starts_at.astimezone(LONDON).time()
        in_school = time(13) < uk_start < time(20)
        assert (attendee(suggestion, ana).level == Level.CANT) == in_school, uk_start
    assert attendee(result.suggestions[0], ana).level == Level.FREE


def test_exams_and_step_aways_rule_people_out_and_say_why_only_if_shared(team):
    collaboration, facilitator = team
    sam = member(collaboration, "Sam Exams")
    quiet = member(collaboration, "Quinn Private")
    ellie = member(collaboration, "Ellie Away")
    free = member(collaboration, "Jordan Free")
    Commitment.objects.create(
        user=sam.user,
        kind="exam",
        share_reason=True,
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 6, 20),
    )
    Commitment.objects.create(
        user=quiet.user, kind="health", starts_on=date(2026, 5, 1), ends_on=date(2026, 6, 20)
    )
    StepAway.objects.create(
        membership=ellie, started_on=date(2026, 4, 1), return_on=date(2026, 7, 1)
    )
    result = suggest(collaboration, [facilitator, sam, quiet, ellie, free], date(2026, 5, 12))
    best = result.suggestions[0]
    assert [a.membership for a in best.cannot] == [sam, quiet, ellie]
    assert best.summary() == (
        "1 of 4 members can come; 1 of 1 staff; Sam Exams: exams; Ellie Away: stepped away; 1 person unavailable"
    )


def test_rather_not_ranks_below_free(team):
    collaboration, facilitator = team
    kim = member(collaboration, "Kim")
    Commitment.objects.create(
        user=kim.user,
        kind="other",
        strength="rather_not",
        starts_on=date(2026, 6, 1),
        start_time=time(9),
        end_time=time(12),
        rrule="FREQ=DAILY",
    )
    result = suggest(
        collaboration, [facilitator, kim], date(2026, 6, 2), earliest=time(10), latest=time(14)
    )
    assert attendee(result.suggestions[0], kim).level == Level.FREE
    assert local_starts(result)[0] >= time(12)
    assert any(attendee(s, kim).level == Level.RATHER_NOT for s in result.suggestions)


def test_lived_experience_members_count_above_staff(team):
    collaboration, facilitator = team
    staff_two = MembershipFactory(
        collaboration=collaboration, role=Role.STAFF, user=UserFactory(name="Priya")
    )
    staff_three = MembershipFactory(
        collaboration=collaboration, role=Role.STAFF, user=UserFactory(name="Sam Staff")
    )
    lee = member(collaboration, "Lee")
    Commitment.objects.create(
        user=lee.user,
        kind="caring",
        starts_on=date(2026, 6, 2),
        start_time=time(10),
        end_time=time(11),
    )
    for person in (staff_two, staff_three):
        Commitment.objects.create(
            user=person.user,
            kind="other",
            starts_on=date(2026, 6, 2),
            start_time=time(11),
            end_time=time(12),
        )
    result = suggest(
        collaboration,
        [facilitator, staff_two, staff_three, lee],
        date(2026, 6, 2),
        earliest=time(10),
        latest=time(12),
    )
    # Two staff missing the 11am beats one member missing the 10am.
    assert local_starts(result) == [time(11), time(10)]


def test_fairness_prefers_not_to_leave_out_the_same_person_again_in_a_tie(team):
    collaboration, facilitator = team
    ava = member(collaboration, "Ava")
    ben = member(collaboration, "Ben")
    Commitment.objects.create(
        user=ava.user,
        kind="other",
        starts_on=date(2026, 6, 2),
        start_time=time(10),
        end_time=time(11),
    )
    Commitment.objects.create(
        user=ben.user,
        kind="other",
        starts_on=date(2026, 6, 2),
        start_time=time(11),
        end_time=time(12),
    )
    args = (collaboration, [facilitator, ava, ben], date(2026, 6, 2))
    window = {"earliest": time(10), "latest": time(12)}
    with_no_history = suggest(*args, **window)
    assert with_no_history.suggestions[0].score == with_no_history.suggestions[1].score  # a tie
    assert local_starts(with_no_history) == [time(10), time(11)]  # earliest first

    for days_ago in (10, 40, 70):  # Ava could not come to the last three sessions
        session = Session.objects.create(
            collaboration=collaboration,
            title="Earlier",
            starts_at=timezone.now() - timedelta(days=days_ago),
            ends_at=timezone.now() - timedelta(days=days_ago) + timedelta(hours=1),
        )
        SessionInvite.objects.create(
            session=session, membership=ava, response=SessionInvite.Response.NO
        )
    with_history = suggest(*args, **window)
    assert local_starts(with_history) == [
        time(11),
        time(10),
    ]  # leave Ben out this time, not Ava again


def test_under_18s_need_a_safeguarding_cleared_adult_who_can_come(team):
    collaboration, facilitator = team
    young = member(collaboration, "Aisha Young")
    young.user.date_of_birth = date(2011, 1, 1)
    young.user.save(update_fields=["date_of_birth"])
    uncleared = MembershipFactory(
        collaboration=collaboration, role=Role.STAFF, user=UserFactory(name="No DBS")
    )

    refused = suggest(collaboration, [uncleared, young], date(2026, 6, 2))
    assert refused.suggestions == [] and "DBS" in refused.problems[0]

    Commitment.objects.create(
        user=facilitator.user,
        kind="other",
        starts_on=date(2026, 6, 2),
        start_time=time(9),
        end_time=time(13),
    )
    result = suggest(
        collaboration,
        [facilitator, uncleared, young],
        date(2026, 6, 2),
        earliest=time(9),
        latest=time(15),
    )
    assert result.suggestions and all(
        attendee(s, facilitator).level == Level.FREE for s in result.suggestions
    )
    assert min(local_starts(result)) >= time(13)


def test_a_facilitator_is_required(team):
    collaboration, _ = team
    result = suggest(collaboration, [member(collaboration, "Only Member")], date(2026, 6, 2))
    assert result.suggestions == [] and "facilitator" in result.problems[0]


def test_usual_availability_makes_other_times_less_likely(team):
    from members.models import Availability

    collaboration, facilitator = team
    eve = member(collaboration, "Eve Evenings")
    Availability.objects.create(user=eve.user, weekly=["1-evening"])  # Tuesday evenings
    result = suggest(collaboration, [facilitator, eve], date(2026, 6, 2))  # a Tuesday
    assert local_starts(result)[0] >= time(18)
    busy = next(s for s in result.suggestions if attendee(s, eve).level == Level.USUALLY_BUSY)
    assert attendee(busy, eve).reason == "usually busy then"


@pytest.mark.parametrize(
    "rule", ["FREQ=MONTHLY;BYDAY=1TU", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYMONTHDAY=15"]
)
def test_monthly_rules_block_the_same_days_as_the_icalendar_expansion(team, rule):
    from members.availability_instants import commitment_intervals

    collaboration, facilitator = team
    pat = member(collaboration, "Pat Monthly")
    commitment = Commitment.objects.create(
        user=pat.user,
        kind="health",
        share_reason=True,
        starts_on=date(2026, 1, 1),
        start_time=time(10),
        end_time=time(12),
        rrule=rule,
    )
    result = suggest(
        collaboration,
        [facilitator, pat],
        date(2026, 3, 1),
        date(2026, 5, 31),
        earliest=time(10),
        latest=time(12),
        duration_minutes=120,
        limit=200,
    )
    blocked_days = {
        s.starts_at.astimezone(LONDON).date()
        for s in result.suggestions
        if attendee(s, pat).level == Level.CANT
    }
    expected = {
        i.start.astimezone(LONDON).date()
        for i in commitment_intervals(
            commitment, datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC)
        )
    }
    assert blocked_days == expected and len(expected) == 3
