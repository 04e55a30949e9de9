import io
from datetime import datetime, timedelta

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduction.inputs import small_number, uuid_or_none
from coproduction.models import GlossaryTerm, Membership
from coproduction.permissions import Action, collaboration_view, is_staff_like, may
from members.models import AccessNeeds
from reflections import selectors as reflection_selectors
from sessions_app import calendars, services
from sessions_app.forms import (
    AgendaItemForm,
    AttendanceForm,
    BriefForm,
    FindTimeForm,
    PollAnswerForm,
    SessionChangeForm,
    SessionForm,
    VenueForm,
    option_label,
)
from sessions_app.links import invite_code_from_token, poll_codes_from_token
from sessions_app.models import (
    AgendaItem,
    CalendarFeed,
    Poll,
    PollAnswer,
    PollOption,
    Session,
    SessionInvite,
    Venue,
)
from sessions_app.permissions import SessionAction, session_view
from sessions_app.scheduler import suggest_times


def _moment(value: str) -> datetime | None:
    """An aware datetime from an ISO string in a link or form, or None if it is not one."""
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is None:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _session_url(session: Session) -> str:
    return reverse("sessions:session-detail", args=[session.collaboration.slug, session.code])


@require_GET
@collaboration_view(Action.VIEW_SESSIONS)
def session_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    sessions = Session.objects.filter(collaboration=membership.collaboration).select_related(
        "venue"
    )
    if not is_staff_like(membership):
        sessions = sessions.filter(invites__membership=membership)
    now = timezone.now()
    return render(
        request,
        "sessions_app/session_list.html",
        {
            "collaboration": membership.collaboration,
            "staff": is_staff_like(membership),
            "upcoming": sessions.filter(ends_at__gte=now).order_by("starts_at"),
            "past": sessions.filter(ends_at__lt=now).order_by("-starts_at")[:20],
            "polls": Poll.objects.filter(
                collaboration=membership.collaboration, status=Poll.Status.OPEN
            )
            if is_staff_like(membership)
            else [],
        },
    )


