""" "Needs you": the things waiting for a member of staff (or finance, or a facilitator) at
the top of their home page, each linking to where it is done.

Apps register producers in AppConfig.ready(); each takes the viewer's membership, checks
what the viewer may do, and returns its items with a fixed number of queries. The core
adds its own (messages that failed, calls and letters to make, terms ending) and imports
no app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from coproduction.models import Membership


@dataclass(frozen=True)
class QueueItem:
    """One thing that needs doing: "3 claims waiting for approval (1 late)"."""

    text: str
    url: str
    link_text: str
    urgent: bool = False  # late, or failed: shown first, marked for people and machines
    details: tuple[str, ...] = field(default=())  # a few lines under it (a session's answers)


Producer = Callable[[Membership], list[QueueItem]]
_producers: dict[Producer, int] = {}

# Where each kind of item goes in the list (urgent items first whatever their place).
SESSIONS, REGISTERS, CLAIMS, PAYMENTS, MESSAGES, FEEDBACK, PEOPLE = range(7)


def register(producer: Producer, *, place: int) -> None:
    _producers[producer] = place


def items_for(membership: Membership) -> list[QueueItem]:
    """Everything waiting for this person: the urgent first, then by place."""
    ranked = [
        (not item.urgent, place, index, item)
        for producer, place in _producers.items()
        for index, item in enumerate(producer(membership))
    ]
    return [item for *_, item in sorted(ranked, key=lambda entry: entry[:3])]
