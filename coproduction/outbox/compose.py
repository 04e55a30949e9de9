"""A message as it goes out: the email (text and HTML parts from templates, a Reply-To that
reaches the collaboration, the person's preferences and, where they may say no to this kind of
message, a one-click unsubscribe) or the text message."""

import email.policy
from email.message import EmailMessage
from email.policy import Policy
from email.utils import formataddr, parseaddr
from typing import cast
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from coproduction.models import Collaboration, Invitation, Membership, Message
from coproduction.outbox.channels import is_optional
from coproduction.outbox.kinds import rules_for
from coproduction.outbox.people import preferences_page

_UNSUBSCRIBE_SALT = "coproduction.outbox.unsubscribe"


class _HeadersUnfolded(email.policy.EmailPolicy):
    """A mail policy (the one a backend asks for: SMTP's, the console's) that writes the
    Message-ID and List-Unsubscribe headers on one line as they are. Folded, a long URL with no
    spaces becomes RFC 2047 encoded words, which no mail provider reads as a link; RFC 5322
    allows a line of up to 998 characters."""

    UNFOLDED = frozenset({"message-id", "list-unsubscribe", "list-unsubscribe-post"})

    def fold(self, name: str, value: str) -> str:
        if name.lower() in self.UNFOLDED:
            return f"{name}: {str(value).strip()}{self.linesep}"
        folded: str = super().fold(name, value)  # typeshed leaves EmailPolicy.fold unannotated
        return folded

    def fold_binary(self, name: str, value: str) -> bytes:
        if name.lower() in self.UNFOLDED:
            return f"{name}: {str(value).strip()}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


class OutboxEmail(EmailMultiAlternatives):
    # Read by django-anymail's backends, which send it with the email; set by `email_for`.
    metadata: dict[str, str]

    # `Policy | None` as in EmailMessage.message; Django's backends always pass a policy.
    def message(self, *, policy: Policy | None = email.policy.default) -> EmailMessage:
        return super().message(policy=_HeadersUnfolded(**vars(policy)))


def message_id(message: Message) -> str:
    """The message's code as its Message-ID: its idempotency key on the wire. The domain is
    the site's host name alone (a port is not allowed there)."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{message.code}@{host}>"


def address_of(message: Message) -> str:
    """Where it goes: the member's email or mobile, or what staff gave when inviting."""
    recipient = message.recipient  # no query when there is none
    if recipient is not None:
        user = recipient.user
        return (user.email if message.channel == Message.Channel.EMAIL else str(user.phone)) or ""
    # A message is to a member or else to an invitee (the model's check constraint).
    invitation = cast(Invitation, message.invitation)
    return (
        invitation.email if message.channel == Message.Channel.EMAIL else invitation.phone
    ) or ""


def reply_to(collaboration: Collaboration) -> str:
    """Where replies go: the collaboration's inbox, else its named help contact; "" if none."""
    if collaboration.reply_to_email:
        return collaboration.reply_to_email
    contact = collaboration.help_contact
    return (contact.user.email or "") if contact is not None else ""


def sender(collaboration: Collaboration) -> str:
    """From: the collaboration's name, at the site's own sending address."""
    return formataddr((collaboration.name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


def unsubscribe_token(membership: Membership, category: str) -> str:
    return signing.dumps([str(membership.code), category], salt=_UNSUBSCRIBE_SALT)


def unsubscribe_from_token(token: str) -> tuple[str, str] | None:
    """The membership code and category a token was made for; None if it is not genuine.
    Unsubscribe links never expire: someone may act on an old email."""
    try:
        code, category = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return str(code), str(category)


def unsubscribe_url(message: Message) -> str:
    """A link that stops this kind of message, for kinds a person may say no to."""
    if message.recipient is None or not is_optional(message.category):
        return ""
    token = unsubscribe_token(message.recipient, message.category)
    return settings.SITE_URL + reverse("coproduction:unsubscribe", args=[token])


def preferences_url(message: Message) -> str:
    if message.recipient is None:
        return ""
    return settings.SITE_URL + preferences_page(message.recipient)


def email_for(message: Message) -> EmailMultiAlternatives:
    """The email for a message, ready to hand over."""
    collaboration = message.collaboration
    category = Message.Category(message.category).label.lower()
    preferences = preferences_url(message)
    unsubscribe = unsubscribe_url(message)
    reply_address = reply_to(collaboration)
    context = {
        "message": message,
        "collaboration": collaboration,
        "category": category,
        "preferences_url": preferences,
        "unsubscribe_url": unsubscribe,
        "reply_to": reply_address,
    }
    headers = {"Message-ID": message_id(message), "Auto-Submitted": "auto-generated"}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = OutboxEmail(
        subject=message.subject,
        body=render_to_string("coproduction/email/message.txt", context),
        from_email=sender(collaboration),
        to=[address_of(message)],
        reply_to=[reply_address] if reply_address else None,
        headers=headers,
    )
    email.attach_alternative(
        render_to_string("coproduction/email/message.html", context), "text/html"
    )
    attachments = rules_for(message.kind).attachments
    for name, content, mimetype in attachments(message) if attachments else []:
        email.attach(name, content, mimetype)
    # Email providers (through django-anymail) send this back with their delivery receipts.
    email.metadata = {"message": str(message.code)}
    return email
