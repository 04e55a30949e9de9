"""Trustee progress reports: every figure right on a collaboration whose numbers are known,
small numbers hidden, no names anywhere, the PDF and CSV, the pages and the task."""

import codecs
import csv
import io
import json
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership, ProgressReport
from coproduction.reports.build import report_build
from coproduction.reports.figures import report_figures
from coproduction.reports.services import report_request
from tests.coproduction.report_fixture import build_known_report, last_full_quarter
from tests.factories import MembershipFactory, UserFactory
from tests.support.forms import date_fields
from tests.support.pdf import pdf_pages, pdf_text


@pytest.fixture
def known(collaboration):
    return build_known_report(collaboration)


def table(figures, table_id) -> dict[str, list[str]]:
    for section in figures["sections"]:
        for found in section["tables"]:
            if found["id"] == table_id:
                return {row[0]: row[1:] for row in found["rows"]}
    raise KeyError(table_id)


def note(figures, table_id) -> str:
    for section in figures["sections"]:
        for found in section["tables"]:
            if found["id"] == table_id:
                return found["note"]
    raise KeyError(table_id)


def test_membership_figures_with_primary_and_secondary_suppression(known):
    figures = report_figures(known.collaboration, known.start, known.end)
    assert table(figures, "membership-status") == {
        "Active": ["12"],
        "Stepped away for now": ["<5"],
        "Alumni (have left)": ["*"],  # 6 hidden, or 21 - 12 would give the 3 away
        "All members with lived experience": ["21"],
    }
    assert table(figures, "membership-changes") == {
        "Joined": ["7"],
        "Stepped away (for a while)": ["<5"],
        "Reached the end of their term": ["<5"],
        "Started a fresh term (refreshed)": ["0"],
    }


def test_representation_against_the_community_profile(known):
    figures = report_figures(known.collaboration, known.start, known.end)
    ethnicity = table(figures, "representation-ethnicity")
    assert ethnicity["White"] == ["6", "60%", "70%"]
    assert ethnicity["Asian or Asian British"] == ["<5", "", "15%"]
    assert ethnicity["Black, Black British, Caribbean or African"] == ["<5", "", ""]
    assert ethnicity["Prefer not to say"] == ["0", "0%", ""]
    assert table(figures, "representation-disability")["Yes"] == ["5", "50%", ""]
    gender = table(figures, "representation-gender")
    assert gender["Woman"][0] == "<5" and gender["Man"][0] == "*"
    assert table(figures, "representation-age-band")["18 to 24"][0] == "10"
    intro = figures["sections"][1]["intro"]
    assert "10 current members answered" in intro
    # Not "of 15": 15 = active (12) + stepped away, and with the status table's total (21)
    # it would give both hidden status counts away.
    assert "15" not in intro


def test_no_breakdown_when_too_few_answered(collaboration):
    for _ in range(4):
        from members.models import MonitoringResponse

        MonitoringResponse.objects.create(
            membership=MembershipFactory(collaboration=collaboration),
            age_band="18_24",
            ethnicity="white",
            disability="no",
            gender="man",
        )
    start, end = last_full_quarter(timezone.localdate())
    figures = report_figures(collaboration, start, end)
    assert table(figures, "representation-ethnicity") == {}
    assert "Not broken down" in note(figures, "representation-ethnicity")
    assert "<5 current members answered" in figures["sections"][1]["intro"]


def test_sessions_attendance_and_who_shaped_the_work(known):
    figures = report_figures(known.collaboration, known.start, known.end)
    kinds = table(figures, "sessions-kind")
    assert kinds["Work-area meeting"] == ["2"]
    assert kinds["Social"] == ["1"]
    assert kinds["Whole collaboration"] == ["1"]  # the cancelled one does not count
    assert kinds["All sessions"] == ["4"]
    modes = table(figures, "sessions-mode")
    assert modes == {
        "In person": ["2"],
        "Video call": ["1"],
        "Phone call": ["0"],
        "In person and by video": ["1"],
    }
    attendance = table(figures, "attendance")
    assert attendance["Times a member with lived experience came to a session"] == ["11"]
    assert attendance["Average members with lived experience per session"] == ["2.8"]
    assert attendance["Different members who came at least once"] == ["6"]
    assert attendance["Times anyone came (staff and partners included)"] == ["12"]
    first_month = f"{known.start:%B %Y}"
    assert table(figures, "attendance-month")[first_month] == ["4", "11"]
    shaping = table(figures, "shaping")
    assert shaping["Agenda items"] == ["5", ""]
    assert shaping["Agenda items proposed by members with lived experience"] == ["3", "60%"]
    assert shaping["Different members who proposed an item"] == ["<5", ""]
    assert shaping["Sessions chaired by a member with lived experience"] == ["1", "25%"]


