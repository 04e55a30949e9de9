"""Each invitee's row of levels over the window, in 15-minute slots: their usual week,
one-off changes, commitments in their own time zone, and any step-away."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import cast
from zoneinfo import ZoneInfo

import numpy as np
from dateutil.rrule import rrulestr
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from coproduction.models import Collaboration, Membership
from members.availability_instants import PERIODS, RRULE_DAYS, commitment_intervals
from members.models import (
    AvailabilityChange,
    Commitment,
    StepAway,
)
from sessions_app.models import SessionInvite
from sessions_app.time_finder.levels import (
    _KIND_REASON,
    FAIRNESS_LOOKBACK_DAYS,
    LIVED_EXPERIENCE_WEIGHT,
    STAFF_WEIGHT,
    STEP,
    Block,
    Invitee,
    Level,
    LevelSpan,
)


@dataclass
class _MaskBlock:
    mask: np.ndarray
    level: Level
    reason: str
    shareable: bool

    def overlaps(self, first: int, last: int) -> bool:
        return bool(self.mask[first:last].any())


class _Grid:
    def __init__(self, start: datetime, end: datetime):
        self.start = start
        self.size = int((end - start) / STEP)

    def index(self, moment: datetime, *, round_up: bool = False) -> int:
        offset = (moment - self.start) / STEP
        whole = int(offset)
        if round_up and offset > whole:
            whole += 1
        return max(0, min(self.size, whole))

    def moment(self, index: int) -> datetime:
        return self.start + index * STEP


class _LocalClock:
    """For every slot of the grid: the local date (ordinal), weekday and minute of the day in
    one time zone, from the real UTC offset at that moment (so clock changes are exact)."""

    def __init__(self, grid: _Grid, tz_name: str):
        tz = ZoneInfo(tz_name)
        hours = -(-grid.size // 4)
        offsets = np.array(
            [
                # A datetime in a ZoneInfo always has an offset.
                cast(
                    timedelta, (grid.start + timedelta(hours=h)).astimezone(tz).utcoffset()
                ).total_seconds()
                // 60
                for h in range(hours)
            ],
            dtype=np.int64,
        )
        utc_minutes = np.arange(grid.size, dtype=np.int64) * 15
        local = utc_minutes + offsets[np.arange(grid.size) // 4]
        epoch = grid.start.replace(tzinfo=None)
        base_day = epoch.date().toordinal()
        local += epoch.hour * 60 + epoch.minute
        self.day = base_day + local // 1440
        self.minute = local % 1440
        self.weekday = (self.day - 1) % 7  # date.toordinal() 1 is a Monday
        self.quarter_of_week = self.weekday * 96 + self.minute // 15

    def days_between(self, first: date, last: date | None) -> np.ndarray:
        mask = self.day >= first.toordinal()
        if last is not None:
            mask &= self.day <= last.toordinal()
        return mask

    def between_times(self, start: time, end: time) -> np.ndarray:
        low, high = start.hour * 60 + start.minute, end.hour * 60 + end.minute
        return (self.minute >= low) & (self.minute < high)


def _monthly_weekday(rule: str) -> tuple[int, int] | None:
    """(n, weekday) for "the nth weekday of every month" (n = -1 for the last), else None."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    if parts.get("FREQ") != "MONTHLY" or set(parts) != {"FREQ", "BYDAY"} or "," in parts["BYDAY"]:
        return None
    by_day = parts["BYDAY"]
    number, day = by_day[:-2], by_day[-2:]
    if day not in RRULE_DAYS or number not in ("1", "2", "3", "4", "-1", "+1", "+2", "+3", "+4"):
        return None
    return int(number), RRULE_DAYS.index(day)


