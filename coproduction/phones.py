"""Phone numbers as people type them ("07700 900123") turned into one stored form (E.164)."""

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError

INVALID_PHONE_MESSAGE = "Enter a mobile number, like 07700 900123 or +44 7700 900123."


def phone_to_e164(value: str) -> str:
    """The number in E.164 form (+447700900123); ValidationError if it is not a real number."""
    try:
        number = phonenumbers.parse(value, settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone") from None
    if not phonenumbers.is_possible_number(number):
        raise ValidationError(INVALID_PHONE_MESSAGE, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
