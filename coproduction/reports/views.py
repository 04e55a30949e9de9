"""Trustee progress reports: the list, asking for one, its progress and figures on screen,
and its PDF and CSV."""

import codecs
from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseStopPolling

from coproduction.http import HtmxHttpRequest
from coproduction.models import Membership, ProgressReport
from coproduction.permissions import Action, collaboration_view, may
from coproduction.reports import services
from coproduction.reports.files import report_context
from coproduction.reports.forms import ReportForm


def _report_for(membership: Membership, code) -> ProgressReport:
    return get_object_or_404(
        ProgressReport.objects.select_related("collaboration"),
        collaboration=membership.collaboration,
        code=code,
    )


@require_GET
@collaboration_view(Action.VIEW_REPORTS)
def report_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Finished and waiting reports, newest first, and (for those who may) a new one."""
    collaboration = membership.collaboration
    return render(
        request,
        "coproduction/report_list.html",
        {
            "collaboration": collaboration,
            "reports": ProgressReport.objects.filter(collaboration=collaboration)[:100],
            "form": ReportForm(today=timezone.localdate())
            if may(membership, Action.REQUEST_REPORTS)
            else None,
        },
    )


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.REQUEST_REPORTS)
def report_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    collaboration = membership.collaboration
    form = ReportForm(
        request.POST if request.method == "POST" else None, today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        report = services.report_request(
            collaboration=collaboration,
            requested_by=membership.user,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )
        return redirect("coproduction:report-detail", collaboration.slug, report.code)
    return render(
        request,
        "coproduction/report_create.html",
        {"collaboration": collaboration, "form": form},
    )


@require_GET
@collaboration_view(Action.VIEW_REPORTS)
def report_detail(request: HtmxHttpRequest, membership: Membership, code) -> HttpResponse:
    """The report on screen once it is ready; until then a progress bar that checks again
    every second (htmx), or on reload without JavaScript."""
    report = _report_for(membership, code)
    step, announcement = _report_news(report)
    context = {
        "collaboration": membership.collaboration,
        "report": report,
        "step": step,
        "announcement": announcement,
        "announce": request.GET.get("step") != step,  # news since the page last asked
        "stalled": _report_stalled(report),
    }
    if report.is_ready:
        context |= report_context(report)
    if request.htmx:
        fragment = render(request, "coproduction/report_detail.html#report-status", context)
        if (
            report.status in (ProgressReport.Status.READY, ProgressReport.Status.FAILED)
            or (context["stalled"])
        ):
            return HttpResponseStopPolling(fragment.content)  # htmx swaps it and stops asking
        return fragment
    return render(request, "coproduction/report_detail.html", context)


REPORT_STALLED_AFTER = timedelta(minutes=10)


def _report_stalled(report: ProgressReport) -> bool:
    """Still waiting long after it was asked for: no worker has taken it, or one died."""
    return (
        report.status in (ProgressReport.Status.QUEUED, ProgressReport.Status.RUNNING)
        and timezone.now() - report.created_at > REPORT_STALLED_AFTER
    )


def _report_news(report: ProgressReport) -> tuple[str, str]:
    """Where the report has got to, in steps worth telling a screen-reader user about."""
    if report.is_ready:
        return "ready", "The report is ready. You can download it below."
    if report.status == ProgressReport.Status.FAILED:
        return "failed", "Sorry: the report could not be made."
    quarter = min(report.progress // 25, 3)
    return str(quarter), f"Making the report: about {quarter * 25}% done."


def _report_file(membership: Membership, code, which: str, content_type: str) -> HttpResponse:
    report = _report_for(membership, code)
    stored = getattr(report, which)
    if not report.is_ready or not stored:
        raise Http404("This report is not ready.")
    with stored.open("rb") as handle:
        content = handle.read()
    if which == "csv" and not content.startswith(codecs.BOM_UTF8):
        content = codecs.BOM_UTF8 + content  # for Excel: see coproduction.spreadsheets
    response = HttpResponse(content, content_type=content_type)
    name = f"progress-report-{report.period_start}-to-{report.period_end}.{which}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@collaboration_view(Action.VIEW_REPORTS)
def report_pdf(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    return _report_file(membership, code, "pdf", "application/pdf")


@require_GET
@collaboration_view(Action.VIEW_REPORTS)
def report_csv(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    return _report_file(membership, code, "csv", "text/csv; charset=utf-8")
