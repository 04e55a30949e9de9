"""The real SMS gateway adapter, against a real HTTP server on this machine."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from coproduction.outbox.sms import HttpSMSBackend, SMSError, SMSTemporaryError


@pytest.fixture
def gateway():
    received, answers = [], []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append((self.headers["Authorization"], json.loads(self.rfile.read(length))))
            self.send_response(answers.pop(0) if answers else 202)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/messages", received, answers
    server.shutdown()
    server.server_close()


def test_the_gateway_gets_the_message_with_its_idempotency_key(settings, gateway):
    url, received, _ = gateway
    settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_TOKEN = url, "secret-token"
    HttpSMSBackend().send(to="+447700900123", body="Hello", reference="abc-123")
    assert received == [
        (
            "Bearer secret-token",
            {
                "to": "+447700900123",
                "body": "Hello",
                "from": settings.SMS_SENDER,
                "reference": "abc-123",
            },
        )
    ]


@pytest.mark.parametrize(
    ("status", "error"), [(503, SMSTemporaryError), (429, SMSTemporaryError), (400, SMSError)]
)
def test_gateway_errors_are_named_temporary_or_not(settings, gateway, status, error):
    url, _, answers = gateway
    settings.SMS_GATEWAY_URL = url
    answers.append(status)
    with pytest.raises(error):
        HttpSMSBackend().send(to="+447700900123", body="Hello")


def test_an_unreachable_gateway_is_temporary(settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/nothing-here"
    with pytest.raises(SMSTemporaryError):
        HttpSMSBackend().send(to="+447700900123", body="Hello")
