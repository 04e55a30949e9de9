"""What each kind of message needs from the app it is about, registered by that app.

The outbox knows how to send a message; whether one is still wanted when its time comes (the
session moved, the claim was confirmed) and what goes with it (a calendar file) belong to the
app that scheduled it. Apps register their kinds in `AppConfig.ready()`; the outbox asks here
and imports no app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypedDict, Unpack

from coproduction.models import Message

Attachment = tuple[str, bytes, str]  # file name, content, MIME type


@dataclass(frozen=True)
class KindRules:
    # Why this message should no longer go ("" if it should), asked just before sending.
    still_wanted: Callable[[Message], str] | None = None
    # Files to attach to its email.
    attachments: Callable[[Message], list[Attachment]] | None = None
    # It still reaches someone who has stepped away (their check-in, their own money).
    reaches_people_stepped_away: bool = False
    # It still reaches someone who has left (news of their own money).
    reaches_people_who_left: bool = False
    # It goes whatever their channels and consent now say (they asked for it themselves).
    always_wanted: bool = False


class _RulesGiven(TypedDict, total=False):
    """The fields of KindRules an app may give to `register`."""

    still_wanted: Callable[[Message], str] | None
    attachments: Callable[[Message], list[Attachment]] | None
    reaches_people_stepped_away: bool
    reaches_people_who_left: bool
    always_wanted: bool


_rules: dict[str, KindRules] = {}
_DEFAULT = KindRules()


def register(kind: str, **rules: Unpack[_RulesGiven]) -> None:
    """Says what `kind` needs; an app calls this once per kind it sends, from ready()."""
    _rules[kind] = KindRules(**rules)


def rules_for(kind: str) -> KindRules:
    return _rules.get(kind, _DEFAULT)
