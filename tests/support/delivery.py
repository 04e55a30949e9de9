"""A stand-in for an email provider, for tests and benchmarks that run real worker processes:
every hand-over is appended to a file, with the message's idempotency key (its Message-ID).
Like a provider that honours idempotency keys, a repeated key is one delivery."""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


def log_path() -> Path:
    return Path(os.environ["DELIVERY_LOG"])


class RecordingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        delay = float(os.environ.get("DELIVERY_DELAY", "0"))
        with log_path().open("a") as log:
            for message in email_messages:
                if delay:
                    time.sleep(delay)  # a provider's round trip
                log.write(f"{message.extra_headers.get('Message-ID', '')}\n")
                log.flush()
        return len(email_messages)


def handed_over() -> list[str]:
    path = log_path()
    return [line for line in path.read_text().splitlines() if line] if path.exists() else []
