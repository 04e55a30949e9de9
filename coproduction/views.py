from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseStopPolling

from coproduction import outbox, selectors, services, shared, shared_records
from coproduction.forms import InvitationAcceptForm, InvitationForm, OfflinePersonForm, ReportForm
from coproduction.inputs import uuid_or_none
from coproduction.invitations import invitation_code_from_token
from coproduction.models import Invitation, Membership, Message, ProgressReport, WorkArea
from coproduction.pdf import pdf_response
from coproduction.permissions import (
    Action,
    collaboration_view,
    is_staff_like,
    may,
    may_see_contact_details,
)
from coproduction.report_files import report_context
from members import selectors as member_selectors
from members import services as member_services

Role = Membership.Role

HOME_TEMPLATES = {
    Role.MEMBER: "coproduction/home_member.html",
    Role.FACILITATOR: "coproduction/home_staff.html",
    Role.STAFF: "coproduction/home_staff.html",
    Role.ADMIN: "coproduction/home_staff.html",
    Role.TRUSTEE: "coproduction/home_trustee.html",
    Role.FINANCE: "coproduction/home_finance.html",
}


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Takes a person straight to their collaboration, or lets them choose one."""
    memberships = list(selectors.memberships_of_user(request.user))
    if len(memberships) == 1:
        return redirect("coproduction:collaboration-home", memberships[0].collaboration.slug)
    return render(request, "coproduction/collaboration_choose.html", {"memberships": memberships})


@require_GET
@collaboration_view(Action.VIEW_HOME)
def collaboration_home(request: HttpRequest, membership: Membership) -> HttpResponse:
    collaboration = membership.collaboration
    context: dict[str, object] = {"collaboration": collaboration}
    if membership.role in (Role.STAFF, Role.FACILITATOR, Role.ADMIN):
        context["glance"] = selectors.collaboration_at_a_glance(collaboration)
        context["work_areas"] = selectors.work_areas_with_people(collaboration)
    elif membership.role == Role.TRUSTEE:
        context["reports"] = ProgressReport.objects.filter(
            collaboration=collaboration, status=ProgressReport.Status.READY
        )[:5]
    elif membership.role in (Role.MEMBER, Role.FINANCE):
        context["my_work_areas"] = selectors.work_areas_of_membership(membership)
        if membership.role == Role.MEMBER:
            next_invites = selectors.next_sessions_of(membership)
            context["next_invites"] = next_invites
            context["waiting"] = selectors.waiting_for(membership, next_invites)
        context["step_away"] = membership.step_aways.filter(ended_on__isnull=True).first()
        context["today"] = timezone.localdate()
    return render(request, HOME_TEMPLATES[membership.role], context)


@require_GET
@collaboration_view(Action.VIEW_WORK_AREAS)
def workarea_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(
        request,
        "coproduction/workarea_list.html",
        {
            "collaboration": membership.collaboration,
            "work_areas": selectors.work_areas_with_people(membership.collaboration),
            "my_area_ids": set(membership.work_areas.values_list("pk", flat=True))
            if may(membership, Action.JOIN_WORK_AREAS)
            else None,
        },
    )


@require_POST
@collaboration_view(Action.JOIN_WORK_AREAS)
def workarea_join(request: HttpRequest, membership: Membership, code: str) -> HttpResponse:
    area = get_object_or_404(WorkArea, code=code, collaboration=membership.collaboration)
    member_services.work_area_join(membership=membership, work_area=area)
    messages.success(request, f"You joined {area.name}.")
    return redirect("coproduction:workarea-list", membership.collaboration.slug)


@require_POST
@collaboration_view(Action.JOIN_WORK_AREAS)
def workarea_leave(request: HttpRequest, membership: Membership, code: str) -> HttpResponse:
    area = get_object_or_404(WorkArea, code=code, collaboration=membership.collaboration)
    member_services.work_area_leave(membership=membership, work_area=area)
    messages.success(request, f"You left {area.name}.")
    return redirect("coproduction:workarea-list", membership.collaboration.slug)


@require_GET
@collaboration_view(Action.VIEW_PEOPLE)
def workarea_resourcing(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(
        request,
        "coproduction/workarea_resourcing.html",
        {
            "collaboration": membership.collaboration,
            "areas": member_selectors.work_area_resourcing(membership.collaboration),
        },
    )


@require_GET
@collaboration_view(Action.MANAGE_INVITATIONS)
def invitation_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(
        request,
        "coproduction/invitation_list.html",
        {
            "collaboration": membership.collaboration,
            "invitations": selectors.open_invitations(membership.collaboration),
        },
    )


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.MANAGE_INVITATIONS)
def invitation_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    collaboration = membership.collaboration
    form = InvitationForm(
        request.POST if request.method == "POST" else None,
        collaboration=collaboration,
        inviter=membership,
    )
    if request.method == "POST" and form.is_valid():
        invitation = services.invitation_create(
            collaboration=collaboration,
            invited_by=request.user,
            name=form.cleaned_data["name"],
            role=form.cleaned_data["role"],
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            work_areas=list(form.cleaned_data["work_areas"]),
        )
        where = invitation.email or invitation.phone
        messages.success(request, f"Invitation sent to {invitation.name} ({where}).")
        return redirect("coproduction:invitation-list", collaboration.slug)
    return render(
        request,
        "coproduction/invitation_create.html",
        {"collaboration": collaboration, "form": form},
    )


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.MANAGE_INVITATIONS)
def person_add_offline(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Adds someone with neither email nor a mobile, who takes part by post or phone call."""
    collaboration = membership.collaboration
    form = OfflinePersonForm(
        request.POST if request.method == "POST" else None,
        collaboration=collaboration,
        inviter=membership,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = services.person_add_offline(
            collaboration=collaboration,
            added_by=request.user,
            name=data["name"],
            role=data["role"],
            postal_address=data["postal_address"].strip(),
            call_phone=data["call_phone"].strip(),
            how_agreed=data["how_agreed"],
            work_areas=list(data["work_areas"]),
        )
        messages.success(
            request,
            f"{added.user.name} is added. Letters and calls for them will be listed in the "
            "outbox for you to send or make.",
        )
        return redirect("members:person-detail", collaboration.slug, added.code)
    return render(
        request,
        "coproduction/person_add_offline.html",
        {"collaboration": collaboration, "form": form},
    )


@require_POST
@collaboration_view(Action.MANAGE_INVITATIONS)
def invitation_revoke(request: HttpRequest, membership: Membership, code: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation, code=code, collaboration=membership.collaboration)
    if services.invitation_revoke(invitation=invitation):
        messages.success(request, f"The invitation to {invitation.name} no longer works.")
    else:
        messages.info(
            request, f"The invitation to {invitation.name} was already used or cancelled."
        )
    return redirect("coproduction:invitation-list", membership.collaboration.slug)


def _invitation_belongs_to(invitation: Invitation, user) -> bool:
    if invitation.email:
        return (user.email or "").lower() == invitation.email
    return bool(user.phone) and str(user.phone) == invitation.phone


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation link opens: join the collaboration, then log in by code."""
    code = invitation_code_from_token(token)
    invitation = (
        Invitation.objects.select_related("collaboration", "invited_by").filter(code=code).first()
        if code
        else None
    )
    if invitation is None:
        return render(
            request, "coproduction/invitation_invalid.html", {"reason": "unknown"}, status=404
        )
    if not invitation.is_open:
        reason = "used" if invitation.accepted_at else "closed"
        return render(
            request,
            "coproduction/invitation_invalid.html",
            {"reason": reason, "invitation": invitation},
            status=410,
        )
    user = request.user if request.user.is_authenticated else None
    if user is not None and not _invitation_belongs_to(invitation, user):
        return render(
            request,
            "coproduction/invitation_wrong_person.html",
            {"invitation": invitation},
            status=403,
        )

    form = InvitationAcceptForm(
        request.POST if request.method == "POST" else None, initial={"name": invitation.name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.invitation_accept(
                invitation=invitation, name=form.cleaned_data["name"], user=user
            )
        except services.InvitationNoLongerValid:
            return render(
                request,
                "coproduction/invitation_invalid.html",
                {"reason": "used", "invitation": invitation},
                status=410,
            )
        if user is not None:
            return redirect("coproduction:collaboration-home", membership.collaboration.slug)
        return render(
            request,
            "coproduction/invitation_accepted.html",
            {"invitation": invitation, "membership": membership},
        )
    return render(
        request,
        "coproduction/invitation_accept.html",
        {"invitation": invitation, "form": form},
    )


# --- Shared records: edited side by side -----------------------------------------------------


def _credits(changes) -> list[dict]:
    """Who contributed: members first, with entries staff made on a member's behalf credited
    to the member."""
    people: dict[str, dict] = {}
    for change in changes:
        if change.on_behalf_of is not None:
            name, role = change.on_behalf_of.user.shown_name, "member"
        elif change.changed_by is not None:
            name, role = change.changed_by.shown_name, ""
        else:
            continue
        entry = people.setdefault(name, {"name": name, "count": 0, "role": role})
        entry["count"] += 1
    return sorted(people.values(), key=lambda entry: -entry["count"])


def _field_context(record_type, instance, shared_field, **extra) -> dict:
    return {
        "record_type": record_type,
        "record": instance,
        "field": shared_field,
        "value": shared.fields_value(instance, shared_field.name),
        "shown": shared_field.shown(shared.fields_value(instance, shared_field.name)),
        "version": instance.shared_version,
        **extra,
    }


@require_GET
@collaboration_view(Action.VIEW_HOME)
def shared_record(request: HttpRequest, membership: Membership, kind: str, code) -> HttpResponse:
    record_type = shared_records.record_type(kind)
    instance = record_type.load(membership, code)
    changes = list(shared.history(record_type, instance)[:100])
    by_name = {f.name: f for f in record_type.fields}
    for change in changes:
        described = by_name.get(change.field)
        if described is not None:
            change.label = described.label
            change.old_shown = described.shown(change.old_value)
            change.new_shown = described.shown(change.new_value)
    return render(
        request,
        "coproduction/shared_record.html",
        {
            "collaboration": membership.collaboration,
            "record_type": record_type,
            "record": instance,
            "title": record_type.title(instance),
            "back_url": record_type.page_url(instance),
            "fields": [_field_context(record_type, instance, f) for f in record_type.fields],
            "may_edit": record_type.may_edit(membership, instance),
            "history": changes,
            "credits": _credits(changes),
            "poll_url": reverse(
                "coproduction:shared-poll",
                args=[shared.poll_token(record_type, instance, membership)],
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.VIEW_HOME)
def shared_field(
    request: HttpRequest, membership: Membership, kind: str, code, field: str
) -> HttpResponse:
    """One field of a shared record: its editor (GET) and saving it (POST), with or without
    JavaScript. A conflict answers 409 with both values side by side."""
    record_type = shared_records.record_type(kind)
    instance = record_type.load(membership, code)
    shared_field = record_type.field(field)
    if not record_type.may_edit(membership, instance):
        raise PermissionDenied("You may look at this, but not change it.")
    template = "coproduction/shared_field.html"
    partial = "#field-editor" if request.htmx else ""
    behalf = (
        Membership.objects.filter(collaboration=membership.collaboration, role=Role.MEMBER)
        .select_related("user")
        .order_by("user__name")
        if is_staff_like(membership)
        else None
    )
    if request.method == "GET":
        if request.GET.get("cancel") and request.htmx:
            return render(
                request,
                template + "#field-display",
                _field_context(record_type, instance, shared_field, may_edit=True),
            )
        return render(
            request,
            template + partial,
            _field_context(record_type, instance, shared_field, behalf_choices=behalf),
        )

    try:
        base_version = int(request.POST.get("base_version", ""))
    except ValueError:
        base_version = 0
    value = request.POST.get("value", "")
    on_behalf_of = None
    if is_staff_like(membership) and request.POST.get("on_behalf_of"):
        on_behalf_of = Membership.objects.filter(
            collaboration=membership.collaboration,
            role=Role.MEMBER,
            code=uuid_or_none(request.POST["on_behalf_of"]),
        ).first()
    result = shared.shared_save(
        record_type=record_type,
        instance=instance,
        changes={field: value},
        base_version=base_version,
        user=request.user,
        on_behalf_of=on_behalf_of,
    )
    if result.accepted:
        if request.htmx:
            return render(
                request,
                template + "#field-display",
                _field_context(record_type, instance, shared_field, may_edit=True),
            )
        messages.success(request, f"Saved: {shared_field.label.lower()}.")
        return redirect("coproduction:shared-record", membership.collaboration.slug, kind, code)
    instance.refresh_from_db()
    context = _field_context(
        record_type,
        instance,
        shared_field,
        typed=value,
        behalf_choices=behalf,
        errors=result.errors,
        conflict=result.conflicts.get(field),
    )
    return render(request, template + partial, context, status=409 if result.conflicts else 200)


@require_POST
@collaboration_view(Action.VIEW_HOME)
def shared_restore(
    request: HttpRequest, membership: Membership, kind: str, code, change_id: int
) -> HttpResponse:
    record_type = shared_records.record_type(kind)
    instance = record_type.load(membership, code)
    if not record_type.may_edit(membership, instance):
        raise PermissionDenied("You may look at this, but not change it.")
    change = shared.history(record_type, instance).filter(pk=change_id).first()
    if change is None:
        raise Http404("No such change.")
    result = shared.shared_restore(
        record_type=record_type, instance=instance, change=change, user=request.user
    )
    if result.accepted:
        messages.success(request, "The earlier value is back. The change is in the history too.")
    else:
        messages.error(
            request, "Someone changed this at the same moment. Look again and try once more."
        )
    return redirect("coproduction:shared-record", membership.collaboration.slug, kind, code)


@require_GET
def shared_poll(request: HttpRequest, token: str) -> HttpResponse:
    """What a shared record looks like now, for the people who have it open.

    Answers 304 Not Modified, from the cache alone, while nothing has changed.
    """
    who = shared.read_poll_token(token)
    record_type = shared_records.record_type(who.key)
    editing = request.GET.get("editing", "")
    if editing or "editing" in request.GET:
        _may_still_see(record_type, who)
        names = {f.name for f in record_type.fields}
        shared.presence_mark(record_type, who, editing if editing in names else "")
    state = shared.poll_state(record_type, who.pk, record_type.model)
    etag = f'"{state["v"]}.{state["p"]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        names = [f.name for f in record_type.fields]
        row = record_type.model.objects.filter(pk=who.pk).values(*names, "shared_version").first()
        if row is None:
            raise Http404("No such record.")
        _may_still_see(record_type, who)
        response = JsonResponse(
            {
                "version": row.pop("shared_version"),
                "fields": {
                    name: "" if value is None else str(value) for name, value in row.items()
                },
                "shown": {
                    f.name: f.shown("" if row[f.name] is None else str(row[f.name]))
                    for f in record_type.fields
                    if f.choices
                },
                "editing": shared.presence_of(record_type, who.pk, excluding=who.membership_pk),
            }
        )
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


def _may_still_see(record_type, who: shared.PollPass) -> None:
    """The pass was given with the page, up to an hour ago: before the record's content or
    the holder's name goes anywhere, the permission policy is asked again, as the record's
    page would ask it (404 or 403), so someone removed since, or no longer invited, sees
    nothing more. Unchanged polls (304) carry no content and need no query."""
    viewer = (
        Membership.objects.select_related("collaboration", "user")
        .filter(pk=who.membership_pk, user__is_active=True)
        .first()
    )
    if viewer is None:
        raise PermissionDenied("You can no longer see this.")
    code = record_type.model.objects.filter(pk=who.pk).values_list("code", flat=True).first()
    if code is None:
        raise Http404("No such record.")
    record_type.load(viewer, code)


# --- The outbox ---------------------------------------------------------------------------------


@require_GET
@collaboration_view(Action.VIEW_PEOPLE)
def outbox_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    """What went out, what is due, what failed and why, and the calls and letters to do."""
    messages_ = Message.objects.filter(collaboration=membership.collaboration).select_related(
        "recipient__user", "recipient__user__profile", "invitation"
    )
    return render(
        request,
        "coproduction/outbox.html",
        {
            "collaboration": membership.collaboration,
            "failed": messages_.filter(state=Message.State.FAILED).order_by("-due_at")[:50],
            "calls": _with_contact_visibility(
                membership,
                messages_.filter(state=Message.State.WITH_STAFF, channel=Message.Channel.CALL),
            ),
            "letters": _with_contact_visibility(
                membership,
                messages_.filter(state=Message.State.WITH_STAFF, channel=Message.Channel.POST),
            ),
            "due": messages_.filter(
                state__in=[Message.State.PENDING, Message.State.SENDING]
            ).order_by("due_at")[:50],
            "sent": messages_.filter(
                state__in=[Message.State.SENT, Message.State.DELIVERED]
            ).order_by("-sent_at")[:50],
        },
    )


def _with_contact_visibility(viewer: Membership, messages_) -> list[Message]:
    """Marks which recipients' phone numbers and addresses this viewer may see (an under-18's
    only with a current enhanced DBS check)."""
    rows = list(messages_)
    for message in rows:
        message.contact_visible = may_see_contact_details(viewer, message.recipient)
    return rows


@require_POST
@collaboration_view(Action.VIEW_PEOPLE)
def outbox_done(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    message = get_object_or_404(Message, collaboration=membership.collaboration, code=code)
    if outbox.staff_done(message=message):
        messages.success(request, f"Marked as done: {message.subject}.")
    return redirect("coproduction:outbox", membership.collaboration.slug)


@require_GET
@collaboration_view(Action.VIEW_HOME)
def my_messages(request: HttpRequest, membership: Membership) -> HttpResponse:
    sent = Message.objects.filter(
        recipient=membership,
        state__in=[Message.State.SENT, Message.State.DELIVERED, Message.State.WITH_STAFF],
    )
    return render(
        request,
        "coproduction/my_messages.html",
        {
            "collaboration": membership.collaboration,
            "sent": sent.order_by("-sent_at", "-due_at")[:100],
        },
    )


@require_GET
@collaboration_view(Action.VIEW_PEOPLE)
def outbox_letters_pdf(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Every letter waiting to be posted, in one printable PDF, then a sheet of address labels."""
    letters = list(
        Message.objects.filter(
            collaboration=membership.collaboration,
            state=Message.State.WITH_STAFF,
            channel=Message.Channel.POST,
        )
        .select_related("recipient__user__profile")
        .order_by("recipient__user__name", "due_at")
    )
    letters = [m for m in _with_contact_visibility(membership, letters) if m.contact_visible]
    return pdf_response(
        request,
        "coproduction/letters.html",
        {
            "collaboration": membership.collaboration,
            "letters": letters,
            "today": timezone.localdate(),
        },
        "letters-to-post.pdf",
    )


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.VIEW_HOME)
def call_back(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Ask a real person to phone you: it goes on staff's list of calls to make."""
    from coproduction.forms import CallBackForm
    from members.models import Profile

    profile = Profile.objects.filter(user=membership.user).first()
    known = (profile.call_phone if profile else "") or (str(membership.user.phone or ""))
    form = CallBackForm(
        request.POST if request.method == "POST" else None, initial={"phone": known}
    )
    if request.method == "POST":
        if membership.status == Membership.Status.ALUMNI:
            raise PermissionDenied("Your membership has ended.")
        if form.is_valid():
            services.call_back_request(membership=membership, **form.cleaned_data)
            messages.success(
                request, "Thank you. Someone will call you, usually within two working days."
            )
            return redirect("coproduction:collaboration-home", membership.collaboration.slug)
    return render(
        request,
        "coproduction/call_back.html",
        {"collaboration": membership.collaboration, "form": form},
    )


# --- Trustee progress reports -------------------------------------------------------------------


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
            requested_by=request.user,
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
def report_detail(request: HttpRequest, membership: Membership, code) -> HttpResponse:
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
        response = HttpResponse(handle.read(), content_type=content_type)
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
