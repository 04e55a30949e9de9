"""Bank holidays (which differ between the UK's nations), Christmas Eve and New Year's Eve are
left out of the time finder's suggestions unless staff ask for them."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from coproduction.models import Membership
from sessions_app.time_finder import suggest_times
from sessions_app.time_finder.days_off import days_off
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def people(db):
    collaboration = CollaborationFactory()
    facilitator = MembershipFactory(
        collaboration=collaboration,
        role=Membership.Role.FACILITATOR,
        user=UserFactory(name="Tom Reid"),
        dbs_level=Membership.DbsLevel.ENHANCED,
        dbs_certificate_date=timezone.localdate(),
    )
    member = MembershipFactory(collaboration=collaboration, user=UserFactory(name="Jo Free"))
    return collaboration, [facilitator, member]


def suggested_days(collaboration, invitees, first_day, last_day, nations, **kwargs):
    result = suggest_times(
        collaboration=collaboration,
        invitees=invitees,
        first_day=first_day,
        last_day=last_day,
        duration_minutes=60,
        limit=200,  # every start that fits, so every day that could be suggested is
        days_off=days_off(first_day, last_day, nations),
        **kwargs,
    )
    return result, {s.starts_at.astimezone(LONDON).date(): s.day_off for s in result.suggestions}


def test_christmas_eve_boxing_day_and_its_substitute_day_are_never_suggested_by_default(people):
    collaboration, invitees = people
    # 2026: Christmas Eve is a Thursday, Boxing Day a Saturday, its substitute day Monday 28th.
    _, days = suggested_days(
        collaboration, invitees, date(2026, 12, 24), date(2026, 12, 28), ["england"]
    )
    assert set(days) == {date(2026, 12, 27)}  # the Sunday is the only ordinary day


def test_the_days_off_are_suggested_when_asked_for_and_say_which_day_they_are(people):
    collaboration, invitees = people
    _, days = suggested_days(
        collaboration,
        invitees,
        date(2026, 12, 24),
        date(2026, 12, 28),
        ["england"],
        include_days_off=True,
    )
    assert days == {
        date(2026, 12, 24): "Christmas Eve (not a bank holiday)",
        date(2026, 12, 25): "Bank holiday: Christmas Day",
        date(2026, 12, 26): "Bank holiday: Boxing Day",
        date(2026, 12, 27): "",
        date(2026, 12, 28): "Bank holiday: Boxing Day (substitute day)",
    }


def test_new_years_eve_is_left_out_too(people):
    collaboration, invitees = people
    _, days = suggested_days(
        collaboration, invitees, date(2026, 12, 29), date(2026, 12, 31), ["england"]
    )
    assert set(days) == {date(2026, 12, 29), date(2026, 12, 30)}


def test_scotland_has_2_january_off_and_england_does_not(people):
    collaboration, invitees = people
    first, last = date(2026, 1, 1), date(2026, 1, 2)  # a Thursday and a Friday
    _, in_england = suggested_days(collaboration, invitees, first, last, ["england"])
    assert set(in_england) == {date(2026, 1, 2)}
    result, in_scotland = suggested_days(collaboration, invitees, first, last, ["scotland"])
    assert in_scotland == {}
    assert "bank holiday" in result.problems[0]


def test_a_holiday_in_only_some_of_the_nations_says_where(people):
    collaboration, invitees = people
    _, days = suggested_days(
        collaboration,
        invitees,
        date(2027, 1, 1),
        date(2027, 1, 5),
        ["england", "scotland"],
        include_days_off=True,
    )
    assert days[date(2027, 1, 1)] == "Bank holiday: New Year's Day"
    # 2 January 2027 is a Saturday, so Scotland's holiday moves to Monday the 4th.
    assert days[date(2027, 1, 4)] == "Bank holiday in Scotland: New Year Holiday (substitute day)"
    assert days[date(2027, 1, 5)] == ""
    _, by_default = suggested_days(
        collaboration, invitees, date(2027, 1, 1), date(2027, 1, 5), ["england", "scotland"]
    )
    assert set(by_default) == {date(2027, 1, 3), date(2027, 1, 5)}


def test_northern_ireland_and_wales_have_their_own_days():
    first, last = date(2026, 3, 16), date(2026, 4, 7)
    northern_ireland = days_off(first, last, ["northern_ireland"])
    wales = days_off(first, last, ["wales"])
    scotland = days_off(first, last, ["scotland"])
    assert northern_ireland[date(2026, 3, 17)] == "Bank holiday: Saint Patrick's Day"
    assert date(2026, 3, 17) not in wales
    assert date(2026, 4, 6) in wales and date(2026, 4, 6) not in scotland  # Easter Monday


def test_no_nation_chosen_means_england():
    assert days_off(date(2026, 8, 1), date(2026, 8, 31), []) == {
        date(2026, 8, 31): "Bank holiday: Late Summer Bank Holiday"
    }
