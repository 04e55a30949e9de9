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

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

logger = logging.getLogger(__name__)

ACCEPTED = "a photo (JPEG, PNG or WebP) or a PDF"

MAX_PIXELS = 40_000_000  # about a 40 megapixel photo; far more than a receipt needs
MAX_SIDE = 2400  # bigger photos are shrunk to this on their long side
MAX_PDF_OBJECTS = 100_000  # a receipt has a few dozen; more is a sign of a hostile file

# Pillow format name -> (format to save as, file extension).
IMAGE_TYPES = {
    "JPEG": ("JPEG", "jpg"),
    "MPO": ("JPEG", "jpg"),  # phone cameras' JPEGs with a second, hidden picture
    "PNG": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
}
KEEP_MODES = {"JPEG": {"L", "RGB"}, "PNG": {"1", "L", "LA", "RGB", "RGBA"}, "WEBP": {"RGB", "RGBA"}}

# PDF names for things that run or carry other files. Checked in the raw bytes and, because
# a PDF can hide its dictionaries in compressed streams, in every object pypdf can reach.
RISKY_PDF_NAMES = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"}
# Not /JS in the raw bytes: three bytes turn up by chance in compressed data, and a script
# action also says /S /JavaScript.
RISKY_PDF_BYTES = [b"/JavaScript", b"/Launch", b"/EmbeddedFile", b"/RichMedia"]

EMPTY = "This file is empty. Please choose your receipt again."
NOT_ACCEPTED = f"This isn't a photo or a PDF we can read. Please upload {ACCEPTED}."
TOO_MANY_PIXELS = (
    "This photo is too big for us to open. "
    "Please take a smaller photo, or send a screenshot of the receipt."
)
BROKEN_PHOTO = (
    "We couldn't open this photo. It may be damaged or only partly uploaded. "
    "Please try again, or take a new photo."
)
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


class ReceiptError(ValueError):
    """A receipt we will not keep; str(error) is a plain-English message for the member."""


def clean_receipt(upload, *, max_bytes: int) -> ContentFile:
    """Returns a cleaned copy, named '<uuid4 hex>.<ext>' (ext from the REAL type: jpg, png,
    webp or pdf), or raises ReceiptError."""
    if upload.size is not None and upload.size > max_bytes:
        raise ReceiptError(_too_big(upload.size, max_bytes))
    upload.seek(0)
    data = upload.read(max_bytes + 1)  # never more than we would keep, whatever size says
    if len(data) > max_bytes:
        raise ReceiptError(_too_big(upload.size or len(data), max_bytes))
    if not data:
        raise ReceiptError(EMPTY)
    if data.startswith(b"%PDF-"):
        data, ext = _check_pdf(data), "pdf"
    else:
        data, ext = _redraw_image(data)
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{ext}")


def _too_big(size, max_bytes):
    return (
        f"This file is {_show_size(size, math.ceil)}. "
        f"Receipts can be up to {_show_size(max_bytes, math.floor)}: "
        "take a smaller photo, or send a screenshot of the receipt instead."
    )


def _show_size(size, rounding):
    """'12.3 MB', '10 MB', '900 KB' or '1000 bytes', rounded with `rounding` (up or down)."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            shown = rounding(size * 10 / scale) / 10
            return f"{shown:g} {unit}"
    return f"{size} bytes"


def _check_complete(image, data: bytes) -> None:
    """Refuses a photo cut short, after `image.load()`. Pillow's own check can be switched off
    process-wide (WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES), so look for ourselves: a
    PNG must end with its IEND chunk; Pillow marks a JPEG it had to finish early `_ended`."""
    if image.format == "PNG" and _PNG_END not in data[-64:]:
        raise ReceiptError(BROKEN_PHOTO)
    if image.format == "JPEG" and getattr(image, "_ended", False):
        raise ReceiptError(BROKEN_PHOTO)


_PNG_END = b"IEND\xaeB`\x82"


def _redraw_image(data):
    """A JPEG, PNG or WebP drawn afresh from the pixels of `data`, and its extension."""
    try:
        image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP"])
    except UnidentifiedImageError:
        raise ReceiptError(NOT_ACCEPTED) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ReceiptError(TOO_MANY_PIXELS) from None
    except Exception as error:  # a damaged header can fail in many ways inside Pillow
        logger.info("Receipt photo would not open: %r", error)
        raise ReceiptError(BROKEN_PHOTO) from None
    with image:
        if image.format not in IMAGE_TYPES:
            raise ReceiptError(NOT_ACCEPTED)
        if image.width * image.height > MAX_PIXELS:
            raise ReceiptError(TOO_MANY_PIXELS)
        save_as, ext = IMAGE_TYPES[image.format]
        try:
            image.draft(image.mode, (MAX_SIDE, MAX_SIDE))  # JPEG only: decode at a smaller size
            image.load()
            _check_complete(image, data)
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            if upright.mode not in KEEP_MODES[save_as]:
                wanted = "RGBA" if upright.has_transparency_data and save_as != "JPEG" else "RGB"
                upright = upright.convert(wanted)
            # A new image from the bare pixels: no EXIF, GPS, XMP, comments or ICC profile.
            bare = Image.frombytes(upright.mode, upright.size, upright.tobytes())
            out = io.BytesIO()
            if save_as == "PNG":
                bare.save(out, "PNG", optimize=True)
            else:
                bare.save(out, save_as, quality=85)
        except Exception as error:  # truncated or corrupt pixel data
            logger.info("Receipt photo would not load: %r", error)
            raise ReceiptError(BROKEN_PHOTO) from None
    return out.getvalue(), ext


def _check_pdf(data):
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


def _has_risky_names(reader):
    """Whether any object reachable from the PDF's trailer uses a RISKY_PDF_NAMES name."""
    seen = set()
    todo = [reader.trailer]
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


class ReceiptField(forms.FileField):
    """A form field whose clean() returns the cleaned ContentFile (or None when empty and not
    required), turning ReceiptError into forms.ValidationError. max_bytes defaults to
    settings.RECEIPT_MAX_BYTES."""

    default_error_messages = {"empty": EMPTY}

    def __init__(self, *, max_bytes=None, **kwargs):
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs.setdefault("accept", "image/jpeg,image/png,image/webp,application/pdf")
        return attrs

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:  # nothing new: None, False (cleared) or the old file
            return upload
        max_bytes = settings.RECEIPT_MAX_BYTES if self.max_bytes is None else self.max_bytes
        try:
            return clean_receipt(upload, max_bytes=max_bytes)
        except ReceiptError as error:
            raise forms.ValidationError(str(error), code="receipt") from None
