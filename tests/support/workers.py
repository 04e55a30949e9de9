"""Real Celery worker processes for tests and benchmarks, on a queue of their own."""

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def worker_env(redis_url: str, delivery_log: Path, **extra: str) -> dict[str, str]:
    db = settings.DATABASES["default"]
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{connection.settings_dict['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DELIVERY_LOG": str(delivery_log),
        **extra,
    }


def start_worker(env: dict[str, str], queue: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "coproduction",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
    )


@contextmanager
def broker(redis_url: str):
    """Points this process's Celery app at Redis (tests run tasks in-process otherwise)."""
    from coproduction.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    _forget_connections(app)
    app.conf.update(broker_url=redis_url, task_always_eager=False)
    try:
        yield queue
    finally:
        _forget_connections(app)
        app.conf.update(broker_url=settings.CELERY_BROKER_URL, task_always_eager=True)


def _forget_connections(app) -> None:
    """Celery keeps a connection pool for the broker it first used; drop it when switching."""
    app._pool = None  # kombu keeps one pool per broker address; just stop using this one
    app.amqp._producer_pool = None
