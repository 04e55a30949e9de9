"""Scoring candidate starts and explaining each suggestion."""

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings

from coproduction.models import Collaboration, Membership
from coproduction.permissions import STAFF_LIKE_ROLES
from sessions_app.time_finder.availability import _Grid, _load_invitees
from sessions_app.time_finder.levels import (
    _LEVELS,
    _PREFERRED_HOURS,
    FAIRNESS_PENALTY,
    LEVEL_VALUE,
    PREFERRED_TIME_BONUS,
    Attendee,
    Invitee,
    Level,
    Result,
    Suggestion,
)


def _candidate_starts(
    grid: _Grid, window_days: list[date], tz: ZoneInfo, slots: int, earliest: time, latest: time
) -> np.ndarray:
    """Slot indexes where a session of `slots` fits between earliest and latest, local time."""
    starts: list[int] = []
    for day in window_days:
        first = grid.index(datetime.combine(day, earliest, tz).astimezone(UTC))
        last = grid.index(datetime.combine(day, latest, tz).astimezone(UTC))
        starts.extend(range(first, last - slots + 1))
    return np.array(starts, dtype=np.int64)


def suggest_times(
    *,
    collaboration: Collaboration,
    invitees: list[Membership],
    first_day: date,
    last_day: date,
    duration_minutes: int,
    earliest: time = time(9),
    latest: time = time(21),
    limit: int = 8,
    time_zone: str | None = None,
    days_off: Mapping[date, str] | None = None,
    include_days_off: bool = False,
) -> Result:
    """The best start times for a session, best first, each saying who can come and why not.

    Days in `days_off` (bank holidays and the like, local dates with what they are called) are
    left out, unless `include_days_off`, when a suggestion on one says which day it is.
    """
    days_off = days_off or {}
    memberships = [m for m in invitees if m.status != Membership.Status.ALUMNI]
    problems = []
    if not any(m.role in STAFF_LIKE_ROLES for m in memberships):
        problems.append("Invite a facilitator or member of staff: every session needs one.")
    has_under_18 = any(m.user.is_under_18 for m in memberships)
    if has_under_18 and not any(
        m.is_safeguarding_cleared and not m.user.is_under_18 for m in memberships
    ):
        problems.append("Under-18s are invited: invite an adult with a current enhanced DBS check.")
    if problems or not memberships:
        return Result([], problems or ["Choose who to invite."])

    tz = ZoneInfo(time_zone or settings.TIME_ZONE)
    window = (
        datetime.combine(first_day, time.min, tz).astimezone(UTC),
        datetime.combine(last_day + timedelta(days=1), time.min, tz).astimezone(UTC),
    )
    slots = -(-duration_minutes // 15)
    grid = _Grid(*window)
    people, clocks = _load_invitees(collaboration, memberships, grid, window, duration_minutes)
    days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    if not include_days_off:
        days = [day for day in days if day not in days_off]
        if not days:
            return Result(
                [],
                [
                    "Every day you chose is a bank holiday, Christmas Eve or New Year's Eve. "
                    "Choose more days, or tick the box to include them."
                ],
            )
    starts = _candidate_starts(grid, days, tz, slots, earliest, latest)
    if not len(starts):
        return Result(
            [],
            ["No start times fit between those hours. Try a longer window or a shorter session."],
        )

    levels = np.stack([p.levels for p in people])  # people x slots
    # The worst level of each person over the session's slots, for every possible start.
    span = levels.shape[1] - slots + 1
    running = levels[:, :span].copy()
    for offset in range(1, slots):
        np.maximum(running, levels[:, offset : offset + span], out=running)
    worst = running[:, starts]  # people x candidates
    weights = np.array([p.weight for p in people], dtype=np.float32)
    score = weights @ LEVEL_VALUE[worst]
    for tz_name in {p.time_zone for p in people if p.preferred}:
        hours = clocks[tz_name].minute[starts] // 60
        for row, person in enumerate(people):
            if person.preferred and person.time_zone == tz_name:
                low, high = _PREFERRED_HOURS[person.preferred]
                liked = (hours >= low) & (hours < high) & (worst[row] < Level.CANT)
                score += liked * PREFERRED_TIME_BONUS * person.weight
    left_out = np.array([p.left_out * p.weight for p in people], dtype=np.float32)
    if left_out.any():
        score -= FAIRNESS_PENALTY * (left_out @ (worst == Level.CANT))

    can_come = worst < Level.USUALLY_BUSY
    valid = np.ones(len(starts), dtype=bool)
    facilitators = [i for i, p in enumerate(people) if p.can_facilitate]
    valid &= can_come[facilitators].any(axis=0)
    if has_under_18:
        cleared = [i for i, p in enumerate(people) if p.is_cleared_adult]
        valid &= can_come[cleared].any(axis=0)

    order = np.lexsort((starts, -score))  # best score first, then earliest
    chosen: list[int] = []
    for candidate in order:
        if not valid[candidate]:
            continue
        start = starts[candidate]
        if any(abs(start - starts[c]) < slots for c in chosen):
            continue  # overlaps a better suggestion
        chosen.append(int(candidate))
        if len(chosen) == limit:
            break
    suggestions = []
    for c in chosen:
        suggestion = _explain(grid, people, starts[c], slots, worst[:, c], float(score[c]))
        suggestion.day_off = days_off.get(suggestion.starts_at.astimezone(tz).date(), "")
        suggestions.append(suggestion)
    return Result(suggestions, [])


def _explain(
    grid: _Grid, people: list[Invitee], start: int, slots: int, worst: np.ndarray, score: float
) -> Suggestion:
    suggestion = Suggestion(
        grid.moment(int(start)), grid.moment(int(start) + slots), round(score, 2)
    )
    for person, level in zip(people, worst.tolist(), strict=True):
        reason = None
        if level == Level.USUALLY_BUSY:
            reason = "usually busy then"
        elif level > Level.FREE:
            for block in person.blocks:
                if block.level == level and block.overlaps(int(start), int(start) + slots):
                    reason = block.reason if block.shareable else None
                    break
        suggestion.attendees.append(Attendee(person.membership, _LEVELS[level], reason))
    return suggestion
