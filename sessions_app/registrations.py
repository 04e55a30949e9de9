"""What the sessions app gives the core (from SessionsAppConfig.ready): its kinds of
message, its part of a member's home, its shared records, its reminder producers and its
"needs you" items."""

from coproduction import home_pages, reminders, shared_records, work_queue
from coproduction.models import Membership
from sessions_app import message_kinds, queue_items, selectors
from sessions_app.reminders import produce_few_voices, produce_session_messages
from sessions_app.shared_records import AGENDA_ITEM, SESSION_NOTES


def register() -> None:
    message_kinds.register()
    home_pages.register(roles=[Membership.Role.MEMBER], context=selectors.member_home)
    shared_records.register(AGENDA_ITEM)
    shared_records.register(SESSION_NOTES)
    reminders.register(produce_session_messages)
    reminders.register(produce_few_voices)
    work_queue.register(queue_items.next_sessions, place=work_queue.SESSIONS)
    work_queue.register(queue_items.registers_to_fill_in, place=work_queue.REGISTERS)
