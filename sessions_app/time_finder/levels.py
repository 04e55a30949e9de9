"""The time finder's levels (free, rather not, usually busy, can't), its weights, and what
it answers: the people invited, and suggested starts with who can come."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Protocol

import numpy as np

from coproduction.models import Membership
from coproduction.permissions import STAFF_LIKE_ROLES
from members.models import (
    Commitment,
)

STEP = timedelta(minutes=15)


LIVED_EXPERIENCE_WEIGHT = 3.0


STAFF_WEIGHT = 1.0


PREFERRED_TIME_BONUS = 0.15


FAIRNESS_PENALTY = 0.05


FAIRNESS_LOOKBACK_DAYS = 180


class Level(IntEnum):
    FREE = 0
    RATHER_NOT = 1
    USUALLY_BUSY = 2
    CANT = 3


LEVEL_VALUE = np.array([1.0, 0.5, 0.3, 0.0], dtype=np.float32)


_LEVELS = list(Level)


_KIND_REASON: dict[str, str] = {
    Commitment.Kind.CARING: "caring",
    Commitment.Kind.SCHOOL_WORK: "school or work",
    Commitment.Kind.EXAM: "exams",
    Commitment.Kind.TRAVEL: "travel",
    Commitment.Kind.HEALTH: "health",
    Commitment.Kind.OTHER: "another commitment",
}


_PREFERRED_HOURS = {"morning": (9, 12), "afternoon": (12, 17), "evening": (17, 21)}


@dataclass
class Block:
    first: int
    last: int  # exclusive
    level: Level
    reason: str
    shareable: bool  # may staff be told the reason?

    def overlaps(self, first: int, last: int) -> bool:
        return self.first < last and self.last > first


class LevelSpan(Protocol):
    """Slots marked at one level for one reason: a Block, or a mask of slots (availability)."""

    level: Level
    reason: str
    shareable: bool

    def overlaps(self, first: int, last: int) -> bool: ...


@dataclass
class Invitee:
    membership: Membership
    weight: float
    levels: np.ndarray
    blocks: list[LevelSpan]
    time_zone: str
    preferred: str = ""
    left_out: int = 0

    @property
    def is_lived_experience(self) -> bool:
        return self.membership.role == Membership.Role.MEMBER

    @property
    def can_facilitate(self) -> bool:
        return self.membership.role in STAFF_LIKE_ROLES

    @property
    def is_cleared_adult(self) -> bool:
        return self.membership.is_safeguarding_cleared and not self.membership.user.is_under_18


@dataclass
class Attendee:
    membership: Membership
    level: Level
    reason: str | None = None  # None: not theirs to tell, or no reason needed


@dataclass
class Suggestion:
    starts_at: datetime
    ends_at: datetime
    score: float
    attendees: list[Attendee] = field(default_factory=list)
    day_off: str = ""  # "Bank holiday: Boxing Day", when such days were asked for

    def _of(self, *levels: Level, members: bool | None = None) -> list[Attendee]:
        return [
            a
            for a in self.attendees
            if a.level in levels
            and (members is None or (a.membership.role == Membership.Role.MEMBER) == members)
        ]

    @property
    def free(self) -> list[Attendee]:
        return self._of(Level.FREE)

    @property
    def rather_not(self) -> list[Attendee]:
        return self._of(Level.RATHER_NOT, Level.USUALLY_BUSY)

    @property
    def cannot(self) -> list[Attendee]:
        return self._of(Level.CANT)

    def summary(self) -> str:
        """For example "9 of 11 members can come; Sam: exams; 1 member unavailable"."""
        members = [a for a in self.attendees if a.membership.role == Membership.Role.MEMBER]
        can = [a for a in members if a.level < Level.CANT]
        parts = [f"{len(can)} of {len(members)} members can come"] if members else []
        team = [a for a in self.attendees if a.membership.role != Membership.Role.MEMBER]
        if team:
            team_can = [a for a in team if a.level < Level.CANT]
            parts[-1:] = [*parts[-1:], f"{len(team_can)} of {len(team)} staff"]
        anonymous = 0
        for attendee in self.cannot:
            if attendee.reason:
                parts.append(f"{attendee.membership.user.shown_name}: {attendee.reason}")
            else:
                anonymous += 1
        if anonymous:
            parts.append(f"{anonymous} {'person' if anonymous == 1 else 'people'} unavailable")
        unsure = len(self.rather_not)
        if unsure:
            parts.append(f"{unsure} would rather not")
        return "; ".join(parts)


@dataclass
class Result:
    suggestions: list[Suggestion]
    problems: list[str]