@require_GET
@collaboration_view(Action.MANAGE_SESSIONS)
def session_find_time(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Staff choose who and when; the scheduler ranks the times they can make."""
    collaboration = membership.collaboration
    form = FindTimeForm(request.GET or None, collaboration=collaboration)
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        result = suggest_times(
            collaboration=collaboration,
            invitees=form.invitees(),
            first_day=data["first_day"],
            last_day=data["last_day"],
            duration_minutes=data["duration"],
            earliest=datetime.min.time().replace(hour=data["earliest"]),
            latest=datetime.min.time().replace(hour=data["latest"]),
        )
    return render(
        request,
        "sessions_app/session_find_time.html",
        {
            "collaboration": collaboration,
            "form": form,
            "result": result,
            "query": request.GET.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.MANAGE_SESSIONS)
def session_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    collaboration = membership.collaboration
    initial = {}
    starts = _moment(request.GET.get("starts", "")) if request.method == "GET" else None
    if starts is not None:
        local = timezone.localtime(starts)
        initial.update(day=local.date(), start=local.time())
    for name in ("duration", "work_area"):
        if small_number(request.GET.get(name, "")) is not None:
            initial[name] = small_number(request.GET[name])
    people = map(small_number, request.GET.getlist("people"))
    initial["people"] = [n for n in people if n is not None]
    initial["facilitators"] = [membership.pk] if is_staff_like(membership) else []
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        collaboration=collaboration,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        session = services.session_create(
            collaboration=collaboration,
            created_by=request.user,
            data=form.cleaned_data,
            invitees=form.invitees(),
            facilitators=list(form.cleaned_data["facilitators"]),
        )
        messages.success(request, f"{session.title} is planned. Invitations are on their way.")
        return redirect(_session_url(session))
    return render(
        request, "sessions_app/session_form.html", {"collaboration": collaboration, "form": form}
    )


def _glossary_in(session: Session) -> list[GlossaryTerm]:
    text = " ".join(
        [session.brief_summary, session.brief_details, session.brief_questions, session.title]
    ).lower()
    terms = GlossaryTerm.objects.filter(collaboration=session.collaboration)
    return [term for term in terms if term.term.lower() in text]


def _access_summary(invites: list[SessionInvite]) -> list[str]:
    """What the invitees need, counted, without saying who (that is on each person's page)."""
    needs = AccessNeeds.objects.filter(user__in=[i.membership.user_id for i in invites])
    labels = {
        "easy_read": "Easy Read papers",
        "large_print": "large print",
        "bsl_interpreter": "a BSL interpreter",
        "captions": "captions",
        "step_free": "a step-free venue",
        "quiet_room": "a quiet room",
        "breaks": "regular breaks",
        "camera_off": "camera off",
        "supporter_attending": "a supporter with them",
    }
    counts = {label: sum(1 for n in needs if getattr(n, field)) for field, label in labels.items()}
    return [f"{count} need {label}" for label, count in counts.items() if count]


@require_GET
@session_view(SessionAction.VIEW)
def session_detail(request: HttpRequest, viewer: Membership, session: Session) -> HttpResponse:
    staff = is_staff_like(viewer)
    invites = list(
        session.invites.select_related("membership__user", "membership__user__profile").order_by(
            "membership__user__name"
        )
    )
    my_invite = next((i for i in invites if i.membership_id == viewer.pk), None)
    agenda = session.agenda_items.select_related("proposed_by__user")
    context = {
        "collaboration": session.collaboration,
        "session": session,
        "staff": staff,
        "my_invite": my_invite,
        "agenda": agenda,
        "agenda_form": AgendaItemForm() if session.agenda_open else None,
        "glossary": _glossary_in(session),
        "responses": SessionInvite.Response,
        "large_print": request.GET.get("print") == "large",
        "has_ended": session.ends_at < timezone.now(),
    }
    if may(viewer, Action.REFLECT):
        context["contributions"] = reflection_selectors.with_names(
            viewer, reflection_selectors.contributions_for(viewer).filter(session=session)[:50]
        )
    if staff:
        context["invites"] = invites
        context["attendance_form"] = AttendanceForm(invites=invites)
        context["access_summary"] = _access_summary(invites)
        context["needs_easy_read"] = any(
            AccessNeeds.objects.filter(
                user__in=[i.membership.user_id for i in invites], easy_read=True
            )
        )
        check_in_url = settings.SITE_URL + reverse(
            "sessions:session-check-in",
            args=[session.collaboration.slug, session.code, session.check_in_secret],
        )
        image = qrcode.make(check_in_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
        buffer = io.BytesIO()
        image.save(buffer)
        context["check_in_qr"] = mark_safe(buffer.getvalue().decode())  # noqa: S308 - made here, no input
        context["check_in_url"] = check_in_url
    return render(request, "sessions_app/session_detail.html", context)


@require_http_methods(["GET", "POST"])
@session_view(SessionAction.MANAGE)
def session_edit(request: HttpRequest, viewer: Membership, session: Session) -> HttpResponse:
    form = SessionChangeForm(request.POST if request.method == "POST" else None, instance=session)
    if request.method == "POST" and form.is_valid():
        services.session_change(session=session, data=form.cleaned_data)
        messages.success(
            request, "Saved. If the time or place changed, everyone invited has been told."
        )
        return redirect(_session_url(session))
    return render(
        request,
        "sessions_app/session_change_form.html",
        {"collaboration": session.collaboration, "session": session, "form": form},
    )


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.MANAGE_SESSIONS)
def venue_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    collaboration = membership.collaboration
    form = VenueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        venue = services.venue_create(collaboration=collaboration, data=form.cleaned_data)
        messages.success(request, f"{venue.name} is added.")
        return redirect("sessions:venue-list", collaboration.slug)
    return render(
        request,
        "sessions_app/venue_list.html",
        {
            "collaboration": collaboration,
            "venues": Venue.objects.filter(collaboration=collaboration),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@session_view(SessionAction.MANAGE)
def session_brief_edit(request: HttpRequest, viewer: Membership, session: Session) -> HttpResponse:
    form = BriefForm(request.POST if request.method == "POST" else None, instance=session)
    if request.method == "POST" and form.is_valid():
        services.session_update(
            session=session, data=form.cleaned_data, fields=services.BRIEF_FIELDS
        )
        messages.success(request, "The brief is saved.")
        return redirect(_session_url(session))
    return render(
        request,
        "sessions_app/session_brief_form.html",
        {"collaboration": session.collaboration, "session": session, "form": form},
    )


@require_POST
@session_view(SessionAction.TAKE_PART)
def agenda_item_create(request: HttpRequest, viewer: Membership, session: Session) -> HttpResponse:
    if not session.agenda_open:
        messages.error(
            request, "The brief has gone out, so the agenda is closed. Talk to the chair."
        )
        return redirect(_session_url(session))
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        services.agenda_item_propose(session=session, proposed_by=viewer, **form.cleaned_data)
        messages.success(request, "Thank you. Your item is on the agenda, with your name.")
        return redirect(_session_url(session) + "#agenda")
    return render(
        request,
        "sessions_app/agenda_item_form.html",
        {"collaboration": session.collaboration, "session": session, "form": form},
    )


@require_POST
@session_view(SessionAction.MANAGE)
def agenda_item_move(
    request: HttpRequest, viewer: Membership, session: Session, code
) -> HttpResponse:
    item = get_object_or_404(AgendaItem, session=session, code=code)
    services.agenda_item_move(item=item, up=request.POST.get("direction") != "down")
    return redirect(_session_url(session) + "#agenda")


@require_POST
@session_view(SessionAction.TAKE_PART)
def session_respond(request: HttpRequest, viewer: Membership, session: Session) -> HttpResponse:
    invite = get_object_or_404(SessionInvite, session=session, membership=viewer)
    response = request.POST.get("response")
    if response not in (
        SessionInvite.Response.YES,
        SessionInvite.Response.MAYBE,
        SessionInvite.Response.NO,
    ):
        messages.error(request, "Choose yes, maybe or can't come.")
    else:
        services.invite_respond(invite=invite, response=response)
        messages.success(
            request, f"Thank you. Your answer: {SessionInvite.Response(response).label}."
        )
    return redirect(_session_url(session))


@require_POST
@session_view(SessionAction.MANAGE)
def session_attendance(request: HttpRequest, viewer: Membership, session: Session) -> HttpResponse:
    invites = list(session.invites.select_related("membership__user"))
    form = AttendanceForm(request.POST, invites=invites)
    if form.is_valid():
        services.attendance_record(
            session=session, recorded_by=request.user, attendance=form.attendance()
        )
        messages.success(request, "Attendance is saved.")
    else:
        messages.error(request, "Choose came, did not come or sent apologies for each person.")
    return redirect(_session_url(session) + "#attendance")


@require_http_methods(["GET", "POST"])
@session_view(SessionAction.TAKE_PART)
def session_check_in(
    request: HttpRequest, viewer: Membership, session: Session, secret: str
) -> HttpResponse:
    if secret != session.check_in_secret:
        raise Http404("This check-in code is not for this session.")
    invite = get_object_or_404(SessionInvite, session=session, membership=viewer)
    if request.method == "POST":
        services.check_in(invite=invite)
        messages.success(request, "You are checked in. Welcome!")
        return redirect(_session_url(session))
    return render(
        request,
        "sessions_app/session_check_in.html",
        {"collaboration": session.collaboration, "session": session},
    )


@require_GET
@session_view(SessionAction.VIEW)
def session_ics(request: HttpRequest, viewer: Membership, session: Session) -> HttpResponse:
    response = HttpResponse(
        calendars.calendar_for([session], session.title), content_type="text/calendar"
    )
    response["Content-Disposition"] = 'attachment; filename="session.ics"'
    return response


@require_http_methods(["GET", "POST"])
def invite_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The one-tap answer page an invitation links to. No password needed; a GET never changes
    anything (email scanners open links), the answer is the tap on the page."""
    code = invite_code_from_token(token)
    invite = (
        SessionInvite.objects.select_related("session__collaboration", "membership__user")
        .filter(code=code)
        .first()
        if code
        else None
    )
    if invite is None:
        return render(request, "sessions_app/invite_answer_invalid.html", status=404)
    session = invite.session
    if request.method == "POST":
        response = request.POST.get("response")
        if response in (
            SessionInvite.Response.YES,
            SessionInvite.Response.MAYBE,
            SessionInvite.Response.NO,
        ):
            services.invite_respond(invite=invite, response=response)
            invite.refresh_from_db()
        else:
            messages.error(request, "Choose one of the answers.")
    return render(
        request,
        "sessions_app/invite_answer.html",
        {
            "invite": invite,
            "session": session,
            "responses": SessionInvite.Response,
            "answered": request.method == "POST",
        },
    )


@require_POST
@collaboration_view(Action.MANAGE_SESSIONS)
def poll_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Staff pick 2 to 6 suggested times; the invitees are asked which they can make."""
    collaboration = membership.collaboration
    form = FindTimeForm(request.POST, collaboration=collaboration)
    starts = [_moment(value) for value in request.POST.getlist("options")]
    starts = sorted({s for s in starts if s is not None and s > timezone.now()})
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
        created_by=request.user,
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
    poll = get_object_or_404(Poll, collaboration=membership.collaboration, code=code)
    options = list(
        poll.options.prefetch_related(Prefetch("answers", queryset=PollAnswer.objects.all()))
    )
    invitees = list(poll.invitees.select_related("user__profile").order_by("user__name"))
    rows = []
    for person in invitees:
        answers = {
            a.option_id: a
            for option in options
            for a in option.answers.all()
            if a.membership_id == person.pk
        }
        rows.append((person, [answers.get(option.pk) for option in options]))
    totals = [
        {
            "option": option,
            "label": option_label(option),
            "yes": sum(1 for a in option.answers.all() if a.answer == "yes"),
            "if_need_be": sum(1 for a in option.answers.all() if a.answer == "if_need_be"),
        }
        for option in options
    ]
    return render(
        request,
        "sessions_app/poll_detail.html",
        {"collaboration": membership.collaboration, "poll": poll, "rows": rows, "totals": totals},
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
    session = services.poll_confirm(poll=poll, option=option, created_by=request.user)
    messages.success(request, "The time is confirmed. Everyone asked is now invited.")
    return redirect(_session_url(session))


@require_http_methods(["GET", "POST"])
def poll_answer(request: HttpRequest, token: str) -> HttpResponse:
    codes = poll_codes_from_token(token)
    poll = Poll.objects.filter(code=codes[0]).first() if codes else None
    membership = (
        poll.invitees.filter(code=codes[1]).select_related("user").first() if poll else None
    )
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


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.VIEW_SESSIONS)
def calendar_settings(request: HttpRequest, membership: Membership) -> HttpResponse:
    if request.method == "POST":
        feed = services.calendar_feed_renew(user=request.user)
        messages.success(request, "Here is your new calendar address. The old one no longer works.")
    else:
        feed = services.calendar_feed_for(user=request.user)
    url = settings.SITE_URL + reverse("sessions:calendar-feed", args=[feed.token])
    return render(
        request,
        "sessions_app/calendar_settings.html",
        {"collaboration": membership.collaboration, "feed_url": url},
    )


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar.")
    sessions = (
        Session.objects.filter(invites__membership__user=feed.user)
        .exclude(invites__membership__user=feed.user, invites__response=SessionInvite.Response.NO)
        .select_related("collaboration", "venue")
        .distinct()
        .order_by("starts_at")
    )
    return HttpResponse(
        calendars.calendar_for(sessions, "My co-production sessions"), content_type="text/calendar"
    )
