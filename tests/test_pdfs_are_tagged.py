"""Every PDF people get (tax-year statements, Jobcentre letters, letters to post, trustee
reports) is tagged PDF/UA, with its title and language, so a screen reader reads it in
order: checked with poppler's pdfinfo."""

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduction.reports import services
from tests.support.pdf import pdf_info
from tests.support.urls import build_url_args

pytestmark = pytest.mark.django_db


def assert_tagged_for_screen_readers(content: bytes, tmp_path, title: str) -> None:
    fields, meta = pdf_info(content, tmp_path)
    assert fields["Tagged"] == "yes"
    assert title in fields["Title"]
    assert 'pdfuaid:part="1"' in meta  # PDF/UA-1


def test_statements_letters_and_reports_are_tagged_pdf_ua(
    client, cast, collaboration, tmp_path, django_capture_on_commit_callbacks
):
    args = build_url_args(cast, collaboration)
    slug, person = args["collaboration_slug"], args["person_code"]
    client.force_login(cast["member"])
    statement = client.get(reverse("payments:statement", args=[slug, person, int(args["year"])]))
    assert_tagged_for_screen_readers(statement.content, tmp_path, "Statement of payments")
    letter = client.get(reverse("payments:jobcentre-letter", args=[slug, person]))
    assert_tagged_for_screen_readers(letter.content, tmp_path, "Letter about involvement")

    client.force_login(cast["staff"])
    letters = client.get(reverse("coproduction:outbox-letters", args=[slug]))
    assert_tagged_for_screen_readers(letters.content, tmp_path, "Letters to post")

    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            collaboration=collaboration, requested_by=cast["trustee"], start=today, end=today
        )
    report.refresh_from_db()
    assert_tagged_for_screen_readers(report.pdf.open("rb").read(), tmp_path, "Progress report")
