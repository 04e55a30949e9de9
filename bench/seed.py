# ruff: noqa: S608, E501 - SQL from constants and model metadata, never input; long SQL lines
"""A large data set, seeded in PostgreSQL by INSERT ... SELECT over generate_series.

Rows are made inside the database rather than sent from Python, which is what makes two
years of weekly sessions for 100 collaborations take seconds rather than minutes. Every
column a statement does not name gets its model field's default, so a new field with a
default needs no change here; a new required field without one stops the seed, naming it.
"""

import secrets
import time
import uuid
from dataclasses import dataclass

from django.db import connection, models
from django.utils import timezone


@dataclass(frozen=True)
class Size:
    collaborations: int = 100
    people: int = 150  # memberships per collaboration
    work_areas: int = 5
    weeks_past: int = 96
    weeks_ahead: int = 8
    agenda_items: int = 4  # per session
    reflections: int = 3  # per held session


# Within each collaboration, membership number n (1-based) has this role; the rest are members.
ROLES = {1: "staff", 2: "facilitator", 3: "admin", 4: "trustee", 5: "finance"}
CALLABLE_DEFAULTS = {
    uuid.uuid4: "gen_random_uuid()",
    timezone.now: "now()",
    timezone.localdate: "current_date",
    secrets.token_urlsafe: "md5(random()::text)",
}


def _default_sql(field: models.Field, params: list) -> str:
    if field.has_default():
        default = field.default
        if callable(default):
            if default in CALLABLE_DEFAULTS:
                return CALLABLE_DEFAULTS[default]
            default = default()
        params.append(field.get_db_prep_save(default, connection))
        return "%s"
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return "now()"
    if field.null:
        return "NULL"
    if field.blank and field.empty_strings_allowed:
        return "''"
    raise ValueError(f"bench.seed: say what {field.model.__name__}.{field.name} should be")


def insert(model, values: dict[str, str], source: str) -> int:
    """INSERT INTO model's table SELECT values (SQL per field name) FROM source; rows made."""
    columns, expressions, params = [], [], []
    for field in model._meta.concrete_fields:
        if isinstance(field, models.AutoField):
            continue
        columns.append(connection.ops.quote_name(field.column))
        name = field.name if field.name in values else field.attname
        expressions.append(values[name] if name in values else _default_sql(field, params))
    unknown = (
        set(values)
        - {f.name for f in model._meta.concrete_fields}
        - {f.attname for f in model._meta.concrete_fields}
    )
    assert not unknown, f"{model.__name__} has no fields {unknown}"
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("%", "%%").replace("%%s", "%s"), params)
        rows = cursor.rowcount
        cursor.execute(f"ANALYZE {model._meta.db_table}")  # later steps join on these rows
    return rows


