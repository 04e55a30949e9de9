"""Checking and cleaning uploaded photos and voice notes before we keep them.

The real type comes from the content, never from the file name or the browser. Photos are
redrawn from their pixels, so nothing else in the file (location, camera details, comments) is
kept. Voice notes must open as audio of a kind browsers play, and lose their tags (which can
hold a place, a name or a phone's details).
"""

import io
import logging
import math
import re
import uuid
import wave

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponse, HttpResponseBase
from mutagen import File as AudioFile
from mutagen.apev2 import delete as delete_apev2
from mutagen.flac import FLAC
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

MAX_PIXELS = 40_000_000  # about a 40 megapixel photo
MAX_SIDE = 2400  # bigger photos are shrunk to this on their long side

# Pillow format name -> (format to save as, file extension).
IMAGE_TYPES = {
    "JPEG": ("JPEG", "jpg"),
    "MPO": ("JPEG", "jpg"),  # phone cameras' JPEGs with a second, hidden picture
    "PNG": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
}
KEEP_MODES = {"JPEG": {"L", "RGB"}, "PNG": {"1", "L", "LA", "RGB", "RGBA"}, "WEBP": {"RGB", "RGBA"}}

# mutagen type -> file extension. Each is a kind that current browsers play.
AUDIO_TYPES = {MP3: "mp3", MP4: "m4a", OggOpus: "opus", OggVorbis: "ogg", WAVE: "wav", FLAC: "flac"}
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "opus": "audio/ogg",
    "ogg": "audio/ogg",
    "wav": "audio/wav",
    "flac": "audio/flac",
}
PHOTO_TYPES = "a JPEG, PNG or WebP photo"
AUDIO_TYPES_SHOWN = "an MP3, M4A, OGG, Opus, WAV or FLAC sound file"
MAX_VOICE_NOTE_SECONDS = 15 * 60

EMPTY = "This file is empty. Please choose it again."
TOO_MANY_PIXELS = (
    "This photo is too big for us to open. Please take a smaller photo, or send a screenshot."
)
BROKEN_PHOTO = (
    "We couldn't open this photo. It may be damaged or only partly uploaded. "
    "Please try again, or take a new photo."
)
NOT_A_PHOTO = f"This isn't a photo we can read. Please upload {PHOTO_TYPES}."
NOT_AUDIO = (
    f"This isn't a voice recording we can play. Please upload {AUDIO_TYPES_SHOWN}. "
    "Most phones' voice recorder apps make one of these."
)
TOO_LONG = "This recording is longer than 15 minutes. Please record a shorter one, or two."


class UploadError(ValueError):
    """A file we will not keep; str(error) is a plain-English message for the person."""


def read_limited(upload, *, max_bytes: int, too_big=None, empty: str = EMPTY) -> bytes:
    """The upload's bytes, or UploadError when it is empty or over `max_bytes` (never reading
    more than that, whatever the browser said its size was). `too_big(size, max_bytes)` words
    the refusal of a big file."""
    too_big = too_big or _too_big
    if upload.size is not None and upload.size > max_bytes:
        raise UploadError(too_big(upload.size, max_bytes))
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadError(too_big(upload.size or len(data), max_bytes))
    if not data:
        raise UploadError(empty)
    return data


def _too_big(size, max_bytes) -> str:
    return (
        f"This file is {show_size(size, math.ceil)}. "
        f"The most we can take is {show_size(max_bytes, math.floor)}."
    )


def show_size(size, rounding=math.ceil) -> str:
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
        raise UploadError(BROKEN_PHOTO)
    if image.format == "JPEG" and getattr(image, "_ended", False):
        raise UploadError(BROKEN_PHOTO)


_PNG_END = b"IEND\xaeB`\x82"


def redraw_photo(data: bytes, *, not_accepted: str = NOT_A_PHOTO) -> tuple[bytes, str]:
    """A JPEG, PNG or WebP drawn afresh from the pixels of `data`, and its extension."""
    try:
        image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP"])
    except UnidentifiedImageError:
        raise UploadError(not_accepted) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError(TOO_MANY_PIXELS) from None
    except Exception as error:  # a damaged header can fail in many ways inside Pillow
        logger.info("Photo would not open: %r", error)
        raise UploadError(BROKEN_PHOTO) from None
    with image:
        if image.format not in IMAGE_TYPES:
            raise UploadError(not_accepted)
        if image.width * image.height > MAX_PIXELS:
            raise UploadError(TOO_MANY_PIXELS)
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
        except UploadError:
            raise
        except Exception as error:  # truncated or corrupt pixel data
            logger.info("Photo would not load: %r", error)
            raise UploadError(BROKEN_PHOTO) from None
    return out.getvalue(), ext