def test_payments_hours_and_turnaround(known):
    figures = report_figures(known.collaboration, known.start, known.end)
    assert table(figures, "payments") == {
        "People paid": ["5"],
        "Paid for time": ["£275.00"],
        "Hours paid for (sessions, tasks and preparation, by the hour)": ["12.5"],
        "Expenses repaid": ["£4.50"],
        "Claims paid": ["6"],
        "Target: paid within (days of being sent)": ["28"],
        "Half of all claims were paid within (days)": ["10"],
        "Paid within the target": ["83%"],
    }


def test_payments_are_not_shown_when_fewer_people_were_paid_than_the_threshold(known):
    known.collaboration.small_number_threshold = 10
    known.collaboration.save(update_fields=["small_number_threshold"])
    figures = report_figures(known.collaboration, known.start, known.end)
    rows = table(figures, "payments")
    assert rows["Paid"] == ["Not shown: fewer than 10 people were paid in the period."]
    assert "People paid" not in rows
    # With the threshold at 10, the 12 active members still show; the rest are hidden.
    assert table(figures, "membership-status")["Active"] == ["12"]
    assert table(figures, "membership-changes")["Joined"] == ["<10"]


def test_reflections_feedback_actions_work_areas_ladder_and_celebrations(known):
    figures = report_figures(known.collaboration, known.start, known.end)
    feelings = table(figures, "reflections-feeling")
    assert feelings == {
        "Awful": ["0"],
        "Not good": ["0"],
        "Okay": ["0"],
        "Good": ["<5"],
        "Great": ["<5"],
    }
    mood = table(figures, "reflections-mood")
    # The breakdown hides Good and Great: an average of 4.3 over 6 would give them away
    # (4g + 5G = 26, g + G = 6), so no month's average is shown.
    assert set(map(tuple, mood.values())) == {("not shown",)}
    assert table(figures, "reflections-themes") == {"Transport": ["6"]}
    assert table(figures, "feedback") == {
        "Something we got wrong": ["<5"],
        "An idea": ["*"],
        "Something that went well": ["0"],
        "All feedback": ["8"],
    }
    assert table(figures, "actions") == {
        "Raised": ["2"],
        "Done": ["1"],
        "Not done, with the reason given": ["0"],
        "Still open or in progress": ["1"],
        "Days to close (median)": ["7"],
    }
    assert table(figures, "work-areas") == {"Transport": ["10", "6", "8 of 8", "2"]}
    ladder = table(figures, "ladder")
    assert ladder["Co-production"] == ["2", "67%"]
    assert ladder["Consultation"] == ["1", "33%"]
    assert ladder["Coercion"] == ["0", "0%"]  # the cancelled session does not count
    assert ladder["Not placed on the ladder"] == ["1", ""]
    assert table(figures, "celebrations")[f"{known.start:%B %Y}"] == ["2"]


def test_the_monthly_feeling_shows_when_the_breakdown_hides_nothing(known):
    from reflections.models import Reflection

    day = known.start + timedelta(days=2)
    for feeling in (4,) * 4 + (5,) * 4:  # now 8 good, 6 great: nothing small to hide
        Reflection.objects.create(
            collaboration=known.collaboration, feeling=feeling, went_well="x", written_on=day
        )
    figures = report_figures(known.collaboration, known.start, known.end)
    assert table(figures, "reflections-feeling")["Good"] == ["8"]
    assert table(figures, "reflections-mood")[f"{known.start:%B %Y}"] == ["4.4"]


