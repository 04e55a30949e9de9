""" "You said, we did": the board everyone sees, and turning feedback, a reflection or an
agenda item into an action."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from coproduction.models import Membership
from coproduction.permissions import Action, collaboration_view, is_staff_like
from reflections import services
from reflections.forms import (
    ActionTitleForm,
)
from reflections.models import Action as ActionModel
from reflections.models import Feedback, Reflection
from sessions_app.models import AgendaItem


def make_action(request, membership: Membership, default_title: str, **source) -> None:
    """An action from feedback, a reflection or an agenda outcome, owned by whoever made it;
    a named raiser hears as it moves on."""
    form = ActionTitleForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"The action's title can't be saved: {form.errors['title'][0]}")
        return
    services.action_create(
        collaboration=membership.collaboration,
        title=form.cleaned_data["title"] or default_title[:200],
        owner=membership,
        feedback=source.pop("feedback", None),
        **source,
    )
    messages.success(
        request,
        'The action is on "you said, we did". Whoever raised it (if named) hears as it moves on.',
    )


@require_GET
@collaboration_view(Action.VIEW_HOME)
def action_board(request: HttpRequest, membership: Membership) -> HttpResponse:
    """'You said, we did': what was raised, what was done, and what was not and why."""

    actions = ActionModel.objects.filter(collaboration=membership.collaboration).select_related(
        "owner__user"
    )
    return render(
        request,
        "reflections/action_board.html",
        {
            "collaboration": membership.collaboration,
            "actions": actions,
            "staff": is_staff_like(membership),
        },
    )


@require_POST
@collaboration_view(Action.VIEW_FEEDBACK)
def action_from_feedback(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    feedback = get_object_or_404(Feedback, collaboration=membership.collaboration, code=code)
    if hasattr(feedback, "action"):
        messages.info(request, "This already has an action.")
    else:
        make_action(request, membership, "Look into this", feedback=feedback)
    return redirect("reflections:action-board", membership.collaboration.slug)


@require_POST
@collaboration_view(Action.VIEW_FEEDBACK)
def action_from_reflection(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    reflection = get_object_or_404(Reflection, collaboration=membership.collaboration, code=code)
    if hasattr(reflection, "action"):
        messages.info(request, "This already has an action.")
    else:
        make_action(request, membership, "Look into this", reflection=reflection)
    return redirect("reflections:action-board", membership.collaboration.slug)


@require_POST
@collaboration_view(Action.VIEW_FEEDBACK)
def action_from_agenda_item(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    """An agenda item's outcome becomes an action; whoever suggested the item hears of it."""

    item = get_object_or_404(
        AgendaItem.objects.select_related("session"),
        session__collaboration=membership.collaboration,
        code=code,
    )
    if hasattr(item, "action"):
        messages.info(request, "This already has an action.")
    elif not item.outcome:
        messages.error(request, "Write the outcome first, then make it an action.")
    else:
        make_action(request, membership, item.title, agenda_item=item)
    return redirect("sessions:session-detail", membership.collaboration.slug, item.session.code)
