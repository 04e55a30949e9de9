"""The messages about a person's own taking part, as the outbox needs to know them.
Registered in MembersConfig.ready()."""

from coproduction.models import Message
from coproduction.outbox import kinds


def register() -> None:
    # The check-in at the end of a step-away is for someone who is still away.
    kinds.register(Message.Kind.STEP_AWAY_CHECK_IN, reaches_people_stepped_away=True)