def _nth_weekdays(n: int, weekday: int, local: "_LocalClock") -> list[int]:
    """Ordinals of the nth (or last) given weekday of each month the clock covers."""
    first, last = date.fromordinal(int(local.day[0])), date.fromordinal(int(local.day[-1]))
    found = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if n > 0:
            day_one = date(year, month, 1)
            candidate = day_one + timedelta(days=(weekday - day_one.weekday()) % 7 + 7 * (n - 1))
        else:
            next_month = date(year + month // 12, month % 12 + 1, 1)
            last_day = next_month - timedelta(days=1)
            candidate = last_day - timedelta(days=(last_day.weekday() - weekday) % 7)
        if candidate.month == month:
            found.append(candidate.toordinal())
        year, month = year + month // 12, month % 12 + 1
    return found


@lru_cache(maxsize=32)
def _local_clock(start: datetime, size: int, tz_name: str) -> _LocalClock:
    """Local clocks depend only on the window and the zone: worth keeping between calls."""
    return _LocalClock(_Grid(start, start + size * STEP), tz_name)


def _weekly_days(rule: str) -> tuple[list[int], int] | None:
    """(weekdays, interval) for a plain weekly rule, else None."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    if parts.get("FREQ") != "WEEKLY" or not set(parts) <= {"FREQ", "BYDAY", "INTERVAL"}:
        return None
    days = [RRULE_DAYS.index(day) for day in parts.get("BYDAY", "").split(",") if day in RRULE_DAYS]
    return (days, int(parts.get("INTERVAL", "1"))) if days else None


def _commitment_mask(commitment: Commitment, local: _LocalClock) -> np.ndarray | None:
    """The slots a commitment covers, worked out on the local clock; None if the rule needs
    the general (slower) path."""
    start_time = commitment.start_time
    # With a start time there is an end time (the check constraint commitment_times_come_in_pairs).
    end_time = cast(time, commitment.end_time)
    if start_time is not None and end_time <= start_time:
        return None  # runs past midnight
    mask = local.days_between(
        commitment.starts_on,
        commitment.ends_on if commitment.rrule else (commitment.ends_on or commitment.starts_on),
    )
    if start_time is not None:
        mask &= local.between_times(start_time, end_time)
    if not commitment.rrule:
        return mask
    weekly = _weekly_days(commitment.rrule)
    monthly = _monthly_weekday(commitment.rrule) if weekly is None else None
    if monthly is not None:
        return mask & np.isin(local.day, _nth_weekdays(*monthly, local))
    if weekly is None:
        # Any other iCalendar rule: let dateutil list the days, then mark them.
        first = datetime.combine(commitment.starts_on, time.min)
        rule = rrulestr(commitment.rrule, dtstart=first)
        low = datetime.fromordinal(int(local.day[0]))
        high = datetime.fromordinal(int(local.day[-1])).replace(hour=23, minute=59)
        if commitment.ends_on:
            high = min(high, datetime.combine(commitment.ends_on, time.max))
        ordinals = [moment.toordinal() for moment in rule.between(max(low, first), high, inc=True)]
        return mask & np.isin(local.day, ordinals)
    days, interval = weekly
    on_day = np.zeros(7, dtype=bool)
    on_day[days] = True
    mask &= on_day[local.weekday]
    if interval > 1:
        first_monday = commitment.starts_on.toordinal() - commitment.starts_on.weekday()
        mask &= ((local.day - first_monday) // 7) % interval == 0
    return mask


def _load_invitees(
    collaboration: Collaboration,
    memberships: list[Membership],
    grid: _Grid,
    window: tuple[datetime, datetime],
    duration: int,
) -> tuple[list[Invitee], dict[str, _LocalClock]]:
    # Rows are fetched for the whole collaboration and narrowed here: one parameter instead
    # of hundreds of ids makes each query several times cheaper, and a collaboration is small.
    in_collaboration = {"user__memberships__collaboration_id": collaboration.pk}
    first_day, last_day = window[0].date() - timedelta(days=1), window[1].date() + timedelta(days=1)
    # One row per invitee with everything one-to-one: zone, usual week, needs, times left out.
    since = timezone.now() - timedelta(days=FAIRNESS_LOOKBACK_DAYS)
    facts = {
        row[0]: row[1:]
        for row in Membership.objects.filter(collaboration_id=collaboration.pk)
        .annotate(
            left_out=Count(
                "session_invites",
                filter=Q(
                    session_invites__response=SessionInvite.Response.NO,
                    session_invites__session__starts_at__gte=since,
                ),
            )
        )
        .values_list(
            "pk",
            "user__profile__time_zone",
            "user__availability__weekly",
            "user__access_needs__preferred_time_of_day",
            "user__access_needs__longest_session_minutes",
            "left_out",
        )
    }
    commitments = defaultdict(list)
    for commitment in Commitment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=first_day),
        starts_on__lte=last_day,
        **in_collaboration,
    ):
        commitments[commitment.user_id].append(commitment)
    changes = defaultdict(list)
    for change in AvailabilityChange.objects.filter(
        date__range=(first_day, last_day), **in_collaboration
    ):
        changes[change.user_id].append(change)
    away_dates = {
        membership_id: (started_on, return_on)
        for membership_id, started_on, return_on in StepAway.objects.filter(
            membership__collaboration_id=collaboration.pk, ended_on__isnull=True
        ).values_list("membership_id", "started_on", "return_on")
    }

    clocks: dict[str, _LocalClock] = {}
    # By (zone, first day, last day, start time, end time, rule).
    masks: dict[
        tuple[str, date, date | None, time | None, time | None, str], np.ndarray | None
    ] = {}
    week_tables: dict[tuple[str, ...], np.ndarray] = {}  # by the usual week's cells
    invitees = []
    for membership in memberships:
        zone_name, usual_week, preferred, longest, left_out = facts[membership.pk]
        tz_name = zone_name or settings.TIME_ZONE
        if tz_name not in clocks:
            clocks[tz_name] = _local_clock(grid.start, grid.size, tz_name)
        local = clocks[tz_name]
        blocks: list[LevelSpan] = []
        cells = tuple(sorted(usual_week or ()))
        if cells:
            table = week_tables.get(cells)
            if table is None:
                table = np.full(7 * 96, Level.USUALLY_BUSY, np.int8)
                for cell in cells:
                    day, _, period = cell.partition("-")
                    if period in PERIODS and day.isdigit():
                        _, start_hour, end_hour = PERIODS[period]
                        table[int(day) * 96 + start_hour * 4 : int(day) * 96 + end_hour * 4] = (
                            Level.FREE
                        )
                week_tables[cells] = table
            levels = table[local.quarter_of_week]
            blocks.append(Block(0, grid.size, Level.USUALLY_BUSY, "usually busy then", True))
        else:
            levels = np.zeros(grid.size, np.int8)
        for change in changes.get(membership.user_id, []):
            mask = local.days_between(change.date, change.date)
            if change.period in PERIODS:
                _, start_hour, end_hour = PERIODS[change.period]
                mask &= (local.minute >= start_hour * 60) & (local.minute < end_hour * 60)
            if change.available:
                levels[mask & (levels == Level.USUALLY_BUSY)] = Level.FREE
            else:
                _mark_mask(levels, blocks, mask, Level.CANT, "not free that day", True)
        for commitment in commitments.get(membership.user_id, []):
            level = (
                Level.CANT if commitment.strength == Commitment.Strength.CANT else Level.RATHER_NOT
            )
            reason = _KIND_REASON.get(commitment.kind, "another commitment")
            zone_name = commitment.time_zone or tz_name
            if zone_name not in clocks:
                clocks[zone_name] = _local_clock(grid.start, grid.size, zone_name)
            # Many people share the same pattern (school hours, say): work each out once.
            weekly = _weekly_days(commitment.rrule) if commitment.rrule else None
            every_week = weekly is not None and weekly[1] == 1
            simple_start = max(commitment.starts_on, first_day) if every_week else None
            key = (
                zone_name,
                simple_start or commitment.starts_on,
                commitment.ends_on,
                commitment.start_time,
                commitment.end_time,
                commitment.rrule,
            )
            if key not in masks:
                masks[key] = _commitment_mask(commitment, clocks[zone_name])
            commitment_mask = masks[key]
            if commitment_mask is not None:
                _mark_mask(levels, blocks, commitment_mask, level, reason, commitment.share_reason)
                continue
            for interval in commitment_intervals(commitment, *window):
                _mark(
                    levels,
                    blocks,
                    grid,
                    interval.start,
                    interval.end,
                    level,
                    reason,
                    commitment.share_reason,
                )
        if membership.pk in away_dates:
            started_on, return_on = away_dates[membership.pk]
            back = return_on - timedelta(days=1) if return_on else None
            _mark_mask(
                levels,
                blocks,
                local.days_between(started_on, back),
                Level.CANT,
                "stepped away",
                True,
            )
        if longest and duration > longest:
            np.maximum(levels, Level.RATHER_NOT, out=levels)
            blocks.append(
                Block(0, grid.size, Level.RATHER_NOT, "longer than they can manage", True)
            )
        weight = (
            LIVED_EXPERIENCE_WEIGHT if membership.role == Membership.Role.MEMBER else STAFF_WEIGHT
        )
        invitees.append(
            Invitee(
                membership=membership,
                weight=weight,
                levels=levels,
                blocks=blocks,
                time_zone=tz_name,
                preferred=preferred or "",
                left_out=left_out,
            )
        )
    return invitees, clocks


def _mark(
    levels: np.ndarray,
    blocks: list[LevelSpan],
    grid: _Grid,
    start: datetime,
    end: datetime,
    level: Level,
    reason: str,
    shareable: bool,
) -> None:
    first = grid.index(start)
    last = grid.index(end, round_up=True)
    if last <= first:
        return
    segment = levels[first:last]
    np.maximum(segment, level, out=segment)
    blocks.append(Block(first, last, level, reason, shareable))


def _mark_mask(
    levels: np.ndarray,
    blocks: list[LevelSpan],
    mask: np.ndarray,
    level: Level,
    reason: str,
    shareable: bool,
) -> None:
    if not mask.any():
        return
    np.maximum(levels, mask.view(np.int8) * np.int8(level), out=levels)
    blocks.append(_MaskBlock(mask, level, reason, shareable))
