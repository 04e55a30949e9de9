"""What the reflections app gives the core (from ReflectionsConfig.ready): the "you said,
we did" actions, edited side by side."""

from coproduction import shared_records
from reflections.shared_records import ACTION


def register() -> None:
    shared_records.register(ACTION)
