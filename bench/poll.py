"""The side-by-side polling endpoint on unchanged data against a bare Django view, in one run.

Both are served by the same gunicorn, driven by 8 concurrent keep-alive clients.
"""

import os
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduction.settings_test")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.results import record  # noqa: E402
from bench.server import drive, gunicorn  # noqa: E402


def main() -> None:
    from coproduction import shared
    from coproduction.models import Collaboration, Membership
    from coproduction.shared_records import record_type
    from members.models import User
    from sessions_app.models import AgendaItem, Session, SessionInvite

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    database_name = connection.settings_dict["NAME"]
    try:
        collaboration = Collaboration.objects.create(name="Bench", slug="bench")
        user = User.objects.create_user(email="poll@example.org", name="Poller")
        membership = Membership.objects.create(collaboration=collaboration, user=user)
        session = Session.objects.create(
            collaboration=collaboration,
            title="S",
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(hours=1),
        )
        SessionInvite.objects.create(session=session, membership=membership)  # may see it
        item = AgendaItem.objects.create(session=session, title="Unchanged")
        token = shared.poll_token(record_type("agenda-item"), item, membership)
        connection.close()
        with gunicorn(database_name) as port:
            path = f"/shared/poll/{token}/"
            etag = f'"{item.shared_version}.0"'
            drive(port, path, seconds=1, expect=(200, 304))  # warm every worker's cache
            drive(port, "/bench/bare/", seconds=1)
            baseline = drive(port, "/bench/bare/")
            poll = drive(port, path, headers={"If-None-Match": etag}, expect=(304,))
        record(
            {
                "bench": "poll",
                "clients": 8,
                "p50_ms": poll["p50_ms"],
                "p95_ms": poll["p95_ms"],
                "rps": poll["rps"],
                "baseline_rps": baseline["rps"],
                "ratio": round(poll["rps"] / baseline["rps"], 2),
            }
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
