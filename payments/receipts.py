"""Checking and cleaning an uploaded receipt before we keep it.

The real type comes from the content, never from the file name or the browser. Photos are
redrawn from their pixels, so nothing else in the file (location, camera details, comments) is
kept. PDFs are kept as they are, but only if they open, are not locked and carry no scripts,
launch actions or attached files.
"""

import io
import logging
import math
import re
import uuid

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from coproduction.uploads import (  # noqa: F401 (re-exported for callers and tests)
    BROKEN_PHOTO,
    TOO_MANY_PIXELS,
    CheckedFileField,
    UploadError,
    read_limited,
    redraw_photo,
    show_size,
)

logger = logging.getLogger(__name__)

ACCEPTED = "a photo (JPEG, PNG or WebP) or a PDF"

MAX_PDF_OBJECTS = 100_000  # a receipt has a few dozen; more is a sign of a hostile file

# PDF names for things that run or carry other files. Checked in the raw bytes and, because
# a PDF can hide its dictionaries in compressed streams, in every object pypdf can reach.
RISKY_PDF_NAMES = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"}
# Not /JS in the raw bytes: three bytes turn up by chance in compressed data, and a script
# action also says /S /JavaScript.
RISKY_PDF_BYTES = [b"/JavaScript", b"/Launch", b"/EmbeddedFile", b"/RichMedia"]

EMPTY = "This file is empty. Please choose your receipt again."
NOT_ACCEPTED = f"This isn't a photo or a PDF we can read. Please upload {ACCEPTED}."
BROKEN_PDF = (
    "We couldn't open this PDF. It may be damaged or only partly uploaded. "
    "Please try again, or upload a photo of the receipt."
)
LOCKED_PDF = (
    "This PDF is locked with a password. "
    "Please upload a copy without a password, or a photo of the receipt."
)
RISKY_PDF = (
    "For safety, we can't accept PDFs with scripts or attached files in them. "
    "Please upload a photo or a screenshot of the receipt instead."
)


# A receipt we will not keep; str(error) is a plain-English message for the member.
ReceiptError = UploadError


def clean_receipt(upload: "UploadedFile[bytes]", *, max_bytes: int) -> "ContentFile[bytes]":
    """Returns a cleaned copy, named '<uuid4 hex>.<ext>' (ext from the REAL type: jpg, png,
    webp or pdf), or raises ReceiptError."""
    data = read_limited(upload, max_bytes=max_bytes, too_big=_too_big, empty=EMPTY)
    if data.startswith(b"%PDF-"):
        data, ext = _check_pdf(data), "pdf"
    else:
        data, ext = redraw_photo(data, not_accepted=NOT_ACCEPTED)
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{ext}")


def _too_big(size: int, max_bytes: int) -> str:
    return (
        f"This file is {show_size(size, math.ceil)}. "
        f"Receipts can be up to {show_size(max_bytes, math.floor)}: "
        "take a smaller photo, or send a screenshot of the receipt instead."
    )


def _check_pdf(data: bytes) -> bytes:
    """`data` unchanged if it is a PDF we are happy to keep."""
    if b"%%EOF" not in data[-1024:]:  # cut short, as by an interrupted upload
        raise ReceiptError(BROKEN_PDF)
    unescaped = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), data)
    if any(name in unescaped for name in RISKY_PDF_BYTES):  # also /J#61vaScript
        raise ReceiptError(RISKY_PDF)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ReceiptError(LOCKED_PDF)
        if len(reader.pages) < 1:
            raise ReceiptError(BROKEN_PDF)
        risky = _has_risky_names(reader)
    except ReceiptError:
        raise
    except Exception as error:  # pypdf fails in many ways on damaged files
        logger.info("Receipt PDF would not open: %r", error)
        raise ReceiptError(BROKEN_PDF) from None
    if risky:
        raise ReceiptError(RISKY_PDF)
    return data


def _has_risky_names(reader: PdfReader) -> bool:
    """Whether any object reachable from the PDF's trailer uses a RISKY_PDF_NAMES name."""
    seen: set[tuple[int, int]] = set()
    todo: list[object] = [reader.trailer]
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            if len(seen) > MAX_PDF_OBJECTS:
                raise ReceiptError(BROKEN_PDF)
            todo.append(item.get_object())
        elif isinstance(item, DictionaryObject):  # streams too
            if RISKY_PDF_NAMES.intersection(item.keys()):
                return True
            todo.extend(item.values())
        elif isinstance(item, ArrayObject):
            todo.extend(item)
        elif isinstance(item, NameObject) and item in RISKY_PDF_NAMES:
            return True
    return False


class ReceiptField(CheckedFileField):
    """A form field whose clean() returns the cleaned receipt (see CheckedFileField);
    max_bytes defaults to settings.RECEIPT_MAX_BYTES."""

    cleaner = staticmethod(clean_receipt)
    accept = "image/jpeg,image/png,image/webp,application/pdf"
    max_bytes_setting = "RECEIPT_MAX_BYTES"
    default_error_messages = {"empty": EMPTY}
