"""What the core registers at start-up (from CoproductionConfig.ready): its own kinds of
message, shared records and reminder producers, its deploy checks, the page cache's watch on
every database connection, and the email providers' delivery receipts."""

from anymail.signals import tracking

from coproduction import (
    checks,  # noqa: F401 - the deploy checks register as they load
    message_kinds,
    reminders,
    shared_records,
)
from coproduction.outbox.receipts import email_receipt_record
from coproduction.page_cache import watch_every_connection


def register() -> None:
    watch_every_connection()
    message_kinds.register()
    shared_records.register(shared_records.WORK_AREA_PLAN)
    reminders.register(reminders.produce_term_endings)
    reminders.register(reminders.produce_no_new_members)
    tracking.connect(email_receipt_record, dispatch_uid="coproduction-outbox-email-receipts")
