"""Invitation links: the signed token in the link, and where it leads."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from coproduction.models import Invitation

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
