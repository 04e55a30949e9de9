"""Invitations to join: the signed token in the link, where it leads, and sending it."""

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse

from coproduction import outbox
from coproduction.models import Invitation, Message

_SALT = "coproduction.invitation"


def invitation_token(invitation: Invitation) -> str:
    """The unguessable token for this invitation's link."""
    return signing.dumps(str(invitation.code), salt=_SALT)


def invitation_code_from_token(token: str) -> str | None:
    """The invitation code a token was made for, or None if the token is not genuine."""
    max_age = settings.INVITATION_VALID_DAYS * 24 * 60 * 60
    try:
        return signing.loads(token, salt=_SALT, max_age=max_age)
    except signing.BadSignature:
        return None


def invitation_url(invitation: Invitation) -> str:
    path = reverse("coproduction:invitation-accept", kwargs={"token": invitation_token(invitation)})
    return f"{settings.SITE_URL}{path}"


def invitation_send(*, invitation: Invitation) -> Message:
    """Sends the invitation link to the person, by email if they have one, else by text,
    through the outbox (so staff see it went, or why not), at once."""
    context = {
        "invitation": invitation,
        "url": invitation_url(invitation),
        "site_name": settings.SITE_NAME,
        "inviter": invitation.invited_by.name if invitation.invited_by else "The team",
        "role": invitation.get_role_display().lower(),
    }
    channel = "email" if invitation.email else "sms"
    template = f"coproduction/{channel}/invitation.txt"
    message = outbox.invitation_message_enqueue(
        invitation=invitation,
        subject=f"You're invited to join {invitation.collaboration.name}",
        body=render_to_string(template, context).strip(),
        dedupe_key=f"join-invitation:{invitation.pk}",
    )
    outbox.send_now([message.pk])
    return message
