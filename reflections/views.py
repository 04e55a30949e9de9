from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduction.inputs import uuid_or_none
from coproduction.models import Membership
from coproduction.permissions import Action, collaboration_view, is_staff_like, may, name_for
from reflections import selectors, services
from reflections.forms import (
    FEELING_FACES,
    ActionTitleForm,
    CelebrationForm,
    FeedbackForm,
    RecordedFeedbackForm,
    ReflectionForm,
)
from reflections.models import Action as ActionModel
from reflections.models import Celebration, Feedback, Reflection
from sessions_app.models import AgendaItem, Session


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.VIEW_HOME)
def feedback_give(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The "tell us we got something wrong" route, linked from every page."""
    form = FeedbackForm(request.POST if request.method == "POST" else None, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.feedback_give(
            collaboration=membership.collaboration,
            kind=data["kind"],
            text=data["text"],
            author=None if data["anonymous"] else membership,
            session=data["session"],
        )
        messages.success(
            request,
            "Thank you for telling us. Staff will read it and tell everyone what they do about it.",
        )
        return redirect("coproduction:collaboration-home", membership.collaboration.slug)
    return render(
        request,
        "reflections/feedback_form.html",
        {"collaboration": membership.collaboration, "form": form},
    )


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.VIEW_FEEDBACK)
def feedback_record(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Staff write down feedback given by phone, post or in person, anonymously if asked."""
    form = RecordedFeedbackForm(
        request.POST if request.method == "POST" else None, membership=membership
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.feedback_give(
            collaboration=membership.collaboration,
            kind=data["kind"],
            text=data["text"],
            author=data["author"],
            session=data["session"],
            received_via=data["received_via"],
        )
        messages.success(request, "The feedback is recorded.")
        return redirect("reflections:feedback-list", membership.collaboration.slug)
    return render(
        request,
        "reflections/feedback_record.html",
        {"collaboration": membership.collaboration, "form": form},
    )


@require_GET
@collaboration_view(Action.VIEW_FEEDBACK)
def feedback_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    shown, held_back = selectors.feedback_for_staff(membership.collaboration)
    return render(
        request,
        "reflections/feedback_list.html",
        {
            "collaboration": membership.collaboration,
            "feedback": shown,
            "held_back": held_back,
            "threshold": membership.collaboration.anonymous_threshold,
        },
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
        _make_action(request, membership, "Look into this", feedback=feedback)
    return redirect("reflections:action-board", membership.collaboration.slug)


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.REFLECT)
def reflection_give(request: HttpRequest, membership: Membership) -> HttpResponse:
    """After a session (linked from the reflection prompt), or on the last three months."""
    initial = {}
    session_code = uuid_or_none(request.GET.get("session", ""))
    if session_code:
        session = Session.objects.filter(collaboration=membership.collaboration, code=session_code)
        initial = {"about": "session", "session": session.first()}
    form = ReflectionForm(
        request.POST if request.method == "POST" else None, initial=initial, membership=membership
    )
    if request.method == "POST" and form.is_valid():
        reflection = services.reflection_give(form=form, author=membership)
        messages.success(
            request,
            "Thank you for reflecting."
            + (" We kept no link to you." if reflection.is_anonymous else ""),
        )
        return redirect("reflections:reflection-list", membership.collaboration.slug)
    return render(
        request,
        "reflections/reflection_form.html",
        {"collaboration": membership.collaboration, "form": form},
    )


@require_GET
@collaboration_view(Action.REFLECT)
def reflection_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    shown, held_back = selectors.reflections_for(membership)
    for reflection in shown:
        reflection.face = FEELING_FACES.get(reflection.feeling, "")
        reflection.shown_author = (
            name_for(membership, reflection.author.user)
            if reflection.author_id and not reflection.is_anonymous
            else None
        )
    return render(
        request,
        "reflections/reflection_list.html",
        {
            "collaboration": membership.collaboration,
            "reflections": shown,
            "held_back": held_back,
            "threshold": membership.collaboration.anonymous_threshold,
            "staff": is_staff_like(membership),
        },
    )


@require_POST
@collaboration_view(Action.VIEW_FEEDBACK)
def action_from_reflection(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    reflection = get_object_or_404(Reflection, collaboration=membership.collaboration, code=code)
    if hasattr(reflection, "action"):
        messages.info(request, "This already has an action.")
    else:
        _make_action(request, membership, "Look into this", reflection=reflection)
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
        _make_action(request, membership, item.title, agenda_item=item)
    return redirect("sessions:session-detail", membership.collaboration.slug, item.session.code)


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
    for celebration in celebrations:
        celebration.shown_by = (
            name_for(membership, celebration.added_by.user) if celebration.added_by else ""
        )
    return render(
        request,
        "reflections/celebration_list.html",
        {
            "collaboration": membership.collaboration,
            "celebrations": celebrations,
            "form": form if may_add else None,
        },
    )


def _make_action(request, membership: Membership, default_title: str, **source) -> None:
    """An action from feedback, a reflection or an agenda outcome, owned by whoever made it;
    a named raiser hears as it moves on."""
    form = ActionTitleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The action's title can't be saved: " + form.errors["title"][0])
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
