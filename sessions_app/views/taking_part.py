"""Taking part in a session: agenda items, answering an invitation (signed in or by its
one-tap link), attendance, checking in at the venue, and its calendar file."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduction.models import Membership
from sessions_app import calendars, services
from sessions_app.forms import (
    AgendaItemForm,
    AttendanceForm,
)
from sessions_app.links import invite_code_from_token
from sessions_app.models import (
    AgendaItem,
    Session,
    SessionInvite,
)
from sessions_app.permissions import SessionAction, session_view
from sessions_app.views.sessions import session_url


@require_POST
@session_view(SessionAction.TAKE_PART)
def agenda_item_create(request: HttpRequest, viewer: Membership, session: Session) -> HttpResponse:
    if not session.agenda_open:
        messages.error(
            request, "The brief has gone out, so the agenda is closed. Talk to the chair."
        )
        return redirect(session_url(session))
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        services.agenda_item_propose(session=session, proposed_by=viewer, **form.cleaned_data)
        messages.success(request, "Thank you. Your item is on the agenda, with your name.")
        return redirect(session_url(session) + "#agenda")
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
    return redirect(session_url(session) + "#agenda")


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
    return redirect(session_url(session))


@require_POST
@session_view(SessionAction.MANAGE)
def session_attendance(request: HttpRequest, viewer: Membership, session: Session) -> HttpResponse:
    if session.starts_at > timezone.now():
        messages.error(request, "You can fill in the register once the session has started.")
        return redirect(session_url(session) + "#attendance")
    invites = list(session.invites.select_related("membership__user"))
    form = AttendanceForm(request.POST, invites=invites)
    if not form.is_valid():
        messages.error(request, "Choose came, did not come or sent apologies for each person.")
        return redirect(session_url(session) + "#attendance")
    changed = services.attendance_record(
        session=session, recorded_by=viewer.user, attendance=form.attendance()
    )
    if "said_yes" in request.POST:
        changed += services.attendance_mark_said_yes(session=session, recorded_by=viewer.user)
    messages.success(
        request,
        ngettext(
            "The register is saved: %(count)d change.",
            "The register is saved: %(count)d changes.",
            changed,
        )
        % {"count": changed}
        if changed
        else "The register is saved. Nothing had changed.",
    )
    return redirect(session_url(session) + "#attendance")


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
        return redirect(session_url(session))
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
