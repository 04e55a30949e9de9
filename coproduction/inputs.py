"""Reading untrusted values from links and forms: a bad value is None, never an exception."""

import uuid


def uuid_or_none(value: str | None) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def small_number(value: str) -> int | None:
    """A small whole number in ASCII digits (not "²", which str.isdigit() accepts)."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def normalize_email_address(email: str) -> str:
    """Emails are stored lower-cased so that uniqueness ignores case."""
    return email.strip().lower()
