"""Reflections after a session or on a quarter, and reading them as their authors chose."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from coproduction.inputs import uuid_or_none
from coproduction.models import Membership
from coproduction.permissions import Action, collaboration_view, is_staff_like, name_for
from reflections import selectors, services
from reflections.forms import (
    ReflectionForm,
)
from reflections.models import Reflection
from sessions_app.models import Session


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


@dataclass(frozen=True)
class ShownReflection:
    """A reflection as this viewer sees it: its author's name only where it was not given
    anonymously ("" otherwise)."""

    reflection: Reflection
    author: str


@require_GET
@collaboration_view(Action.REFLECT)
def reflection_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    shown, held_back = selectors.reflections_for(membership)
    return render(
        request,
        "reflections/reflection_list.html",
        {
            "collaboration": membership.collaboration,
            "reflections": [
                ShownReflection(
                    reflection,
                    author=name_for(membership, reflection.author.user)
                    if reflection.author is not None and not reflection.is_anonymous
                    else "",
                )
                for reflection in shown
            ],
            "held_back": held_back,
            "threshold": membership.collaboration.anonymous_threshold,
            "staff": is_staff_like(membership),
        },
    )
