"""The main page of each role on a large data set, against a bare Django view, in one run.

Seeds bench.seed's data set (100 collaborations, 15,000 memberships, two years of weekly
sessions with attendance, claims and reflections) into a throwaway PostgreSQL database,
serves it with gunicorn, and drives each page with 8 concurrent keep-alive clients, logged
in as the role that uses it, with the cookies a browser holds; after each page, the bare
view the same way; three rounds, the median standing. One JSON line per page ("bench":
"page").

Someone looking again at a page is handed back the page they saw (coproduction.page_cache),
so "page" lines measure that; "page-drawn" lines measure the same pages with the page cache
off, as on a first look or just after something changed.
"""

import os
import sys
import time
from datetime import timedelta
from urllib.parse import urlencode

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.results import record  # noqa: E402
from bench.seed import Size, seed  # noqa: E402
from bench.server import drive, gunicorn  # noqa: E402

CLIENTS = 8
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))  # per page with the page cache on
P95_TARGET_MS, RATIO_TARGET = 50, 0.4


def browser_cookies(user) -> str:
    """The cookies a browser holds once `user` has logged in and seen a page: the session,
    and the CSRF cookie its forms' tokens come from. Two-factor is a property of the account
    here (an authenticator is set up), not of the session."""
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    client.get("/", follow=True)
    names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    return "; ".join(f"{name}={client.cookies[name].value}" for name in names)


def pages() -> list[tuple[str, str, str]]:
    """(page, path, cookie) for the main page of each role, in the first collaboration."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from coproduction.models import Collaboration, Membership
    from sessions_app.models import Session

    collaboration = Collaboration.objects.get(slug="bench-1")
    people = collaboration.memberships.select_related("user").order_by("pk")
    staff = people.get(role=Membership.Role.STAFF)
    TOTP.activate(staff.user, generate_totp_secret())
    member = people.filter(role=Membership.Role.MEMBER).first()
    area = member.work_areas.get()
    session = (
        Session.objects.filter(work_area=area, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    as_member, as_staff = browser_cookies(member.user), browser_cookies(staff.user)
    c, p = f"/c/{collaboration.slug}", f"/c/{collaboration.slug}/people/{member.code}"
    today = timezone.localdate()
    window = {"work_area": area.pk, "duration": 90, "earliest": 9, "latest": 21}
    for name, day in (
        ("first_day", today + timedelta(days=1)),
        ("last_day", today + timedelta(days=14)),
    ):
        window.update({f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year})
    return [
        ("member home", f"{c}/", as_member),
        ("session with agenda", f"{c}/sessions/{session.code}/", as_member),
        ("availability editor", f"{p}/availability/", as_member),
        ("member's claims", f"{p}/payments/", as_member),
        ("staff overview", f"{c}/", as_staff),
        ("scheduler suggestions", f"{c}/sessions/find-a-time/?{urlencode(window)}", as_staff),
        ("claims to approve", f"{c}/payments/approvals/", as_staff),
    ]


def drive_all(port: int, targets, rounds: int = 1) -> list[tuple[str, dict, dict]]:
    """Each page with CLIENTS clients, each followed by the bare view the same way: the
    machine's speed drifts over a run, so each page is compared with the bare view measured
    beside it. With several rounds, the round whose ratio is the median stands for the page,
    so a burst of noise in one round does not decide it. (page, result, baseline) triples."""
    for _, path, cookie in targets:  # warm every worker's connections and templates
        drive(port, path, seconds=1, headers={"Cookie": cookie})
    drive(port, "/bench/bare/", seconds=1)
    measured = []
    for page, path, cookie in targets:
        pairs = sorted(
            (
                (
                    drive(port, path, clients=CLIENTS, seconds=SECONDS, headers={"Cookie": cookie}),
                    drive(port, "/bench/bare/", clients=CLIENTS, seconds=SECONDS),
                )
                for _ in range(rounds)
            ),
            key=lambda pair: pair[0]["rps"] / pair[1]["rps"],
        )
        measured.append((page, *pairs[len(pairs) // 2]))
    return measured


def record_pages(bench: str, results, rounds: int) -> list[str]:
    """One JSON line per page; the pages that missed the targets."""
    missed = []
    for page, result, baseline in results:
        ratio = round(result["rps"] / baseline["rps"], 2)
        record(
            {
                "bench": bench,
                "page": page,
                "clients": CLIENTS,
                "rounds": rounds,
                "p50_ms": result["p50_ms"],
                "p95_ms": result["p95_ms"],
                "rps": result["rps"],
                "baseline_rps": baseline["rps"],
                "ratio": ratio,
            }
        )
        if result["p95_ms"] >= P95_TARGET_MS or ratio < RATIO_TARGET:
            missed.append(page)
    return missed


def main() -> int:
    setup_test_environment()
    database = connection.settings_dict
    database["TEST"]["NAME"] = f"{database['NAME']}_bench_pages"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print("Seeding the large data set...", flush=True)
        began = time.monotonic()
        counts = seed(Size(collaborations=int(os.environ.get("BENCH_COLLABORATIONS", "100"))))
        seconds = round(time.monotonic() - began, 1)
        targets = pages()
        check = Client(SERVER_NAME="127.0.0.1")  # raises a page's error here, with its traceback
        for page, path, cookie in targets:
            check.cookies.load(cookie)
            status = check.get(path).status_code
            assert status == 200, f"{page}: {status}"
        connection.close()
        with gunicorn(database["NAME"]) as port:
            results = drive_all(port, targets, rounds=ROUNDS)
        with gunicorn(database["NAME"], PAGE_CACHE="false") as port:
            drawn = drive_all(port, targets)
        failed = record_pages("page", results, ROUNDS)
        record_pages("page-drawn", drawn, 1)  # drawn every time: a first look
        record(
            {
                "bench": "seed",
                "seconds": seconds,
                "memberships": counts["memberships"],
                "sessions": counts["sessions"],
                "invitations": counts["invitations and attendance"],
                "claims": counts["claims"],
                "reflections": counts["reflections"],
            }
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    if failed:
        print(
            f"Missed the targets (p95 < {P95_TARGET_MS} ms, ratio >= {RATIO_TARGET}):",
            ", ".join(failed),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
