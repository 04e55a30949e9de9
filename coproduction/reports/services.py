"""Asking for a trustee progress report: recorded, then built in the background (build.py)."""

from datetime import date

from django.db import transaction

from coproduction.models import Collaboration, ProgressReport
from coproduction.reports.tasks import report_build_task
from members.models import User


def report_request(
    *, collaboration: Collaboration, requested_by: User, start: date, end: date
) -> ProgressReport:
    """Records a request for a progress report and starts building it once saved."""
    with transaction.atomic():
        report = ProgressReport.objects.create(
            collaboration=collaboration,
            requested_by=requested_by,
            period_start=start,
            period_end=end,
        )
        report_build_task.delay_on_commit(report.pk)
    return report
