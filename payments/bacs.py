"""Text for UK bank bulk-payment (Bacs) files.

A Bacs file may only carry capital letters, digits, space and `. & / -`. Banks reject or
mangle anything else, so names are transliterated first ("Siân Ó Brien" becomes
"SIAN O BRIEN") and what still does not fit becomes a space.
"""

import re

from anyascii import anyascii

NAME_LENGTH = 18  # the account name and the reference are at most 18 characters each
_NOT_BACS = re.compile(r"[^A-Z0-9.&/\- ]")


def bacs_text(value: str, length: int = NAME_LENGTH) -> str:
    """`value` in the Bacs character set, in capitals, at most `length` characters."""
    text = " ".join(_NOT_BACS.sub(" ", anyascii(value).upper()).split())
    # Nothing may start with punctuation: a spreadsheet would read "-..." as a formula.
    return text.lstrip(".&/- ")[:length].rstrip()
