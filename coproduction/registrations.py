"""What the core registers at start-up (from CoproductionConfig.ready): its own kinds of
message, shared records, reminder producers and "needs you" items, its deploy checks, the
page cache's watch on every database connection, and the email providers' delivery
receipts."""

from anymail.signals import tracking

from coproduction import (
    checks,  # noqa: F401 - the deploy checks register as they load
    message_kinds,
    queue_items,
    reminders,
    shared_records,
    work_queue,
)
from coproduction.outbox.receipts import email_receipt_record
from coproduction.page_cache import watch_every_connection


def register() -> None:
    watch_every_connection()
    message_kinds.register()
    shared_records.register(shared_records.WORK_AREA_PLAN)
    reminders.register(reminders.produce_term_endings)
    reminders.register(reminders.produce_no_new_members)
    work_queue.register(queue_items.messages_to_act_on, place=work_queue.MESSAGES)
    work_queue.register(queue_items.terms_ending, place=work_queue.PEOPLE)
    tracking.connect(email_receipt_record, dispatch_uid="coproduction-outbox-email-receipts")
