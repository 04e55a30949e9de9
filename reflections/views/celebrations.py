"""The celebrations log: everyone sees it, and everyone taking part adds to it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from coproduction.models import Membership
from coproduction.permissions import Action, collaboration_view, may
from reflections.forms import (
    CelebrationForm,
)
from reflections.models import Celebration


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.VIEW_HOME)
def celebration_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Successes to celebrate: everyone sees them, and everyone taking part adds to them."""
    may_add = may(membership, Action.CELEBRATE)
    form = CelebrationForm(
        request.POST if request.method == "POST" else None,
        initial={"happened_on": timezone.localdate()},
    )
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied("You may not add to the celebrations.")
        if form.is_valid():
            celebration = form.save(commit=False)
            celebration.collaboration = membership.collaboration
            celebration.added_by = membership
            celebration.save()
            messages.success(request, "Added. Well done, everyone.")
            return redirect("reflections:celebration-list", membership.collaboration.slug)
    celebrations = Celebration.objects.filter(
        collaboration=membership.collaboration
    ).select_related("added_by__user")
    return render(
        request,
        "reflections/celebration_list.html",
        {
            "collaboration": membership.collaboration,
            "celebrations": celebrations,
            "form": form if may_add else None,
        },
    )
