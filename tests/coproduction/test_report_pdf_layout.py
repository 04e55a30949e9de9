"""The trustee PDF as printed: the key figures on the first page (no blank cover), the demo's
report in at most eight pages, no heading left at the foot of a page away from its table,
and no caption said twice."""

import io
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader

from coproduction.models import Collaboration, ProgressReport
from coproduction.reports.build import report_build
from coproduction.reports.files import report_context
from coproduction.reports.forms import ReportForm
from tests.coproduction.report_fixture import build_known_report
from tests.required_services import service_missing

FOOTER = re.compile(r"^(Progress report, .+ to .+|Page \d+ of \d+)$")


def built(collaboration, start, end) -> ProgressReport:
    report = ProgressReport.objects.create(
        collaboration=collaboration, period_start=start, period_end=end
    )
    assert report_build(report_id=report.pk) is True
    report.refresh_from_db()
    return report


@pytest.fixture
def known_report(collaboration) -> ProgressReport:
    known = build_known_report(collaboration)
    return built(known.collaboration, known.start, known.end)


@pytest.fixture
def demo_report(db) -> ProgressReport:
    """The demo's report as a trustee would first make it: the last 12 months of the data
    `manage.py seed_demo` (what `make run` seeds) creates."""
    call_command("seed_demo", stdout=io.StringIO())
    form = ReportForm({"period": ReportForm.LAST_YEAR}, today=timezone.localdate())
    assert form.is_valid()
    return built(
        Collaboration.objects.get(slug="youth-health-panel"),
        form.cleaned_data["start"],
        form.cleaned_data["end"],
    )


def pdf_bytes(report: ProgressReport) -> bytes:
    with report.pdf.open("rb") as handle:
        return handle.read()


def page_texts(content: bytes, tmp_path, layout: bool = False) -> list[str]:
    """Each page's text as poppler's pdftotext reads it: in the order it was drawn (the
    document's order), or laid out as on the page."""
    program = shutil.which("pdftotext")
    if program is None:
        service_missing("pdftotext is not installed: apt-get install -y poppler-utils")
    pdf = tmp_path / "layout.pdf"
    pdf.write_bytes(content)
    options = ["-layout"] if layout else ["-raw"]
    text = subprocess.run(
        [program, *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[: len(PdfReader(pdf).pages)]


def flat(text: str) -> str:
    return " ".join(text.split())


class Headings(HTMLParser):
    """The text of every heading and caption (table or figure) in a page, in order."""

    TAGS = ("h1", "h2", "h3", "h4", "caption", "figcaption")

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in self.TAGS:
            self._open = []

    def handle_endtag(self, tag):
        if tag in self.TAGS and self._open is not None:
            self.found.append(flat("".join(self._open)))
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)


def headings_of(report: ProgressReport) -> list[str]:
    parser = Headings()
    parser.feed(render_to_string("coproduction/report_print.html", report_context(report)))
    return parser.found


def test_the_demo_report_is_at_most_eight_pages(demo_report, tmp_path):
    pages = len(PdfReader(io.BytesIO(pdf_bytes(demo_report))).pages)
    assert pages <= 8, f"{pages} pages"


def test_the_first_page_is_the_key_figures_with_the_title_and_period(known_report, tmp_path):
    first = flat(page_texts(pdf_bytes(known_report), tmp_path)[0])
    period = f"{known_report.period_start:%-d %B %Y} to {known_report.period_end:%-d %B %Y}"
    assert first.startswith("River Valley Youth Panel Progress report for trustees and funders")
    assert period in first
    for figure in (
        "Key figures",
        "6 members with lived experience came to a session",
        "7 joined",
        "<5 reached the end of their term",
        "4 sessions held",
        "11 times a member with lived experience came",
        "12.5 hours paid for",
        "10 days to pay half of all claims",
        "83% paid within the 28-day target",
        "1 of 2 actions were done or answered with a reason (50%)",
        "60% of agenda items were proposed by members with lived experience (3 of 5)",
        "25% of sessions were chaired by a member with lived experience (1 of 4)",
    ):
        assert figure in first, figure
    assert "Quillfeather" not in first
    assert "Contents" not in first  # the key figures have the page to themselves


def test_the_demo_report_opens_on_its_key_figures_not_a_cover(demo_report, tmp_path):
    first = flat(page_texts(pdf_bytes(demo_report), tmp_path)[0])
    assert first.startswith("Young People's Health Panel Progress report")
    for card in (
        "Key figures",
        "People",
        "Sessions",
        "Paid time",
        "Paying on time",
        "Acting on feedback",
        "Who led",
    ):
        assert card in first, card
    assert "joined" in first and "sessions held" in first


@pytest.mark.parametrize("which", ["known_report", "demo_report"])
def test_no_heading_or_caption_is_the_last_thing_on_a_page(which, request, tmp_path):
    report = request.getfixturevalue(which)
    headings = set(headings_of(report))
    for number, text in enumerate(page_texts(pdf_bytes(report), tmp_path), start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        body = [line for line in lines if not FOOTER.match(line)]
        assert body, f"page {number} is blank"
        assert body[-1] not in headings, f"page {number} ends with {body[-1]!r}"


@pytest.mark.parametrize("which", ["known_report", "demo_report"])
def test_no_heading_or_caption_is_said_twice(which, request, tmp_path):
    report = request.getfixturevalue(which)
    headings = headings_of(report)
    said = [heading.casefold() for heading in headings]
    assert len(said) == len(set(said)), sorted(h for h in headings if said.count(h.casefold()) > 1)
    # Nor in print: each caption and heading stands on a line of its own once at most.
    lines = [
        line.strip()
        for text in page_texts(pdf_bytes(report), tmp_path, layout=True)
        for line in text.splitlines()
    ]
    for heading in headings:
        assert lines.count(heading) <= 1, heading


def test_the_print_stays_readable(known_report, tmp_path):
    """Body text 11pt; nothing, chart labels included, smaller than about 9pt. Sizes from
    the height of each word's box as poppler draws it (DejaVu Sans: 1.164 times the size)."""
    program = shutil.which("pdftotext")
    if program is None:
        service_missing("pdftotext is not installed: apt-get install -y poppler-utils")
    pdf = tmp_path / "sizes.pdf"
    pdf.write_bytes(pdf_bytes(known_report))
    boxes = subprocess.run(
        [program, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    letters: dict[float, int] = {}
    for y_min, y_max, word in re.findall(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', boxes
    ):
        size = round((float(y_max) - float(y_min)) / 1.164, 1)
        letters[size] = letters.get(size, 0) + len(word)
    body = max(letters, key=letters.__getitem__)
    assert body >= 10.9, letters  # 11pt
    assert min(letters) >= 8.9, letters
