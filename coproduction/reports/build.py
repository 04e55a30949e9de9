"""Building a trustee progress report in the background: the figures, then the PDF and CSV,
moving its progress bar as it goes."""

import logging

from django.core.files.base import ContentFile
from django.utils import timezone

from coproduction.models import ProgressReport
from coproduction.reports.figures import report_figures
from coproduction.reports.files import report_csv, report_pdf

logger = logging.getLogger(__name__)


def _report_progress(report, progress: int, **fields) -> None:
    ProgressReport.objects.filter(pk=report.pk).update(progress=progress, **fields)


def report_build(*, report_id: int) -> bool:
    """Works out the figures, then the PDF and CSV, moving the progress bar as it goes.

    Safe to run twice: only the run that moves the report from waiting to being prepared
    builds it. Returns whether this run built it.
    """
    Status = ProgressReport.Status
    claimed = ProgressReport.objects.filter(pk=report_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now(), progress=5
    )
    if not claimed:
        return False
    report = ProgressReport.objects.select_related("collaboration").get(pk=report_id)
    try:
        figures = report_figures(report.collaboration, report.period_start, report.period_end)
        _report_progress(report, 40, figures=figures)
        report.figures = figures
        pdf = report_pdf(report)
        _report_progress(report, 85)
        name = f"progress-report-{report.period_start}-to-{report.period_end}"
        report.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
        report.csv.save(f"{name}.csv", ContentFile(report_csv(figures).encode()), save=False)
        _report_progress(
            report,
            100,
            pdf=report.pdf.name,
            csv=report.csv.name,
            status=Status.READY,
            finished_at=timezone.now(),
        )
    except Exception:
        logger.exception("Progress report %s failed", report_id)
        _report_progress(report, 100, status=Status.FAILED, finished_at=timezone.now())
        return False
    return True
