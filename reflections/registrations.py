"""What the reflections app gives the core (from ReflectionsConfig.ready): the "you said,
we did" actions, edited side by side, and feedback waiting for an action."""

from coproduction import shared_records, work_queue
from reflections import queue_items
from reflections.shared_records import ACTION


def register() -> None:
    shared_records.register(ACTION)
    work_queue.register(queue_items.feedback_without_an_action, place=work_queue.FEEDBACK)
