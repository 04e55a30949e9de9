"""The outbox: every message is a row first; a beat task sends each due row exactly once.

- `queue`: putting messages in (`message_enqueue`, once per purpose) and claiming them;
- `channels`: which channel reaches a person, and quiet hours for under-18s;
- `kinds`: what each kind of message needs from the app that sends it (registered there);
- `sending`: sending claimed messages, retries, and recording what happened;
- `compose`: the email as it goes out (templates, Reply-To, preferences, unsubscribe);
- `transport`: the one place anything is handed to an email or SMS provider;
- `sms`: text-message providers (GOV.UK Notify, an HTTP gateway, console, tests);
- `receipts`, `views`: providers' delivery receipts, and unsubscribing.
"""

from coproduction.outbox.channels import QuietHours, choose_channel
from coproduction.outbox.queue import (
    claim_due,
    invitation_message_enqueue,
    message_enqueue,
    release_stale_claims,
    staff_done,
)
from coproduction.outbox.sending import MAX_ATTEMPTS, deliver, send_due, send_now

__all__ = [
    "MAX_ATTEMPTS",
    "QuietHours",
    "choose_channel",
    "claim_due",
    "deliver",
    "invitation_message_enqueue",
    "message_enqueue",
    "release_stale_claims",
    "send_due",
    "send_now",
    "staff_done",
]