def test_taking_part_without_a_meeting_is_counted(known):
    figures = report_figures(known.collaboration, known.start, known.end)
    assert table(figures, "without-a-meeting") == {
        "Contributions shared": ["6"],
        "People who shared them": ["6"],
        "With words": ["5"],
        "With a photo": ["<5"],
        "With a voice note": ["<5"],
        "Journey maps": ["<5"],
        "Diary entries shared": ["<5"],
        "Sent by phone or post": ["<5"],
        "Turned into actions": ["0"],
        "Short-task answers": ["5"],
        "People who answered short tasks": ["5"],
        "Short-task answers by phone or post": ["<5"],
    }


def key_figures(figures) -> dict[str, list[str]]:
    return {
        card["id"]: [figure["value"] for figure in card["figures"]] for card in figures["summary"]
    }


def test_the_key_figures_sum_up_the_report(known):
    figures = report_figures(known.collaboration, known.start, known.end)
    assert key_figures(figures) == {
        "people": ["6", "7", "<5"],  # came to a session, joined, reached the end of their term
        "sessions": ["4", "11", "2.8"],
        "paid-time": ["12.5", "£275.00", "5"],
        "paying-on-time": ["10 days", "83%", "6"],
        "acting-on-feedback": ["1 of 2", "1"],
        "who-led": ["60%", "25%"],
    }
    labels = {
        card["id"]: " ".join(figure["label"] for figure in card["figures"])
        for card in figures["summary"]
    }
    assert "within the 28-day target" in labels["paying-on-time"]
    assert "(3 of 5)" in labels["who-led"] and "(1 of 4)" in labels["who-led"]
    assert "(50%)" in labels["acting-on-feedback"]
    charts = {card["id"]: card["chart"] for card in figures["summary"]}
    assert charts["people"]["values"] == [6, 7, None]  # the hidden "<5" is a gap
    assert charts["who-led"]["values"] == [60, 25]
    assert charts["paying-on-time"]["values"] == [5, 1]
    assert charts["acting-on-feedback"]["values"] == [1, 0, 1]
    for chart in charts.values():
        assert chart["alt"].startswith("Bar chart of")


def test_the_key_figures_show_people_exactly_as_the_tables_do(known):
    figures = report_figures(known.collaboration, known.start, known.end)
    people = key_figures(figures)["people"]
    assert people == [
        table(figures, "attendance")["Different members who came at least once"][0],
        table(figures, "membership-changes")["Joined"][0],
        table(figures, "membership-changes")["Reached the end of their term"][0],
    ]


def test_the_key_figures_hide_small_numbers_of_people(known):
    known.collaboration.small_number_threshold = 10
    known.collaboration.save(update_fields=["small_number_threshold"])
    figures = report_figures(known.collaboration, known.start, known.end)
    summary = key_figures(figures)
    assert summary["people"] == ["<10", "<10", "<10"]  # 6, 7 and 2 people
    assert summary["paid-time"] == ["Not shown"]  # 5 people were paid
    cards = {card["id"]: card for card in figures["summary"]}
    assert cards["people"]["chart"]["values"] == [None, None, None]
    assert cards["paid-time"]["chart"] is None
    assert "fewer than 10 people were paid" in cards["paid-time"]["figures"][0]["label"]
    shown = json.dumps(figures["summary"], ensure_ascii=False)
    for hidden in ('"7"', '"12.5"', "£275.00", "Sessions and tasks"):  # 7 joined; 5 paid
        assert hidden not in shown, hidden


def test_the_key_figures_say_when_there_is_nothing_to_count(collaboration):
    start, end = last_full_quarter(timezone.localdate())
    figures = report_figures(collaboration, start, end)
    summary = {card["id"]: card for card in figures["summary"]}
    assert key_figures(figures)["sessions"] == ["0", "0"]
    assert summary["paying-on-time"]["figures"] == [
        {"value": "0", "label": "claims paid in the period"}
    ]
    assert summary["acting-on-feedback"]["figures"] == [
        {"value": "0", "label": "actions raised in the period"}
    ]
    assert summary["who-led"]["figures"] == [{"value": "0", "label": "agenda items in the period"}]
    # Nobody answered equality monitoring: no tables of noughts, one sentence instead.
    representation = figures["sections"][1]
    assert representation["tables"] == []
    assert "nothing to break down" in representation["intro"]


