"""Who can come when, as a grid of people by times: the time finder's suggestions, or the
answers to a poll. People are grouped, members with lived experience first, then staff. Each
cell says its state in words as well as by an icon and a colour, with a reason only where the
time finder says the person chose to share it. Names are as the permission policy gives them
to the viewer (an under-18 by first name only to other members)."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property

from django.utils import timezone

from coproduction.models import Membership
from coproduction.permissions import name_for
from members.availability_instants import time_text
from sessions_app.models import PollAnswer, PollOption
from sessions_app.time_finder.levels import Attendee, Level, Result

MEMBERS = "Members with lived experience"
STAFF = "Staff and facilitators"


class State(StrEnum):
    CAN = "can"
    RATHER_NOT = "rather_not"
    CANT = "cant"
    NO_ANSWER = "no_answer"


ICONS = {State.CAN: "✓", State.RATHER_NOT: "(✓)", State.CANT: "✗", State.NO_ANSWER: "\N{EN DASH}"}


@dataclass(frozen=True)
class Cell:
    state: State
    words: str  # "Can come", "Would rather not", "Can't come"; "Yes", "If need be", "No"
    reason: str = ""  # only a reason the person chose to share

    @property
    def icon(self) -> str:
        return ICONS[self.state]


@dataclass(frozen=True)
class Time:
    starts_at: datetime
    ends_at: datetime
    summary: str  # "2 of 3 members can come; ..." or "3 yes, 1 if need be, ..."
    day_off: str = ""  # "Bank holiday: Boxing Day"

    @cached_property
    def _local(self) -> tuple[datetime, datetime]:
        return timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)

    @property
    def day(self) -> str:
        """ "Tue 3 Nov"."""
        return f"{self._local[0]:%a %-d %b}"

    @property
    def hours(self) -> str:
        """ "6pm to 7:30pm"."""
        start, end = self._local
        return f"{time_text(start.time())} to {time_text(end.time())}"

    @property
    def label(self) -> str:
        """ "Tuesday 3 November, 6pm to 7:30pm"."""
        return f"{self._local[0]:%A %-d %B}, {self.hours}"


@dataclass(frozen=True)
class Row:
    name: str
    cells: list[Cell]


@dataclass(frozen=True)
class Group:
    label: str
    rows: list[Row]


@dataclass(frozen=True)
class Total:
    label: str
    values: list[str]


@dataclass(frozen=True)
class PersonAt:
    name: str
    cell: Cell


@dataclass(frozen=True)
class GroupAt:
    label: str
    people: list[PersonAt]


@dataclass(frozen=True)
class Column:
    """One time with everyone's answer at it: what a phone shows in place of the table."""

    number: int
    time: Time
    groups: list[GroupAt]


@dataclass(frozen=True)
class TimeGrid:
    times: list[Time]
    groups: list[Group]
    totals: list[Total]
    key: list[Cell]  # what each icon means

    @cached_property
    def columns(self) -> list[Column]:
        return [
            Column(
                number,
                time,
                [
                    GroupAt(
                        group.label, [PersonAt(row.name, row.cells[index]) for row in group.rows]
                    )
                    for group in self.groups
                ],
            )
            for number, (index, time) in enumerate(enumerate(self.times), start=1)
        ]


def _grouped(
    people: Sequence[Membership], viewer: Membership, cells: Callable[[Membership], list[Cell]]
) -> list[Group]:
    groups = []
    for label, is_member in ((MEMBERS, True), (STAFF, False)):
        rows = [
            Row(name_for(viewer, person.user), cells(person))
            for person in people
            if (person.role == Membership.Role.MEMBER) == is_member
        ]
        if rows:
            groups.append(Group(label, sorted(rows, key=lambda row: row.name.casefold())))
    return groups


_CAN_COME = Cell(State.CAN, "Can come")
_RATHER_NOT = Cell(State.RATHER_NOT, "Would rather not")
_CANT_COME = Cell(State.CANT, "Can't come")
_SUGGESTION_KEY = [_CAN_COME, _RATHER_NOT, _CANT_COME]


