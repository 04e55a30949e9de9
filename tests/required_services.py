"""Access to the real services tests may need: PostgreSQL, Redis and Chromium.

Without them a test is skipped with a clear message, unless REQUIRE_SERVICES=1 (set by
.ci/run), when it fails instead: CI must never pass by skipping.
"""

import os
import shutil

import pytest

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def service_missing(message: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{message} (REQUIRE_SERVICES=1, so this fails instead of skipping)")
    pytest.skip(message)


def redis_url_or_skip() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        service_missing("Redis is not configured: set REDIS_URL, e.g. redis://127.0.0.1:6379/0")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        service_missing(f"Redis at {url} does not answer: {error}")
    return url


def chromium_path_or_skip() -> str:
    if not (os.path.exists(CHROMIUM_PATH) or shutil.which(CHROMIUM_PATH)):
        service_missing(
            f"Chromium is not installed at {CHROMIUM_PATH}: apt-get install -y chromium, "
            "or set CHROMIUM_PATH"
        )
    return CHROMIUM_PATH
