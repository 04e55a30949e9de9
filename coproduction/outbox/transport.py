"""The one place anything is handed to an email or SMS provider.

Everything else goes through the outbox (`message_enqueue`, then `deliver`). The one
exception is a login code, which cannot wait for a worker and is a secret that must not be
kept: allauth's adapter hands it over here at once, and no row records it.
tests/coproduction/test_outbox_is_the_only_way_out.py walks the code to keep it so.
"""

from django.core.mail import EmailMessage

from coproduction.outbox.sms import sms_backend


def email_hand_over(email: EmailMessage) -> str:
    """Sends one email through the configured mailer; the provider's id for it, or ""."""
    email.send()
    status = getattr(email, "anymail_status", None)  # set by django-anymail's backends
    return (status.message_id or "") if status is not None else ""


def text_hand_over(*, to: str, body: str, reference: str = "") -> str:
    """Sends one text message through SMS_BACKEND; the provider's id for it, or "".
    `reference` is the message's idempotency key."""
    return sms_backend().send(to=to, body=body, reference=reference)
