""" "Tell us we got something wrong": giving feedback (named or anonymous), staff recording
feedback given by phone or post, and the list staff read."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from coproduction.models import Membership
from coproduction.permissions import Action, collaboration_view
from reflections import selectors, services
from reflections.forms import (
    FeedbackForm,
    RecordedFeedbackForm,
)


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