def _attendee_cell(attendee: Attendee) -> Cell:
    # The reason is the time finder's: None unless the person chose to share it.
    reason = attendee.reason or ""
    if attendee.level == Level.FREE:
        return _CAN_COME
    if attendee.level == Level.CANT:
        return Cell(State.CANT, _CANT_COME.words, reason)
    return Cell(State.RATHER_NOT, _RATHER_NOT.words, reason)


def _can_come(attendees: list[Attendee], members: bool) -> tuple[int, int]:
    chosen = [a for a in attendees if (a.membership.role == Membership.Role.MEMBER) == members]
    return sum(1 for a in chosen if a.level < Level.CANT), len(chosen)


def suggestions_grid(result: Result, viewer: Membership) -> TimeGrid:
    """The suggested times as columns and the people invited as rows."""
    suggestions = result.suggestions
    if not suggestions:
        return TimeGrid([], [], [], _SUGGESTION_KEY)
    # Every suggestion lists the same people in the same order.
    people = [attendee.membership for attendee in suggestions[0].attendees]
    by_person = {
        membership.pk: [_attendee_cell(s.attendees[row]) for s in suggestions]
        for row, membership in enumerate(people)
    }
    totals = []
    for label, members in (("Members who can come", True), ("Staff who can come", False)):
        counts = [_can_come(s.attendees, members) for s in suggestions]
        if counts[0][1]:
            totals.append(Total(label, [f"{can} of {of}" for can, of in counts]))
    return TimeGrid(
        [Time(s.starts_at, s.ends_at, s.summary(), s.day_off) for s in suggestions],
        _grouped(people, viewer, lambda person: by_person[person.pk]),
        totals,
        _SUGGESTION_KEY,
    )


_ANSWER_CELLS: dict[str, Cell] = {
    PollAnswer.Answer.YES: Cell(State.CAN, "Yes"),
    PollAnswer.Answer.IF_NEED_BE: Cell(State.RATHER_NOT, "If need be"),
    PollAnswer.Answer.NO: Cell(State.CANT, "No"),
}
_NO_ANSWER = Cell(State.NO_ANSWER, "No answer yet")


def poll_grid(
    options: Sequence[PollOption],
    invitees: Sequence[Membership],
    viewer: Membership,
    days_off: Mapping[date, str],
) -> TimeGrid:
    """A poll's times as columns and the people asked as rows, with each person's answer.

    Each option's `answers` should be prefetched."""
    answers = {
        (answer.option_id, answer.membership_id): answer.answer
        for option in options
        for answer in option.answers.all()
    }
    times, yes, maybe = [], [], []
    for option in options:
        said = [answers.get((option.pk, person.pk)) for person in invitees]
        counts = {value: said.count(value) for value in [*PollAnswer.Answer.values, None]}
        yes.append(str(counts[PollAnswer.Answer.YES]))
        maybe.append(str(counts[PollAnswer.Answer.IF_NEED_BE]))
        summary = (
            f"{counts[PollAnswer.Answer.YES]} yes, {counts[PollAnswer.Answer.IF_NEED_BE]} if "
            f"need be, {counts[PollAnswer.Answer.NO]} no, {counts[None]} no answer yet"
        )
        local_day = timezone.localtime(option.starts_at).date()
        times.append(Time(option.starts_at, option.ends_at, summary, days_off.get(local_day, "")))

    def cells(person: Membership) -> list[Cell]:
        return [
            _ANSWER_CELLS.get(answers.get((option.pk, person.pk), ""), _NO_ANSWER)
            for option in options
        ]

    totals = [Total("Yes", yes), Total("If need be", maybe)] if options else []
    return TimeGrid(
        times, _grouped(invitees, viewer, cells), totals, [*_ANSWER_CELLS.values(), _NO_ANSWER]
    )
