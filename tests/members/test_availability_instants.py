"""Recurring commitments keep their local wall-clock time across clock changes and zones."""

from datetime import UTC, date, datetime, time

import pytest
from django.core.exceptions import ValidationError

from members.availability_instants import (
    commitment_intervals,
    usual_free_intervals,
    validate_rrule,
    weekly_rrule,
)
from members.models import Availability, AvailabilityChange, Commitment


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def caring_on_sundays(**overrides):
    fields = {
        "kind": Commitment.Kind.CARING,
        "starts_on": date(2026, 3, 1),
        "start_time": time(16, 0),
        "end_time": time(18, 0),
        "rrule": weekly_rrule([6]),
        "time_zone": "Europe/London",
    }
    fields.update(overrides)
    return Commitment(**fields)


def test_weekly_caring_stays_at_4pm_local_across_the_march_clock_change():
    # Clocks go forward on Sunday 29 March 2026 (last Sunday of March).
    intervals = commitment_intervals(caring_on_sundays(), utc(2026, 3, 21), utc(2026, 4, 6))
    assert [(i.start, i.end) for i in intervals] == [
        (utc(2026, 3, 22, 16), utc(2026, 3, 22, 18)),  # GMT: 4pm is 16:00 UTC
        (utc(2026, 3, 29, 15), utc(2026, 3, 29, 17)),  # BST from that morning: 4pm is 15:00 UTC
        (utc(2026, 4, 5, 15), utc(2026, 4, 5, 17)),
    ]


def test_weekly_caring_stays_at_4pm_local_across_the_october_clock_change():
    # Clocks go back on Sunday 25 October 2026 (last Sunday of October).
    intervals = commitment_intervals(caring_on_sundays(), utc(2026, 10, 17), utc(2026, 11, 2))
    assert [i.start for i in intervals] == [
        utc(2026, 10, 18, 15),
        utc(2026, 10, 25, 16),
        utc(2026, 11, 1, 16),
    ]


def test_an_evening_that_spans_the_clock_change_night_lasts_its_real_length():
    # 11pm Saturday to 3am Sunday on the night the clocks go back: 5 real hours.
    night = caring_on_sundays(rrule=weekly_rrule([5]), start_time=time(23), end_time=time(3))
    [interval] = commitment_intervals(night, utc(2026, 10, 24), utc(2026, 10, 25, 12))
    assert interval.start == utc(2026, 10, 24, 22)
    assert (interval.end - interval.start).total_seconds() == 5 * 3600


def test_a_member_in_another_time_zone_is_busy_at_their_own_local_time():
    # School 9am to 3pm on weekdays in Toronto is 14:00 to 20:00 UTC in winter.
    school = caring_on_sundays(
        kind=Commitment.Kind.SCHOOL_WORK,
        rrule=weekly_rrule([0, 1, 2, 3, 4]),
        start_time=time(9),
        end_time=time(15),
        time_zone="America/Toronto",
    )
    intervals = commitment_intervals(school, utc(2026, 11, 23), utc(2026, 11, 24))
    assert [(i.start, i.end) for i in intervals] == [(utc(2026, 11, 23, 14), utc(2026, 11, 23, 20))]


def test_an_exam_period_of_whole_days_covers_every_local_day_including_the_clock_change():
    exams = Commitment(
        kind=Commitment.Kind.EXAM,
        starts_on=date(2026, 3, 27),
        ends_on=date(2026, 3, 30),
        time_zone="Europe/London",
    )
    [interval] = commitment_intervals(exams, utc(2026, 3, 1), utc(2026, 4, 30))
    assert interval.start == utc(2026, 3, 27, 0)  # midnight GMT
    assert interval.end == utc(2026, 3, 30, 23)  # midnight BST at the end of 30 March


def test_a_rule_stops_at_its_end_date():
    rule = caring_on_sundays(ends_on=date(2026, 3, 15))
    assert len(commitment_intervals(rule, utc(2026, 3, 1), utc(2026, 6, 1))) == 3


def test_any_icalendar_rule_can_be_used():
    monthly = caring_on_sundays(rrule="FREQ=MONTHLY;BYDAY=1TU", starts_on=date(2026, 1, 1))
    starts = [
        i.start.date() for i in commitment_intervals(monthly, utc(2026, 1, 1), utc(2026, 4, 1))
    ]
    assert starts == [date(2026, 1, 6), date(2026, 2, 3), date(2026, 3, 3)]


@pytest.mark.parametrize(
    "bad",
    ["FREQ=SECONDLY", "FREQ=WEEKLY;BYDAY=XX", "nonsense", "DTSTART:20260101\nRRULE:FREQ=DAILY"],
)
def test_unusable_rules_are_refused_in_plain_words(bad):
    with pytest.raises(ValidationError):
        validate_rrule(bad)


def test_usual_availability_and_one_off_changes_in_local_time():
    availability = Availability(weekly=["0-evening", "5-morning"])
    changes = [
        AvailabilityChange(date=date(2026, 3, 30), period="", available=False),  # Monday off
        AvailabilityChange(date=date(2026, 4, 1), period="morning", available=True),  # Wed extra
    ]
    free = usual_free_intervals(
        availability, changes, "Europe/London", utc(2026, 3, 28), utc(2026, 4, 2)
    )
    assert [(i.start, i.end) for i in free] == [
        (utc(2026, 3, 28, 9), utc(2026, 3, 28, 12)),  # Saturday morning, still GMT
        (utc(2026, 4, 1, 8), utc(2026, 4, 1, 11)),  # Wednesday morning in BST
    ]


def test_commitments_are_described_in_plain_words():
    from members.availability_instants import describe_commitment

    assert describe_commitment(caring_on_sundays()) == "Every Sunday, from 1 March 2026, 4pm to 6pm"
    fortnightly = caring_on_sundays(
        rrule=weekly_rrule([1, 3], 2), start_time=time(15, 30), end_time=time(17)
    )
    assert (
        describe_commitment(fortnightly)
        == "Every 2 weeks on Tuesday and Thursday, from 1 March 2026, 3:30pm to 5pm"
    )
    exams = Commitment(starts_on=date(2026, 5, 11), ends_on=date(2026, 6, 19))
    assert describe_commitment(exams) == "11 May 2026 to 19 June 2026, all day"
