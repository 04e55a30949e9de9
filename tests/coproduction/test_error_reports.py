"""Errors reach the people who fix them without anyone's personal data: the email to ADMINS
and Sentry's report carry the error, the route and the request id, and none of what the
person sent, their cookies, their name or the code's local variables. The person sees a page
with a reference to quote."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import brotli
import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PERSONAL = ["wheelchair user, anxious in groups", "Jordan+Lee", "Jordan Lee", "sessionid-value"]


def failing_request(client, member=None):
    if member is not None:
        client.force_login(member)
    client.cookies["tracking"] = "sessionid-value"
    return client.post("/fails/?name=Jordan+Lee", {"needs": PERSONAL[0]})


@pytest.mark.urls("tests.support.failing_urls")
def test_the_error_email_to_admins_carries_no_personal_data(settings, member):
    settings.ADMINS = ["ops@rivervalley.org.uk"]
    client = Client(raise_request_exception=False)
    response = failing_request(client, member)
    assert response.status_code == 500
    [report] = mail.outbox
    assert report.to == ["ops@rivervalley.org.uk"] and "RuntimeError" in report.body
    assert "the sky fell" in report.body and "fails/" in report.subject
    for personal in [*PERSONAL, member.name, member.email]:
        assert personal not in report.body, personal
    assert f"user {member.pk}" in report.body


@pytest.mark.urls("tests.support.failing_urls")
def test_the_person_sees_a_plain_page_with_the_reference_of_the_request(member):
    response = failing_request(Client(raise_request_exception=False), member)
    request_id = response["X-Request-ID"]
    page = response.content.decode()
    assert "Something went wrong on our side" in page and request_id[:8] in page


def test_log_lines_are_json_with_the_request_id_and_the_route_not_the_path(client, member):
    import logging

    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    keep = Keep()
    keep.setFormatter(logging.getLogger("django_structlog").handlers[0].formatter)
    logger = logging.getLogger("django_structlog")
    logger.addHandler(keep)
    try:
        response = client.get("/calendar/a-private-token.ics")
    finally:
        logger.removeHandler(keep)
    finished = [json.loads(line) for line in records if '"request_finished"' in line]
    assert finished, records
    [line] = finished
    assert line["request_id"] == response["X-Request-ID"]
    assert line["request"] == "GET calendar/<token:token>.ics" and line["code"] == 404
    assert "a-private-token" not in json.dumps(line)


class FakeSentry:
    """Sentry's envelope endpoint, on this machine."""

    def __init__(self):
        self.envelopes: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                encoding = self.headers.get("Content-Encoding")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "br":
                    body = brotli.decompress(body)
                fake.envelopes.append(body.decode())
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.dsn = f"http://public@127.0.0.1:{self.server.server_port}/1"


def test_sentry_gets_the_error_and_the_request_id_and_no_personal_data():
    sentry = FakeSentry()
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "import sentry_sdk\n"
        "client = Client(raise_request_exception=False)\n"
        "client.cookies['tracking'] = 'sessionid-value'\n"
        f"response = client.post('/fails/?name=Jordan+Lee', {{'needs': {PERSONAL[0]!r}}},"
        " headers={'Authorization': 'Bearer a-secret-token'})\n"
        "sentry_sdk.flush(5)\n"
        "print(response.status_code, response['X-Request-ID'])\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.support.sentry_settings",
        "SENTRY_DSN": sentry.dsn,
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    sentry.server.shutdown()
    sentry.server.server_close()
    status, request_id = result.stdout.split()[-2:]
    assert status == "500", result.stderr[-2000:]
    sent = "\n".join(sentry.envelopes)
    assert "RuntimeError" in sent and "the sky fell" in sent
    assert request_id in sent
    for personal in [*PERSONAL, "a-secret-token"]:
        assert personal not in sent, personal
