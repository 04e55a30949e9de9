"""Signed links that work without a password: answering an invitation, answering a poll."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

_INVITE_SALT = "sessions.invite-answer"
_POLL_SALT = "sessions.poll-answer"
_MAX_AGE = 120 * 24 * 60 * 60  # links are for sessions within about four months


def invite_answer_url(invite) -> str:
    token = signing.dumps(str(invite.code), salt=_INVITE_SALT)
    return settings.SITE_URL + reverse("sessions:invite-answer", args=[token])


def invite_code_from_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=_INVITE_SALT, max_age=_MAX_AGE)
    except signing.BadSignature:
        return None


def poll_answer_url(poll, membership) -> str:
    token = signing.dumps([str(poll.code), str(membership.code)], salt=_POLL_SALT)
    return settings.SITE_URL + reverse("sessions:poll-answer", args=[token])


def poll_codes_from_token(token: str) -> tuple[str, str] | None:
    try:
        poll_code, membership_code = signing.loads(token, salt=_POLL_SALT, max_age=_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return poll_code, membership_code
