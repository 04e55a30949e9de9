"""A trustee on a phone starts a progress report, watches the progress bar move without
reloading the page, downloads the PDF when it is ready, and reads the key figures on the
page, on a phone and on a wide screen."""

import pytest
from django.urls import reverse

from coproduction.models import Collaboration, ProgressReport
from coproduction.reports import tasks
from coproduction.reports.build import report_build
from tests.browser.conftest import AccessibilityChecker, log_in_browser
from tests.coproduction.report_fixture import build_known_report
from tests.support.pdf import pdf_text

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_trustee_starts_a_report_watches_progress_and_downloads_the_pdf(
    browser, live_server, cast, monkeypatch, tmp_path
):
    from playwright.sync_api import expect

    collaboration = Collaboration.objects.get(slug="river-valley")
    known = build_known_report(collaboration)
    # Hold the build back, so the test can move it on step by step and watch the page.
    monkeypatch.setattr(tasks.report_build_task, "delay_on_commit", lambda *args: None)
    axe = AccessibilityChecker("report")
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    log_in_browser(context, live_server, cast["trustee"])
    page = context.new_page()
    page.goto(live_server.url + reverse("coproduction:collaboration-home", args=["river-valley"]))
    page.get_by_role("link", name="All progress reports").click()
    axe.check(page, "reports")
    page.get_by_label("The last full quarter").check()
    page.get_by_role("button", name="Make the report").click()
    progress = page.get_by_label("Making the report")
    expect(progress).to_have_attribute("value", "0")
    axe.check(page, "waiting")

    report = ProgressReport.objects.get()
    assert (report.period_start, report.period_end) == (known.start, known.end)
    ProgressReport.objects.filter(pk=report.pk).update(progress=40)
    expect(progress).to_have_attribute("value", "40")  # htmx asked again; no reload
    expect(page.locator("#report-status")).to_contain_text("40% done")

    report_build(report_id=report.pk)
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible()
    with page.expect_download() as download_info:
        download_link.click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    text = pdf_text(path.read_bytes(), tmp_path)
    assert "Membership" in text and "Who shaped the work" in text
    assert "Quillfeather" not in text

    page.get_by_role("link", name="Read the report on this page").click()
    expect(page.get_by_role("heading", name="Who takes part")).to_be_visible()
    summary = page.get_by_role("region", name="Key figures")
    expect(summary.get_by_role("heading", name="Key figures", exact=True)).to_be_visible()
    for card in ("People", "Sessions", "Paid time", "Paying on time", "Acting on feedback"):
        expect(summary.get_by_role("heading", name=card, exact=True)).to_be_visible()
    expect(summary.get_by_role("listitem").filter(has_text="hours paid for")).to_have_text(
        "12.5 hours paid for, preparation included"
    )
    expect(
        summary.get_by_role(
            "img",
            name="Bar chart of people: Came to a session 6; Joined 7; Term ended <5. "
            "A hidden figure is a gap.",
        )
    ).to_be_visible()
    people = summary.get_by_role("heading", name="People", exact=True)
    sessions = summary.get_by_role("heading", name="Sessions", exact=True)
    assert people.bounding_box()["y"] < sessions.bounding_box()["y"]  # one card a row
    axe.check(page, "report")
    page.set_viewport_size(DESKTOP)
    assert people.bounding_box()["y"] == sessions.bounding_box()["y"]  # side by side
    assert people.bounding_box()["x"] < sessions.bounding_box()["x"]
    axe.check(page, "report-wide")
    context.close()
    assert not axe.problems, "\n".join(axe.problems)
