"""Polls: asking people which of a few times they can make, and confirming one."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduction.inputs import uuid_or_none
from coproduction.models import Membership
from coproduction.permissions import Action, collaboration_view
from sessions_app import services
from sessions_app.forms import (
    FindTimeForm,
    PollAnswerForm,
    option_label,
)
from sessions_app.links import poll_codes_from_token
from sessions_app.models import (
    Poll,
    PollAnswer,
    PollOption,
)
from sessions_app.time_finder.days_off import days_off
from sessions_app.time_finder.grid import poll_grid
from sessions_app.views.sessions import moment_from_text, session_url


@require_POST
@collaboration_view(Action.MANAGE_SESSIONS)
def poll_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Staff pick 2 to 6 suggested times; the invitees are asked which they can make."""
    collaboration = membership.collaboration
    form = FindTimeForm(request.POST, collaboration=collaboration)
    moments = [moment_from_text(value) for value in request.POST.getlist("options")]
    starts = sorted({s for s in moments if s is not None and s > timezone.now()})
    if not form.is_valid() or not 2 <= len(starts) <= 6:
        messages.error(request, "Tick between 2 and 6 times to ask about.")
        return redirect(
            reverse("sessions:session-find-time", args=[collaboration.slug])
            + "?"
            + request.POST.get("query", "")
        )
    duration = timedelta(minutes=form.cleaned_data["duration"])
    area = form.cleaned_data.get("work_area")
    poll = services.poll_create(
        collaboration=collaboration,
        created_by=membership.user,
        title=request.POST.get("title", "").strip()[:200]
        or (f"{area.name} meeting" if area else "Meeting"),
        invitees=form.invitees(),
        options=[(s, s + duration) for s in starts],
        work_area=area,
    )
    messages.success(request, "The poll is sent. Answers appear here as people reply.")
    return redirect("sessions:poll-detail", collaboration.slug, poll.code)


@require_GET
@collaboration_view(Action.MANAGE_SESSIONS)
def poll_detail(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    collaboration = membership.collaboration
    poll = get_object_or_404(Poll, collaboration=collaboration, code=code)
    options = list(
        poll.options.prefetch_related(Prefetch("answers", queryset=PollAnswer.objects.all()))
    )
    invitees = list(poll.invitees.select_related("user__profile").order_by("user__name"))
    holidays = (
        days_off(
            timezone.localtime(options[0].starts_at).date(),
            timezone.localtime(options[-1].starts_at).date(),
            collaboration.nations,
        )
        if options
        else {}
    )
    return render(
        request,
        "sessions_app/poll_detail.html",
        {
            "collaboration": collaboration,
            "poll": poll,
            "people": len(invitees),
            "grid": poll_grid(options, invitees, membership, holidays),
            "choices": [(option, option_label(option)) for option in options],
        },
    )


@require_POST
@collaboration_view(Action.MANAGE_SESSIONS)
def poll_confirm(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    poll = get_object_or_404(Poll, collaboration=membership.collaboration, code=code)
    option = None
    if poll.status == Poll.Status.OPEN:
        option = PollOption.objects.filter(
            poll=poll, code__in=[u for u in map(uuid_or_none, request.POST.getlist("option")) if u]
        ).first()
    if option is None:
        messages.error(request, "Choose one of the times (the poll must still be open).")
        return redirect("sessions:poll-detail", membership.collaboration.slug, poll.code)
    session = services.poll_confirm(poll=poll, option=option, created_by=membership.user)
    messages.success(request, "The time is confirmed. Everyone asked is now invited.")
    return redirect(session_url(session))


@require_http_methods(["GET", "POST"])
def poll_answer(request: HttpRequest, token: str) -> HttpResponse:
    codes = poll_codes_from_token(token)
    poll = membership = None
    if codes is not None:
        poll_code, membership_code = codes
        poll = Poll.objects.filter(code=poll_code).first()
        if poll is not None:
            membership = poll.invitees.filter(code=membership_code).select_related("user").first()
    if poll is None or membership is None:
        return render(request, "sessions_app/invite_answer_invalid.html", status=404)
    existing = dict(
        PollAnswer.objects.filter(option__poll=poll, membership=membership).values_list(
            "option_id", "answer"
        )
    )
    form = PollAnswerForm(
        request.POST if request.method == "POST" else None,
        options=poll.options.all(),
        existing=existing,
    )
    saved = False
    if request.method == "POST" and poll.status == Poll.Status.OPEN and form.is_valid():
        services.poll_answer(poll=poll, membership=membership, answers=form.answers())
        saved = True
    return render(
        request,
        "sessions_app/poll_answer.html",
        {"poll": poll, "form": form, "saved": saved, "person": membership},
    )
