"""When people are busy or free, as real instants (UTC), from rules kept in local time.

Commitments and usual availability are stored the way people think of them: "Mondays 4pm to
6pm", in their own time zone. Turning those into instants happens here, so "4pm" stays 4pm
on both sides of a clock change.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError

from members.models import Availability, AvailabilityChange, Commitment

# The periods of the availability grid, in local time: (name, start hour, end hour).
PERIODS: dict[str, tuple[str, int, int]] = {
    "morning": ("Morning", 9, 12),
    "afternoon": ("Afternoon", 12, 16),
    "late_afternoon": ("Late afternoon", 16, 18),
    "evening": ("Evening", 18, 21),
}


def period_hours(period: str) -> str:
    """For example "6pm to 9pm"."""
    _, start, end = PERIODS[period]
    return f"{time_text(time(start))} to {time_text(time(end))}"


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

# A rule that repeats more often than daily could describe millions of moments.
_ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
MAX_OCCURRENCES = 2000


@dataclass(frozen=True, order=True)
class Interval:
    start: datetime
    end: datetime


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"{name!r} is not a time zone we know.") from None


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones())]


def validate_rrule(value: str) -> str:
    """The rule, tidied; ValidationError in plain words if it is not a usable iCalendar RRULE."""
    rule = value.strip().upper()
    if rule.startswith("RRULE:"):
        rule = rule[len("RRULE:") :]
    if not rule:
        return ""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    if parts.get("FREQ") not in _ALLOWED_FREQUENCIES:
        raise ValidationError("The repeat rule must repeat daily, weekly, monthly or yearly.")
    if "DTSTART" in rule:
        raise ValidationError("Give the start date in its own box, not in the repeat rule.")
    interval = parts.get("INTERVAL", "1")
    if not (interval.isascii() and interval.isdigit() and 1 <= int(interval) <= 52):
        raise ValidationError("The repeat rule's INTERVAL must be a whole number from 1 to 52.")
    try:
        rrulestr(rule, dtstart=datetime(2026, 1, 1))  # noqa: DTZ001 - local wall-clock rule
    except (ValueError, TypeError, KeyError):
        raise ValidationError("We could not understand this repeat rule.") from None
    return rule


def weekly_rrule(weekdays: list[int], every_weeks: int = 1) -> str:
    days = ",".join(RRULE_DAYS[day] for day in sorted(set(weekdays)))
    interval = f";INTERVAL={every_weeks}" if every_weeks > 1 else ""
    return f"FREQ=WEEKLY{interval};BYDAY={days}"


def _local_span(commitment: Commitment, day: date) -> tuple[datetime, datetime]:
    """Naive local start and end of the commitment on `day`."""
    if commitment.start_time is None:
        start = datetime.combine(day, time.min)
        return start, start + timedelta(days=1)
    start = datetime.combine(day, commitment.start_time)
    # With a start time there is an end time (the check constraint commitment_times_come_in_pairs).
    end = datetime.combine(day, cast(time, commitment.end_time))
    if end <= start:  # past midnight, such as a night shift
        end += timedelta(days=1)
    return start, end


def _to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    return local.replace(tzinfo=tz).astimezone(UTC)


def commitment_intervals(
    commitment: Commitment, window_start: datetime, window_end: datetime
) -> list[Interval]:
    """The instants the commitment covers that overlap [window_start, window_end)."""
    tz = zone(commitment.time_zone)
    local_from = window_start.astimezone(tz).replace(tzinfo=None) - timedelta(days=1)
    local_to = window_end.astimezone(tz).replace(tzinfo=None) + timedelta(days=1)
    days: Iterator[date]
    if commitment.rrule:
        first = _local_span(commitment, commitment.starts_on)[0]
        rule = rrulestr(commitment.rrule, dtstart=first)
        if commitment.ends_on:
            last = datetime.combine(commitment.ends_on, time.max)
            local_to = min(local_to, last)
        days = (
            moment.date() for moment in rule.between(max(local_from, first), local_to, inc=True)
        )
    else:
        last_day = commitment.ends_on or commitment.starts_on
        if commitment.start_time is None:
            # One whole block from the first morning to the end of the last day.
            start = datetime.combine(commitment.starts_on, time.min)
            end = datetime.combine(last_day + timedelta(days=1), time.min)
            interval = Interval(_to_utc(start, tz), _to_utc(end, tz))
            return [interval] if interval.end > window_start and interval.start < window_end else []
        days = (
            commitment.starts_on + timedelta(days=offset)
            for offset in range((last_day - commitment.starts_on).days + 1)
        )
    intervals = []
    for count, day in enumerate(days):
        if count >= MAX_OCCURRENCES:
            break
        start, end = _local_span(commitment, day)
        interval = Interval(_to_utc(start, tz), _to_utc(end, tz))
        if interval.end > window_start and interval.start < window_end:
            intervals.append(interval)
    return intervals


def usual_free_intervals(
    availability: Availability | None,
    changes: list[AvailabilityChange],
    time_zone: str,
    window_start: datetime,
    window_end: datetime,
) -> list[Interval]:
    """When the person is usually free in the window, after their one-off changes."""
    tz = zone(time_zone)
    weekly = {tuple(cell.split("-", 1)) for cell in (availability.weekly if availability else [])}
    changed = {(change.date, change.period): change.available for change in changes}
    first = window_start.astimezone(tz).date()
    last = window_end.astimezone(tz).date()
    free = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        for period, (_, start_hour, end_hour) in PERIODS.items():
            is_free = (str(day.weekday()), period) in weekly
            is_free = changed.get((day, ""), is_free)
            is_free = changed.get((day, period), is_free)
            if is_free:
                start = _to_utc(datetime.combine(day, time(start_hour)), tz)
                end = _to_utc(datetime.combine(day, time(end_hour)), tz)
                if end > window_start and start < window_end:
                    free.append(Interval(start, end))
    return free


def _and_join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def time_text(value: time) -> str:
    """A time as people say it: "6pm", "3:30pm"."""
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{value.hour % 12 or 12}{minutes}{'am' if value.hour < 12 else 'pm'}"


def describe_commitment(commitment: Commitment) -> str:
    """The commitment in plain words, such as "Every Tuesday and Thursday, 3:30pm to 5pm"."""
    when = ""
    rule = commitment.rrule
    if rule:
        parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
        days = [
            WEEKDAYS[RRULE_DAYS.index(d)]
            for d in parts.get("BYDAY", "").split(",")
            if d in RRULE_DAYS
        ]
        if parts.get("FREQ") == "WEEKLY" and days and set(parts) <= {"FREQ", "BYDAY", "INTERVAL"}:
            every = (
                "Every"
                if parts.get("INTERVAL", "1") == "1"
                else f"Every {parts['INTERVAL']} weeks on"
            )
            when = f"{every} {_and_join(days)}"
        elif parts.get("FREQ") == "DAILY" and set(parts) == {"FREQ"}:
            when = "Every day"
        else:
            when = f"Repeating ({rule})"
        when += f", from {commitment.starts_on:%-d %B %Y}"
        if commitment.ends_on:
            when += f" until {commitment.ends_on:%-d %B %Y}"
    else:
        when = f"{commitment.starts_on:%-d %B %Y}"
        if commitment.ends_on and commitment.ends_on != commitment.starts_on:
            when += f" to {commitment.ends_on:%-d %B %Y}"
    if commitment.start_time is not None:
        end_time = cast(time, commitment.end_time)  # they come in pairs (a check constraint)
        return f"{when}, {time_text(commitment.start_time)} to {time_text(end_time)}"
    return f"{when}, all day"
