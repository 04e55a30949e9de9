"""Messages: what went out, what is due, what failed, the calls and letters for staff,
what each person was sent, and asking for a call back."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduction import outbox, services
from coproduction.forms import (
    CallBackForm,
)
from coproduction.models import Membership, Message
from coproduction.outbox import people
from coproduction.pdf import pdf_response
from coproduction.permissions import (
    Action,
    collaboration_view,
    may_see_contact_details,
)

Role = Membership.Role


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


@dataclass(frozen=True)
class StaffTask:
    """A call to make or a letter to post, and whether this viewer may see the recipient's
    phone number and address (an under-18's only with a current enhanced DBS check)."""

    message: Message
    contact_visible: bool


def _with_contact_visibility(viewer: Membership, messages_: Iterable[Message]) -> list[StaffTask]:
    return [
        StaffTask(
            message,
            message.recipient is not None and may_see_contact_details(viewer, message.recipient),
        )
        for message in messages_
    ]


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
    letters = [
        task.message
        for task in _with_contact_visibility(membership, letters)
        if task.contact_visible
    ]
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
    contact = people.preferences_for(membership.user_id)
    known = (contact.call_phone if contact else "") or str(membership.user.phone or "")
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
