"""Work areas: who is in each, joining and leaving, and how well each is resourced."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from coproduction import selectors, services
from coproduction.models import Membership, WorkArea
from coproduction.permissions import (
    Action,
    collaboration_view,
    may,
)
from coproduction.resourcing import work_area_resourcing

Role = Membership.Role


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
    services.work_area_join(membership=membership, work_area=area)
    messages.success(request, f"You joined {area.name}.")
    return redirect("coproduction:workarea-list", membership.collaboration.slug)


@require_POST
@collaboration_view(Action.JOIN_WORK_AREAS)
def workarea_leave(request: HttpRequest, membership: Membership, code: str) -> HttpResponse:
    area = get_object_or_404(WorkArea, code=code, collaboration=membership.collaboration)
    services.work_area_leave(membership=membership, work_area=area)
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
            "areas": work_area_resourcing(membership.collaboration),
        },
    )
