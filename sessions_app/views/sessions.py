"""Sessions: the list, finding a time, planning one, its page, changing it, its brief, and
venues."""

import io
from datetime import datetime

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from coproduction.inputs import small_number
from coproduction.models import GlossaryTerm, Membership
from coproduction.permissions import Action, collaboration_view, is_staff_like, may
from members.models import AccessNeeds
from reflections import selectors as reflection_selectors
from sessions_app import services
from sessions_app.forms import (
    AgendaItemForm,
    AttendanceForm,
    BriefForm,
    FindTimeForm,
    SessionChangeForm,
    SessionForm,
    VenueForm,
)
from sessions_app.models import (
    Poll,
    Session,
    SessionInvite,
    Venue,
)
from sessions_app.permissions import SessionAction, session_view
from sessions_app.time_finder.grid import suggestions_grid


def moment_from_text(value: str) -> datetime | None:
    """An aware datetime from an ISO string in a link or form, or None if it is not one."""
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is None:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def session_url(session: Session) -> str:
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
    """Staff choose who and when; the time finder ranks the times they can make."""
    collaboration = membership.collaboration
    form = FindTimeForm(request.GET or None, collaboration=collaboration)
    result = form.result() if form.is_bound and form.is_valid() else None
    return render(
        request,
        "sessions_app/session_find_time.html",
        {
            "collaboration": collaboration,
            "form": form,
            "result": result,
            "grid": suggestions_grid(result, membership) if result else None,
            "query": request.GET.urlencode(),
        },
    )


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.MANAGE_SESSIONS)
def session_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    collaboration = membership.collaboration
    initial: dict[str, object] = {}
    starts = moment_from_text(request.GET.get("starts", "")) if request.method == "GET" else None
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
            created_by=membership.user,
            data=form.cleaned_data,
            invitees=form.invitees(),
            facilitators=list(form.cleaned_data["facilitators"]),
        )
        messages.success(request, f"{session.title} is planned. Invitations are on their way.")
        return redirect(session_url(session))
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
        "has_started": session.starts_at <= timezone.now(),
    }
    if may(viewer, Action.REFLECT):
        context["contributions"] = reflection_selectors.contributions_for(viewer).filter(
            session=session
        )[:50]
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
        return redirect(session_url(session))
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
        return redirect(session_url(session))
    return render(
        request,
        "sessions_app/session_brief_form.html",
        {"collaboration": session.collaboration, "session": session, "form": form},
    )
