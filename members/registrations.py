"""What the members app gives the core (from MembersConfig.ready): how to reach a person, who
can take part in which week, its kinds of message and its check-ins."""

from coproduction import reminders, resourcing
from coproduction.outbox import people
from members import message_kinds, selectors
from members.contact import ProfileContactPreferences
from members.reminders import produce_check_ins


def register() -> None:
    message_kinds.register()
    reminders.register(produce_check_ins)
    people.register(ProfileContactPreferences())
    resourcing.register(selectors.work_area_resourcing)
