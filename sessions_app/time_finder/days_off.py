"""Days the time finder leaves out unless asked: the bank holidays of the UK nations a
collaboration works in (England, Wales, Scotland and Northern Ireland differ), and Christmas
Eve and New Year's Eve, which are not bank holidays but when many people are off."""

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import holidays

from coproduction.nations import UkNation

# The `holidays` library's codes for the UK's nations.
_SUBDIVISIONS = {
    UkNation.ENGLAND: "ENG",
    UkNation.WALES: "WLS",
    UkNation.SCOTLAND: "SCT",
    UkNation.NORTHERN_IRELAND: "NIR",
}

_EVES = {(12, 24): "Christmas Eve", (12, 31): "New Year's Eve"}


@lru_cache(maxsize=64)
def _bank_holidays(nation: str, year: int) -> dict[date, str]:
    found = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[UkNation(nation)], years=year)
    # "(observed)" is the library's word; in the UK it is a substitute day.
    return {day: name.replace("(observed)", "(substitute day)") for day, name in found.items()}


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def days_off(first_day: date, last_day: date, nations: Iterable[str]) -> dict[date, str]:
    """Each day from first_day to last_day that is a bank holiday in any of `nations` (England
    if none), or 24 or 31 December, with what to call it: "Bank holiday: Boxing Day", "Bank
    holiday in Scotland: New Year Holiday", "Christmas Eve (not a bank holiday)"."""
    wanted = set(nations)
    chosen = [nation for nation in UkNation if nation in wanted] or [UkNation.ENGLAND]
    found: dict[date, dict[str, list[str]]] = {}
    for year in range(first_day.year, last_day.year + 1):
        for nation in chosen:
            for day, name in _bank_holidays(nation, year).items():
                if first_day <= day <= last_day:
                    found.setdefault(day, {}).setdefault(name, []).append(nation.label)
    named = {}
    for day, names in sorted(found.items()):
        parts = []
        for name, where in names.items():
            if len(where) < len(chosen):
                parts.append(f"Bank holiday in {_joined(where)}: {name}")
            else:
                parts.append(f"Bank holiday: {name}")
        named[day] = "; ".join(parts)
    for year in range(first_day.year, last_day.year + 1):
        for (month, day_of_month), name in _EVES.items():
            eve = date(year, month, day_of_month)
            if first_day <= eve <= last_day and eve not in named:
                named[eve] = f"{name} (not a bank holiday)"
    return dict(sorted(named.items()))


def days_off_hint(nations: Iterable[str]) -> str:
    """What the time finder leaves out, in plain words, for the tick box that brings it back."""
    wanted = set(nations)
    chosen = [nation.label for nation in UkNation if nation in wanted] or [UkNation.ENGLAND.label]
    return (
        f"We leave out bank holidays in {_joined(chosen)}, and 24 and 31 December. Christmas "
        "Eve and New Year's Eve are not bank holidays, but many people are off. Tick this to "
        "look at these days too."
    )