def test_no_names_or_free_text_anywhere_in_the_figures(known):
    figures = json.dumps(report_figures(known.collaboration, known.start, known.end))
    for name in known.names:
        assert name not in figures
    assert "Quillfeather" not in figures
    assert "made it fun" not in figures
    assert "Zed says so" not in figures


def test_the_number_of_queries_does_not_grow_with_the_data(known):
    from reflections.models import Reflection
    from sessions_app.models import Session, SessionInvite
    from tests.factories import WorkAreaFactory

    collaboration = known.collaboration
    report_figures(collaboration, known.start, known.end)  # content types, payment settings
    with CaptureQueriesContext(connection) as smaller:
        report_figures(collaboration, known.start, known.end)
    more = [MembershipFactory(collaboration=collaboration) for _ in range(20)]
    area = WorkAreaFactory(collaboration=collaboration, target_active_members=3)
    for n, membership in enumerate(more):
        membership.work_areas.add(area)
        session = Session.objects.create(
            collaboration=collaboration,
            title="More",
            work_area=area,
            starts_at=timezone.make_aware(datetime.combine(known.start, time(10 + n % 8))),
            ends_at=timezone.make_aware(datetime.combine(known.start, time(19))),
        )
        SessionInvite.objects.create(session=session, membership=membership, attendance="attended")
        Reflection.objects.create(
            collaboration=collaboration, session=session, feeling=3, written_on=known.start
        )
    with CaptureQueriesContext(connection) as larger:
        report_figures(collaboration, known.start, known.end)
    assert len(larger) == len(smaller), "\n".join(q["sql"][:150] for q in larger.captured_queries)
    assert len(larger) <= 25