def clean_photo(upload, *, max_bytes: int) -> ContentFile:
    """A cleaned copy named '<uuid4 hex>.<ext>', or UploadError."""
    data = read_limited(
        upload,
        max_bytes=max_bytes,
        too_big=lambda size, limit: f"{_too_big(size, limit)} Please take a smaller photo.",
    )
    data, ext = redraw_photo(data)
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{ext}")


def clean_voice_note(upload, *, max_bytes: int) -> ContentFile:
    """A copy of a playable recording without its tags, named '<uuid4 hex>.<ext>' from its
    real type, or UploadError."""
    data = read_limited(
        upload,
        max_bytes=max_bytes,
        too_big=lambda size, limit: f"{_too_big(size, limit)} Please record a shorter note.",
    )
    buffer = io.BytesIO(data)
    try:
        audio = AudioFile(buffer, options=list(AUDIO_TYPES))
    except Exception as error:  # mutagen fails in many ways on damaged or hostile files
        logger.info("Voice note would not open: %r", error)
        audio = None
    if audio is None or type(audio) not in AUDIO_TYPES or not audio.info.length:
        raise UploadError(NOT_AUDIO)
    if audio.info.length > MAX_VOICE_NOTE_SECONDS:
        raise UploadError(TOO_LONG)
    try:
        data = _without_metadata(audio, buffer)
    except Exception as error:
        logger.info("Voice note metadata would not come off: %r", error)
        raise UploadError(NOT_AUDIO) from None
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{AUDIO_TYPES[type(audio)]}")


def _without_metadata(audio, buffer: io.BytesIO) -> bytes:
    """The recording with its tags (names, places, comments, pictures) taken off. A WAV is
    written afresh from its sound alone: its LIST/INFO chunks are not tags to mutagen."""
    if isinstance(audio, WAVE):
        buffer.seek(0)
        with wave.open(buffer, "rb") as recording:
            params, frames = recording.getparams(), recording.readframes(recording.getnframes())
        out = io.BytesIO()
        with wave.open(out, "wb") as fresh:
            fresh.setparams(params)
            fresh.writeframes(frames)
        return out.getvalue()
    if isinstance(audio, FLAC):
        audio.clear_pictures()
        buffer.seek(0)
        audio.save(buffer)
    if audio.tags is not None:
        buffer.seek(0)
        audio.delete(buffer)
    if isinstance(audio, MP3):
        buffer.seek(0)
        delete_apev2(buffer)  # a second kind of tag some recorders add at the end
    return buffer.getvalue()


class CheckedFileField(forms.FileField):
    """A file field whose clean() returns the cleaned ContentFile (or None when empty and not
    required), turning UploadError into a field error. Subclasses set `cleaner`, `accept` and
    `max_bytes_setting`."""

    cleaner = staticmethod(clean_photo)
    accept = "image/jpeg,image/png,image/webp"
    max_bytes_setting = "PHOTO_MAX_BYTES"
    default_error_messages = {"empty": EMPTY}

    def __init__(self, *, max_bytes=None, **kwargs):
        self.max_bytes = max_bytes
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs.setdefault("accept", self.accept)
        return attrs

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial:  # nothing new: None, False (cleared) or the old file
            return upload
        max_bytes = self.max_bytes
        if max_bytes is None:
            max_bytes = getattr(settings, self.max_bytes_setting)
        try:
            return type(self).cleaner(upload, max_bytes=max_bytes)
        except UploadError as error:
            raise forms.ValidationError(str(error), code="upload") from None


class PhotoField(CheckedFileField):
    pass


class VoiceNoteField(CheckedFileField):
    cleaner = staticmethod(clean_voice_note)
    accept = "audio/*"
    max_bytes_setting = "VOICE_NOTE_MAX_BYTES"


_RANGE = re.compile(r"^bytes=(\d{0,15})-(\d{0,15})$")  # longer numbers are no real file


def private_file_response(
    request, stored, *, filename: str | None = None, as_attachment: bool = False
) -> HttpResponseBase:
    """A kept file, for people a view has already checked, never cached by anyone else.

    Answers a single byte range (206) when asked: Safari on iPhones will not play audio
    without it.
    """
    extension = stored.name.rsplit(".", 1)[-1]
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    size = stored.size
    wanted = _RANGE.match(request.headers.get("Range", "").strip())
    response: HttpResponseBase  # the whole file streams (FileResponse); a range is read at once
    if wanted and (wanted[1] or wanted[2]):
        start, end = wanted[1], wanted[2]
        if start:
            first, last = int(start), min(int(end) if end else size - 1, size - 1)
        else:  # "bytes=-500": the last 500 bytes
            first, last = max(size - int(end), 0), size - 1
        if first > last or first >= size:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        with stored.open("rb") as handle:
            handle.seek(first)
            response = HttpResponse(handle.read(last - first + 1), content_type=content_type)
        response.status_code = 206
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    else:
        response = FileResponse(
            stored.open("rb"),
            content_type=content_type,
            as_attachment=as_attachment,
            filename=filename or "",
        )
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
