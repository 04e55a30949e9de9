"""Real providers' clients against local fakes that speak their APIs: GOV.UK Notify through
its official Python client (the fake checks the client's own signed token), and Postmark
through django-anymail. Their receipts, in each provider's own format, close the message:
delivered, or failed with a reason staff can act on."""

import base64
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from notifications_python_client.authentication import decode_jwt_token, get_token_issuer

from coproduction import outbox
from coproduction.models import Membership, Message
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
State = Message.State
SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
TEMPLATE_ID = str(uuid.uuid4())
CALLBACK_TOKEN = "a-long-random-token-set-in-notify"


class FakeProvider:
    """An HTTP server on this machine answering like a provider: it records every request
    and answers with the next prepared (status, JSON), or a success."""

    def __init__(self, answer_ok):
        self.requests: list[dict] = []
        self.answers: list[tuple[int, dict]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                status, answer = fake.answers.pop(0) if fake.answers else (None, None)
                if status is None:
                    status, answer = answer_ok(self, body)
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def notify_answer(handler, body):
    """GOV.UK Notify's POST /v2/notifications/sms, after checking the client's JWT."""
    token = handler.headers["Authorization"].removeprefix("Bearer ")
    if get_token_issuer(token) != SERVICE_ID or not decode_jwt_token(token, SECRET):
        return 403, {"errors": [{"error": "AuthError", "message": "Invalid token"}]}
    return 201, {
        "id": str(uuid.uuid4()),
        "reference": body.get("reference"),
        "content": {"body": body["personalisation"]["body"], "from_number": "GOVUK"},
        "uri": "https://api.notifications.service.gov.uk/v2/notifications/x",
        "template": {"id": body["template_id"], "version": 1, "uri": "x"},
    }


@pytest.fixture
def notify(settings):
    fake = FakeProvider(notify_answer)
    settings.SMS_BACKEND = "coproduction.outbox.sms.NotifySMSBackend"
    settings.NOTIFY_API_KEY = f"test_key-{SERVICE_ID}-{SECRET}"
    settings.NOTIFY_SMS_TEMPLATE_ID = TEMPLATE_ID
    settings.NOTIFY_BASE_URL = fake.url
    settings.NOTIFY_CALLBACK_TOKEN = CALLBACK_TOKEN
    yield fake
    fake.close()


@pytest.fixture
def texter(collaboration):
    return MembershipFactory(
        collaboration=collaboration, user=UserFactory(email=None, phone="+447700900123")
    )


def text_to(membership, key="t"):
    return outbox.message_enqueue(
        recipient=membership,
        kind=Message.Kind.REMINDER,
        category=Message.Category.REMINDERS,
        subject="Reminder",
        body="Hello Sam, a reminder: Transport group is tomorrow at 6pm.",
        due_at=timezone.now(),
        dedupe_key=key,
    )


def notify_receipt(message, status: str, token: str = CALLBACK_TOKEN):
    """What GOV.UK Notify posts to the callback URL, in its documented format."""
    return Client().post(
        reverse("coproduction:notify-receipt"),
        {
            "id": message.provider_id,
            "reference": str(message.code),
            "to": "+447700900123",
            "status": status,
            "created_at": "2026-12-04T18:00:00.000000Z",
            "completed_at": "2026-12-04T18:00:05.000000Z",
            "sent_at": "2026-12-04T18:00:01.000000Z",
            "notification_type": "sms",
            "template_id": TEMPLATE_ID,
            "template_version": 1,
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_a_text_goes_through_notify_and_its_receipt_marks_it_delivered(
    client, notify, texter, cast, collaboration
):
    message = text_to(texter)
    outbox.send_due()
    [sent] = notify.requests
    assert sent["path"] == "/v2/notifications/sms"
    assert sent["body"] == {
        "phone_number": "+447700900123",
        "template_id": TEMPLATE_ID,
        "personalisation": {"body": message.body},
        "reference": str(message.code),
    }
    message.refresh_from_db()
    assert message.state == State.SENT and message.provider_id
    assert notify_receipt(message, "delivered").json() == {"recorded": True}
    message.refresh_from_db()
    assert message.state == State.DELIVERED and message.delivered_at is not None
    client.force_login(cast["staff"])
    page = client.get(reverse("coproduction:outbox", args=[collaboration.slug])).content.decode()
    assert "(text message, delivered)" in page


def test_a_receipt_of_failure_shows_staff_why_and_a_late_delivery_does_not_undo_it(
    client, notify, texter, cast, collaboration
):
    message = text_to(texter)
    outbox.send_due()
    message.refresh_from_db()
    notify_receipt(message, "permanent-failure")
    notify_receipt(message, "delivered")
    message.refresh_from_db()
    assert message.state == State.FAILED
    assert "does not exist or cannot get texts" in message.last_error
    client.force_login(cast["staff"])
    page = client.get(reverse("coproduction:outbox", args=[collaboration.slug])).content.decode()
    assert "does not exist or cannot get texts" in page


def test_receipts_without_notifys_token_or_in_another_shape_are_refused(notify, texter):
    message = text_to(texter)
    outbox.send_due()
    message.refresh_from_db()
    assert notify_receipt(message, "delivered", token="guessed").status_code == 401
    garbled = Client().post(
        reverse("coproduction:notify-receipt"),
        "not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {CALLBACK_TOKEN}"},
    )
    assert garbled.status_code == 400
    message.refresh_from_db()
    assert message.state == State.SENT


def test_notifys_refusal_fails_at_once_and_its_outage_is_tried_again(notify, texter):
    refused, later = text_to(texter, "a"), text_to(texter, "b")
    notify.answers += [
        (
            400,
            {
                "errors": [
                    {"error": "ValidationError", "message": "phone_number Not a UK mobile number"}
                ],
                "status_code": 400,
            },
        ),
        (
            500,
            {
                "errors": [{"error": "Exception", "message": "Internal server error"}],
                "status_code": 500,
            },
        ),
    ]
    outbox.send_due()
    refused.refresh_from_db()
    later.refresh_from_db()
    assert refused.state == State.FAILED and "Not a UK mobile number" in refused.last_error
    assert later.state == State.PENDING and later.due_at > timezone.now()


def test_a_login_code_by_text_goes_through_notify(client, notify, texter):
    client.post(reverse("account_request_login_code"), {"phone": "07700 900123"})
    [sent] = notify.requests
    assert sent["body"]["phone_number"] == "+447700900123"
    assert "code is" in sent["body"]["personalisation"]["body"]
    assert not Message.objects.exists()  # a login code is a secret: no row keeps it


# --- Email through django-anymail (Postmark's API), and its bounces ------------------------


def postmark_answer(handler, body):
    if handler.headers.get("X-Postmark-Server-Token") != "server-token":
        return 401, {"ErrorCode": 10, "Message": "Bad or missing Server API token."}
    return 200, {
        "To": body["To"],
        "SubmittedAt": "2026-12-04T18:00:00.0000000Z",
        "MessageID": str(uuid.uuid4()),
        "ErrorCode": 0,
        "Message": "OK",
    }


@pytest.fixture
def postmark(settings):
    fake = FakeProvider(postmark_answer)
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.postmark.EmailBackend"}}
    settings.ANYMAIL = {
        "POSTMARK_SERVER_TOKEN": "server-token",
        "POSTMARK_API_URL": fake.url + "/",
        "WEBHOOK_SECRET": "hooks:a-long-webhook-password",
    }
    yield fake
    fake.close()


def postmark_event(payload: dict, secret: str = "hooks:a-long-webhook-password"):
    credentials = base64.b64encode(secret.encode()).decode()
    return Client().post(
        "/hooks/email/postmark/tracking/",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Basic {credentials}"},
    )


def test_an_email_through_the_providers_api_and_its_bounce_marks_it_failed(
    postmark, collaboration, member
):
    message = text_to(Membership.objects.get(user=member))
    outbox.send_due()
    [sent] = postmark.requests
    assert sent["path"] == "/email"
    assert sent["body"]["To"] == member.email and sent["body"]["HtmlBody"].startswith("<!DOCTYPE")
    assert sent["body"]["Metadata"] == {"message": str(message.code)}
    message.refresh_from_db()
    assert message.state == State.SENT and message.provider_id
    bounce = {
        "RecordType": "Bounce",
        "ID": 4323372036854775807,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "",
        "MessageID": message.provider_id,
        "Metadata": {"message": str(message.code)},
        "ServerID": 23,
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": member.email,
        "From": "hello@rivervalley.org.uk",
        "BouncedAt": "2026-12-04T18:01:00Z",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": message.subject,
        "MessageStream": "outbound",
    }
    assert postmark_event(bounce, secret="hooks:wrong").status_code == 400
    message.refresh_from_db()
    assert message.state == State.SENT
    assert postmark_event(bounce).status_code == 200
    message.refresh_from_db()
    assert message.state == State.FAILED and "The email bounced" in message.last_error


def test_the_providers_delivery_event_marks_an_email_delivered(postmark, member):
    message = text_to(Membership.objects.get(user=member))
    outbox.send_due()
    message.refresh_from_db()
    delivery = {
        "RecordType": "Delivery",
        "ServerID": 23,
        "MessageStream": "outbound",
        "MessageID": message.provider_id,
        "Recipient": member.email,
        "Tag": "",
        "DeliveredAt": "2026-12-04T18:00:30Z",
        "Details": "Test delivery webhook details",
        "Metadata": {"message": str(message.code)},
    }
    assert postmark_event(delivery).status_code == 200
    message.refresh_from_db()
    assert message.state == State.DELIVERED