def assert_pages_look_right(content: bytes, tmp_path, pages: int) -> None:
    """Drawn as pictures: every page is A4 upright, has something above its footer, and keeps its ink inside an 8 mm margin (no table or chart running off)."""
    from PIL import ImageOps

    images = pdf_pages(content, tmp_path)
    assert len(images) == pages
    for number, image in enumerate(images, start=1):
        width, height = image.size
        assert abs(height / width - 297 / 210) < 0.01, f"page {number} is not A4 upright"
        ink = ImageOps.invert(image).point(lambda value: 255 if value > 60 else 0)
        box = ink.getbbox()
        body = ink.crop((0, 0, width, height * 7 // 8))  # above the footer
        assert box is not None and body.getbbox() is not None, f"page {number} is blank"
        margin = round(width * 8 / 210)  # 8 mm
        left, top, right, bottom = box
        assert left >= margin and right <= width - margin, f"page {number} runs off: {box}"
        assert top >= margin and bottom <= height - margin, f"page {number} runs off: {box}"


def test_the_task_builds_a_pdf_and_csv_with_the_figures_and_no_names(
    known, tmp_path, django_capture_on_commit_callbacks
):
    trustee = MembershipFactory(collaboration=known.collaboration, role=Membership.Role.TRUSTEE)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            collaboration=known.collaboration,
            requested_by=trustee.user,
            start=known.start,
            end=known.end,
        )
    report.refresh_from_db()  # built after commit, in-process in tests
    assert report.status == ProgressReport.Status.READY
    assert report.progress == 100 and report.finished_at is not None
    text = pdf_text(report.pdf.open("rb").read(), tmp_path)
    for heading in (
        "Contents",
        "Membership",
        "Who takes part",
        "Sessions and attendance",
        "Who shaped the work",
        "Paying people for their time",
        "Reflections",
        "You said, we did",
        "Work areas",
        "The ladder of co-production",
        "Celebrations",
        "About these figures",
    ):
        assert heading in text, heading
    assert "Page 1 of" in text and "Page 3 of" in text
    assert "£275.00" in text and "£4.50" in text
    assert "Joined" in text and "<5" in text
    for name in known.names:
        assert name not in text
    assert "Quillfeather" not in text
    assert_pages_look_right(report.pdf.open("rb").read(), tmp_path, pages=text.count("\f"))
    rows = list(csv.reader(io.StringIO(report.csv.open("rb").read().decode())))
    assert rows[0] == ["Section", "Table", "Row", "Column", "Value"]
    assert ["Membership", "Members by status", "Alumni (have left)", "Members", "*"] in rows
    assert [
        "Paying people for their time",
        "Payments",
        "Paid for time",
        "Figure",
        "£275.00",
    ] in rows
    assert "Quillfeather" not in str(rows)


def test_the_downloaded_csv_starts_with_a_byte_order_mark_for_excel(client, known):
    trustee = MembershipFactory(collaboration=known.collaboration, role=Membership.Role.TRUSTEE)
    report = ProgressReport.objects.create(
        collaboration=known.collaboration, period_start=known.start, period_end=known.end
    )
    assert report_build(report_id=report.pk) is True
    client.force_login(trustee.user)
    url = reverse("coproduction:report-csv", args=[known.collaboration.slug, report.code])
    content = client.get(url).content
    assert content.startswith(codecs.BOM_UTF8) and not content[3:].startswith(codecs.BOM_UTF8)
    assert next(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == [
        "Section",
        "Table",
        "Row",
        "Column",
        "Value",
    ]


def test_running_the_task_twice_builds_once(known):
    report = ProgressReport.objects.create(
        collaboration=known.collaboration, period_start=known.start, period_end=known.end
    )
    assert report_build(report_id=report.pk) is True
    assert report_build(report_id=report.pk) is False
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.READY


def test_a_failing_build_is_marked_failed_and_says_so(known, monkeypatch, client):
    import coproduction.reports.build

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(coproduction.reports.build, "report_figures", broken)
    report = ProgressReport.objects.create(
        collaboration=known.collaboration, period_start=known.start, period_end=known.end
    )
    assert report_build(report_id=report.pk) is False
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.FAILED


# --- Pages --------------------------------------------------------------------------------------


def test_trustee_starts_a_report_sees_progress_then_downloads(
    client, cast, collaboration, tmp_path, django_capture_on_commit_callbacks
):
    build_known_report(collaboration)
    client.force_login(cast["trustee"])
    home = client.get(reverse("coproduction:collaboration-home", args=[collaboration.slug]))
    assert reverse("coproduction:report-list", args=[collaboration.slug]) in home.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("coproduction:report-create", args=[collaboration.slug]),
            {"period": "last_quarter"},
        )
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "coproduction:report-detail", args=[collaboration.slug, report.code]
    )
    start, end = last_full_quarter(timezone.localdate())
    assert (report.period_start, report.period_end) == (start, end)
    page = client.get(response.url)
    assert "Download the PDF" in page.text
    assert "Members by status" in page.text and 'alt="Bar chart of members by status' in page.text
    assert page.text.index("Key figures") < page.text.index("Contents")
    assert 'alt="Bar chart of people: Came to a session 6; Joined 7; Term ended &lt;5.' in page.text
    assert "Quillfeather" not in page.text
    pdf = client.get(reverse("coproduction:report-pdf", args=[collaboration.slug, report.code]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "Membership" in pdf_text(pdf.content, tmp_path)
    listing = client.get(reverse("coproduction:report-list", args=[collaboration.slug]))
    assert (
        reverse("coproduction:report-csv", args=[collaboration.slug, report.code]) in listing.text
    )


def test_the_progress_fragment_polls_until_ready_then_stops(client, cast, collaboration):
    report = ProgressReport.objects.create(
        collaboration=collaboration,
        period_start=collaboration.created_at.date(),
        period_end=collaboration.created_at.date(),
        status=ProgressReport.Status.RUNNING,
        progress=40,
    )
    client.force_login(cast["trustee"])
    url = reverse("coproduction:report-detail", args=[collaboration.slug, report.code])
    page = client.get(url)
    assert 'hx-trigger="every 1s"' in page.text
    assert '<progress id="report-progress" max="100" value="40">' in page.text
    assert 'role="status">Making the report: about 25% done.' in page.text
    assert "Check again" in page.text  # without JavaScript
    fragment = client.get(url, headers={"HX-Request": "true"}, query_params={"step": "1"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and 'value="40"' in fragment.text
    assert "report-announce" not in fragment.text  # no news: screen readers hear nothing
    ProgressReport.objects.filter(pk=report.pk).update(progress=55)
    news = client.get(url, headers={"HX-Request": "true"}, query_params={"step": "1"})
    assert 'hx-swap-oob="true">Making the report: about 50% done.' in news.text
    ProgressReport.objects.filter(pk=report.pk).update(status="queued", progress=0)
    report_build(report_id=report.pk)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done.status_code == 286  # htmx stops polling
    assert "Download the PDF" in done.text
    assert "The report is ready. You can download it below." in done.text


def test_bad_dates_show_the_form_again_with_errors(client, cast, collaboration):
    from datetime import date, timedelta

    client.force_login(cast["trustee"])
    url = reverse("coproduction:report-create", args=[collaboration.slug])
    today = timezone.localdate()
    cases = [
        ({}, "Dates I choose"),
        (
            date_fields("start", date(2026, 5, 1)) | date_fields("end", date(2026, 4, 1)),
            "on or after",
        ),
        (
            date_fields("start", today) | date_fields("end", today + timedelta(days=400)),
            "up to today",
        ),
        (
            {"start_0": "31", "start_1": "2", "start_2": "2026"} | date_fields("end", today),
            "real date",
        ),
        (date_fields("start", date(1990, 1, 1)) | date_fields("end", today), "2000 or later"),
        ({}, "Give the first day"),
    ]
    for fields, message in cases:
        response = client.post(url, {"period": "dates", **fields})
        assert response.status_code == 200
        assert message in response.text, message
    assert not ProgressReport.objects.exists()


def test_reports_of_another_collaboration_are_not_found(client, cast, collaboration):
    from coproduction.models import Collaboration

    elsewhere = Collaboration.objects.get(slug="elsewhere")
    report = ProgressReport.objects.create(
        collaboration=elsewhere,
        period_start=elsewhere.created_at.date(),
        period_end=elsewhere.created_at.date(),
    )
    client.force_login(cast["trustee"])
    for name in ("report-detail", "report-pdf", "report-csv"):
        url = reverse(f"coproduction:{name}", args=[collaboration.slug, report.code])
        assert client.get(url).status_code == 404


def test_files_of_a_report_not_ready_are_not_found(client, cast, collaboration):
    report = ProgressReport.objects.create(
        collaboration=collaboration,
        period_start=collaboration.created_at.date(),
        period_end=collaboration.created_at.date(),
    )
    client.force_login(cast["trustee"])
    url = reverse("coproduction:report-pdf", args=[collaboration.slug, report.code])
    assert client.get(url).status_code == 404


def test_an_alumni_trustee_may_read_reports_but_not_start_one(client, collaboration):
    trustee = MembershipFactory(
        collaboration=collaboration,
        user=UserFactory(),
        role=Membership.Role.TRUSTEE,
        status=Membership.Status.ALUMNI,
    )
    client.force_login(trustee.user)
    assert (
        client.get(reverse("coproduction:report-list", args=[collaboration.slug])).status_code
        == 200
    )
    response = client.post(
        reverse("coproduction:report-create", args=[collaboration.slug]), {"period": "last_quarter"}
    )
    assert response.status_code == 403


def test_a_report_no_worker_takes_stops_asking_and_says_so(client, cast, collaboration):
    long_ago = timezone.now() - timedelta(minutes=11)
    report = ProgressReport.objects.create(
        collaboration=collaboration,
        period_start=long_ago.date(),
        period_end=long_ago.date(),
        created_at=long_ago,
    )
    client.force_login(cast["trustee"])
    url = reverse("coproduction:report-detail", args=[collaboration.slug, report.code])
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 286  # htmx stops polling
    assert "taking much longer than usual" in fragment.text
    ProgressReport.objects.filter(pk=report.pk).update(created_at=timezone.now())
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
