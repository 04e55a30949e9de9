"""Shared records, edited side by side: the record, one field, an earlier value put
back, and the cheap poll open pages make."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduction import shared, shared_records
from coproduction.http import HtmxHttpRequest
from coproduction.inputs import uuid_or_none
from coproduction.models import FieldChange, Membership
from coproduction.permissions import (
    Action,
    collaboration_view,
    is_staff_like,
)

Role = Membership.Role


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


@dataclass(frozen=True)
class ShownChange:
    """One change in a record's history, with its field's label and both values as people
    read them ("" where the field is no longer on the record)."""

    change: FieldChange
    label: str = ""
    old_shown: str = ""
    new_shown: str = ""


def _shown_change(change: FieldChange, described: shared.SharedField | None) -> ShownChange:
    if described is None:
        return ShownChange(change)
    return ShownChange(
        change,
        described.label,
        described.shown(change.old_value),
        described.shown(change.new_value),
    )


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
            "history": [_shown_change(change, by_name.get(change.field)) for change in changes],
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
    request: HtmxHttpRequest, membership: Membership, kind: str, code, field: str
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
    member_code = uuid_or_none(request.POST.get("on_behalf_of"))
    if is_staff_like(membership) and member_code is not None:
        on_behalf_of = Membership.objects.filter(
            collaboration=membership.collaboration, role=Role.MEMBER, code=member_code
        ).first()
    result = shared.shared_save(
        record_type=record_type,
        instance=instance,
        changes={field: value},
        base_version=base_version,
        user=membership.user,
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
        record_type=record_type, instance=instance, change=change, user=membership.user
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
        field_names = {f.name for f in record_type.fields}
        shared.presence_mark(record_type, who, editing if editing in field_names else "")
    state = shared.poll_state(record_type, who.pk, record_type.model)
    etag = f'"{state["v"]}.{state["p"]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        names = [f.name for f in record_type.fields]
        row = (
            record_type.model._default_manager.filter(pk=who.pk)
            .values(*names, "shared_version")
            .first()
        )
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
