"""The outbox's own addresses: GOV.UK Notify's delivery receipts, and unsubscribing from one
kind of message with the link in an email (one click, RFC 8058, or a page with a button)."""

import json
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from coproduction.models import Membership, Message
from coproduction.outbox import people
from coproduction.outbox.channels import is_optional
from coproduction.outbox.compose import unsubscribe_from_token
from coproduction.outbox.receipts import notify_receipt_record


@csrf_exempt  # a server-to-server callback, authenticated by its bearer token
@require_POST
def notify_receipt(request: HttpRequest) -> HttpResponse:
    """GOV.UK Notify's callback: one delivery receipt, with the bearer token set in Notify."""
    expected = settings.NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not expected or not secrets.compare_digest(given.encode(), expected.encode()):
        return JsonResponse({"error": "Not a receipt from our GOV.UK Notify service."}, status=401)
    try:
        receipt = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error": "The receipt is not JSON."}, status=400)
    if not isinstance(receipt, dict):
        return JsonResponse({"error": "The receipt is not a JSON object."}, status=400)
    recorded = notify_receipt_record(receipt)
    return JsonResponse({"recorded": recorded})


@csrf_exempt  # mail providers post the one-click unsubscribe with no cookie or form token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stops one kind of message (reminders, prompts or news) for one person.

    The signed link names the person and the kind, so no login is needed. A GET only asks
    (mail scanners open links); the button, or a provider's one-click post, does it.
    """
    found = unsubscribe_from_token(token)
    if found is None or not is_optional(found[1]):
        return render(request, "coproduction/unsubscribe_invalid.html", status=404)
    code, category = found
    membership = (
        Membership.objects.select_related("collaboration", "user").filter(code=code).first()
    )
    if membership is None:
        return render(request, "coproduction/unsubscribe_invalid.html", status=404)
    label = Message.Category(category).label.lower()
    done = request.method == "POST"
    if done:
        people.stop(membership.user_id, category)
    return render(
        request,
        "coproduction/unsubscribe.html",
        {"membership": membership, "label": label, "done": done},
    )