def seed(size: Size = Size(), *, log=print) -> dict[str, int]:
    """Seeds `size` into an empty database; the number of rows of each kind."""
    from coproduction.models import Collaboration, Membership, WorkArea
    from members.models import Availability, Commitment, Profile, User
    from payments.models import Claim, Payment, PaymentBatch
    from reflections.models import Action, Celebration, Feedback, Reflection
    from sessions_app.models import AgendaItem, Session, SessionInvite

    c, p, a = size.collaborations, size.people, size.work_areas
    weeks = size.weeks_past + size.weeks_ahead
    counts: dict[str, int] = {}
    began = time.monotonic()

    def step(name: str, rows: int) -> None:
        counts[name] = rows
        log(f"  {name}: {rows} rows ({time.monotonic() - began:.1f} s)")

    step(
        "collaborations",
        insert(
            Collaboration,
            {"name": "'Collaboration ' || c", "slug": "'bench-' || c"},
            f"generate_series(1, {c}) c",
        ),
    )
    number("bench_collaborations", "coproduction_collaboration")
    step(
        "work areas",
        insert(
            WorkArea,
            {"collaboration": "co.id", "name": "'Work area ' || w"},
            f"bench_collaborations co, generate_series(1, {a}) w",
        ),
    )
    number("bench_work_areas", "coproduction_workarea", "collaboration_id")
    # People: user number u = (collaboration - 1) * people + n.
    step(
        "users",
        insert(
            User,
            {
                "email": "'person' || u || '@bench.example.org'",
                "name": "'Person ' || u",
                "password": "'!unusable'",
            },
            f"generate_series(1, {c * p}) u",
        ),
    )
    step("profiles", insert(Profile, {"user": "id"}, "members_user"))
    step(
        "availability",
        insert(
            Availability,
            {"user": "id", "weekly": """'["0-evening", "2-evening", "5-morning"]'::jsonb"""},
            "members_user",
        ),
    )
    step(
        "commitments",
        insert(
            Commitment,
            {
                "user": "id",
                "kind": "'school_work'",
                "starts_on": "current_date - 400",
                "start_time": "'09:00'",
                "end_time": "'15:30'",
                "rrule": "'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'",
            },
            "members_user",
        ),
    )
    role = (
        "CASE k "
        + " ".join(f"WHEN {n} THEN '{r}'" for n, r in ROLES.items())
        + " ELSE 'member' END"
    )
    step(
        "memberships",
        insert(
            Membership,
            {
                "collaboration": "co.id",
                "user": "u.id",
                "role": role,
                "dbs_level": "CASE WHEN k = 1 THEN 'enhanced' ELSE 'none' END",
                "dbs_certificate_date": "CASE WHEN k = 1 THEN current_date END",
                "term_start": "current_date - 700",
            },
            f"bench_collaborations co CROSS JOIN generate_series(1, {p}) k "
            f"JOIN members_user u ON u.email = 'person' || ((co.n - 1) * {p} + k) "
            "|| '@bench.example.org'",
        ),
    )
    number("bench_memberships", "coproduction_membership", "collaboration_id")
    with connection.cursor() as cursor:
        # Each member (not staff) is in one work area, in turn.
        cursor.execute(
            f"""INSERT INTO {Membership.work_areas.through._meta.db_table} (membership_id, workarea_id)
            SELECT m.id, w.id FROM bench_memberships m
            JOIN bench_work_areas w ON w.collaboration_id = m.collaboration_id
             AND w.n = 1 + m.n % {a}
            WHERE m.n > {len(ROLES)}"""
        )
        step("work-area places", cursor.rowcount)
    monday = "date_trunc('week', now()) + interval '18 hours'"
    step(
        "sessions",
        insert(
            Session,
            {
                "collaboration": "w.collaboration_id",
                "work_area": "w.id",
                "title": "'Weekly meeting ' || s",
                "starts_at": f"{monday} + (s - {size.weeks_past}) * interval '1 week' + w.n * interval '1 day'",
                "ends_at": f"{monday} + (s - {size.weeks_past}) * interval '1 week' + w.n * interval '1 day' + interval '90 minutes'",
                "status": f"CASE WHEN s < {size.weeks_past} THEN 'held' ELSE 'scheduled' END",
                "brief_summary": "'What we will talk about, in plain words.'",
                "preparation_minutes": "30",
            },
            # Each week, one work area of each collaboration meets, in turn.
            f"generate_series(0, {weeks - 1}) s JOIN bench_work_areas w ON w.n = 1 + s % {a}",
        ),
    )
    step(
        "agenda items",
        insert(
            AgendaItem,
            {
                "session": "se.id",
                "title": "'Item ' || i",
                "description": "'Something to decide together.'",
                "position": "i",
                "proposed_by": "(SELECT id FROM bench_memberships m WHERE m.collaboration_id ="
                f" se.collaboration_id AND m.n = {len(ROLES)} + 1 + (i * 7 + se.id) % {p - len(ROLES)})",
            },
            f"sessions_app_session se CROSS JOIN generate_series(1, {size.agenda_items}) i",
        ),
    )
    held = "se.starts_at < now()"
    invite = {
        "session": "se.id",
        "membership": "m.id",
        "response": "CASE WHEN (m.id + se.id) % 10 = 0 THEN 'no' ELSE 'yes' END",
        "attendance": f"CASE WHEN NOT {held} THEN 'unknown'"
        " WHEN (m.id + se.id) % 10 < 2 THEN 'absent' ELSE 'attended' END",
        "attendance_recorded_at": f"CASE WHEN {held} THEN se.ends_at END",
    }
    # The work area's members, and the collaboration's staff member.
    places = Membership.work_areas.through._meta.db_table
    step(
        "invitations and attendance",
        insert(
            SessionInvite,
            invite,
            f"sessions_app_session se JOIN {places} wm ON wm.workarea_id = se.work_area_id"
            " JOIN coproduction_membership m ON m.id = wm.membership_id",
        )
        + insert(
            SessionInvite,
            invite,
            "sessions_app_session se JOIN bench_memberships m ON m.collaboration_id ="
            " se.collaboration_id AND m.n = 1",
        ),
    )
    step(
        "payment batches",
        insert(
            PaymentBatch,
            {
                "collaboration": "co.id",
                "created_at": "month",
                "paid_on": "(month + interval '1 month')::date",
                "marked_paid_at": "month + interval '1 month'",
            },
            "bench_collaborations co CROSS JOIN generate_series(date_trunc('month', now())"
            " - interval '24 months', date_trunc('month', now()) - interval '1 month',"
            " interval '1 month') month",
        ),
    )
    # Paid time for each member who came: paid through the month's batch when older than a
    # month, approved or waiting otherwise.
    age = "now() - se.starts_at"
    step(
        "claims",
        insert(
            Claim,
            {
                "collaboration": "se.collaboration_id",
                "membership": "i.membership_id",
                "kind": "'fee'",
                "session": "se.id",
                "description": "se.title",
                "date_worked": "se.starts_at::date",
                "activity": "'meeting'",
                "unit": "'hour'",
                "quantity": "1.5",
                "preparation_hours": "0.5",
                "amount_due": "55.00",
                "method": "'bank'",
                "status": f"CASE WHEN {age} > interval '40 days' THEN 'paid'"
                f" WHEN {age} > interval '14 days' THEN 'approved' ELSE 'submitted' END",
                "submitted_at": "se.ends_at + interval '1 day'",
                "decided_at": f"CASE WHEN {age} > interval '14 days' THEN se.ends_at"
                " + interval '3 days' END",
                "batch": f"CASE WHEN {age} > interval '40 days' THEN b.id END",
            },
            "sessions_app_sessioninvite i JOIN sessions_app_session se ON se.id = i.session_id"
            " JOIN coproduction_membership m ON m.id = i.membership_id"
            " LEFT JOIN payments_paymentbatch b ON b.collaboration_id = se.collaboration_id"
            " AND b.created_at = date_trunc('month', se.starts_at + interval '40 days')"
            " WHERE i.attendance = 'attended' AND m.role = 'member'",
        ),
    )
    step(
        "payments",
        insert(
            Payment,
            {
                "collaboration": "cl.collaboration_id",
                "claim": "cl.id",
                "batch": "cl.batch_id",
                "amount": "cl.amount_due",
                "method": "cl.method",
                "paid_on": "b.paid_on",
            },
            "payments_claim cl JOIN payments_paymentbatch b ON b.id = cl.batch_id",
        ),
    )
    step(
        "reflections",
        insert(
            Reflection,
            {
                "collaboration": "se.collaboration_id",
                "session": "se.id",
                "went_well": "'We listened to each other.'",
                "could_be_better": "'Start on time.'",
                "feeling": "1 + (se.id + r) % 5",
                "visibility": "(ARRAY['everyone', 'staff', 'anonymous'])[r]",
                "author": "CASE WHEN r < 3 THEN (SELECT m.id FROM bench_memberships m WHERE"
                " m.collaboration_id = se.collaboration_id AND m.n ="
                f" {len(ROLES)} + 1 + (se.id * 3 + r) % {p - len(ROLES)}) END",
                "written_on": "se.ends_at::date",
            },
            f"sessions_app_session se CROSS JOIN generate_series(1, {size.reflections}) r"
            f" WHERE {held}",
        ),
    )
    step(
        "feedback",
        insert(
            Feedback,
            {
                "collaboration": "se.collaboration_id",
                "session": "se.id",
                "text": "'The room was too hot.'",
                "received_on": "se.ends_at::date",
            },
            f"sessions_app_session se WHERE {held} AND se.id % 2 = 0",
        ),
    )
    step(
        "actions",
        insert(
            Action,
            {
                "collaboration": "f.collaboration_id",
                "feedback": "f.code",
                "title": "'Open a window'",
                "raised": "f.text",
                "status": "CASE WHEN f.received_on < current_date - 60 THEN 'done' ELSE 'open' END",
                "outcome": "'We opened a window.'",
            },
            "reflections_feedback f WHERE abs(hashtext(f.code::text)) % 3 = 0",
        ),
    )
    step(
        "celebrations",
        insert(
            Celebration,
            {
                "collaboration": "co.id",
                "title": "'We finished a piece of work ' || q",
                "happened_on": "current_date - q * 90",
            },
            "bench_collaborations co CROSS JOIN generate_series(1, 8) q",
        ),
    )
    with connection.cursor() as cursor:
        # Vacuumed now, not by autovacuum in the middle of a measurement.
        cursor.execute("VACUUM (ANALYZE)")
    log(f"  seeded in {time.monotonic() - began:.1f} s")
    return counts


def number(name: str, table: str, parent: str | None = None) -> None:
    """A temporary table of `table`'s ids numbered from 1 (within each `parent`), to join on."""
    over = f"PARTITION BY {parent} ORDER BY id" if parent else "ORDER BY id"
    extra = f"{parent}, " if parent else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {name} AS SELECT id, {extra}row_number() OVER ({over}) n"
            f" FROM {table}"
        )
        cursor.execute(f"CREATE INDEX ON {name} ({extra}n)")
        cursor.execute(f"ANALYZE {name}")
