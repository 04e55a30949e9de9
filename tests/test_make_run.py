"""`make run`, as the README says to start it (SQLite, tasks in-process, no Redis), shows a
reminder really sent in the demo's outbox page within a minute of the server starting: staff
log in the way the demo prints, with the code read from the same terminal."""

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import requests

from tests.support.servers import free_port

ROOT = Path(__file__).resolve().parents[1]
STAFF = "priya@example.org"
SLUG = "youth-health-panel"


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_make_run_shows_a_sent_reminder_in_the_outbox_within_a_minute(tmp_path):
    port = free_port()
    output = tmp_path / "make-run.log"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    with output.open("w") as log:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    site = f"http://127.0.0.1:{port}"
    browser = requests.Session()
    try:
        deadline = time.monotonic() + 180  # installing nothing, migrating and seeding SQLite
        while True:
            assert make.poll() is None, output.read_text()[-3000:]
            assert time.monotonic() < deadline, output.read_text()[-3000:]
            try:
                if browser.get(f"{site}/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        server_up = time.monotonic()

        page = browser.get(f"{site}/accounts/login/code/", timeout=10).text
        browser.post(
            f"{site}/accounts/login/code/",
            {"csrfmiddlewaretoken": csrf_token(page), "email": STAFF},
            timeout=10,
        )
        code = _login_code_printed_for(STAFF, output)
        page = browser.get(f"{site}/accounts/login/code/confirm/", timeout=10).text
        browser.post(
            f"{site}/accounts/login/code/confirm/",
            {"csrfmiddlewaretoken": csrf_token(page), "code": code},
            timeout=10,
        )
        page = browser.get(f"{site}/accounts/2fa/authenticate/", timeout=10).text
        browser.post(
            f"{site}/accounts/2fa/authenticate/",
            {"csrfmiddlewaretoken": csrf_token(page), "code": "000000"},
            timeout=10,
        )
        while True:
            outbox = browser.get(f"{site}/c/{SLUG}/outbox/", timeout=10)
            assert outbox.status_code == 200, outbox.text[:500]
            sent = outbox.text.split('<h2 id="sent">Sent</h2>', 1)[1]
            if "Reminder: Social: pizza and a film" in sent:
                break
            assert time.monotonic() - server_up < 60, "no reminder sent within a minute"
            time.sleep(2)
        assert "Reminder: Social: pizza and a film" in output.read_text()  # printed: the email
    finally:
        os.killpg(make.pid, signal.SIGTERM)
        make.wait(timeout=20)


def _login_code_printed_for(address: str, output: Path) -> str:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        printed = output.read_text()
        found = re.findall(
            rf"To: {re.escape(address)}.*?Your login code is:\s+(\d{{6}})", printed, re.S
        )
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError("no login code printed:\n" + output.read_text()[-2000:])
