from celery import shared_task

from coproduction.reports.build import report_build


@shared_task
def report_build_task(report_id: int) -> bool:
    """Builds a trustee progress report (figures, PDF, CSV); safe to run twice."""
    return report_build(report_id=report_id)
