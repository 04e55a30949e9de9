"""Photos and sound files made in memory, for upload tests."""

import io
import os
import struct
import wave

from django.core.files.uploadedfile import SimpleUploadedFile
from mutagen.id3 import TIT2, TXXX
from mutagen.wave import WAVE
from PIL import Image

GPS = 0x8825


def picture(size=(64, 48), mode="RGB"):
    """Noise, so that it does not compress to almost nothing."""
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    return image.convert(mode)


def encoded(image, fmt, **options):
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif.get_ifd(GPS).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    return exif


def photo_with_location() -> bytes:
    return encoded(picture(), "JPEG", exif=gps_exif(), comment=b"at home")


def voice_note(seconds: float = 1.0, *, tagged: bool = True) -> bytes:
    """A short silent WAV recording; tagged (ID3 and LIST/INFO) with a title and places, as
    phones and recorders may do."""
    out = io.BytesIO()
    with wave.open(out, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(8000)
        recording.writeframes(b"\x00\x00" * int(8000 * seconds))
    if not tagged:
        return out.getvalue()
    out.seek(0)
    audio = WAVE(out)
    audio.add_tags()
    audio.tags.add(TIT2(encoding=3, text="Recording at 12 Home Street"))
    audio.tags.add(TXXX(encoding=3, desc="location", text="+51.5000-000.1167/"))
    out.seek(0)
    audio.save(out)
    return with_info_chunk(out.getvalue(), b"Flat 3, Mill Lane")


def with_info_chunk(data: bytes, comment: bytes) -> bytes:
    """A WAV with a LIST/INFO comment chunk (ICMT) added, as some recorders write one."""
    text = comment + b"\x00" * (2 - len(comment) % 2)
    info = b"INFO" + b"ICMT" + struct.pack("<I", len(text)) + text
    chunk = b"LIST" + struct.pack("<I", len(info)) + info
    size = struct.unpack("<I", data[4:8])[0]
    return b"RIFF" + struct.pack("<I", size + len(chunk)) + data[8:] + chunk


def upload(data: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
