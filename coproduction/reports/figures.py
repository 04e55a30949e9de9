"""The figures of a trustee progress report: how a collaboration is going, for a period.

`report_figures` returns a plain, JSON-ready structure of sections, each with tables of
display values (already suppressed: see `suppression.py`) and charts of the visible values
only. It reads with aggregate queries, a fixed number of them whatever the size of the
collaboration. It holds no names, contact details or free text written by members: work-area
names, session types and the like are staff-defined words.
"""

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from statistics import median

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DateField, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from coproduction.models import Collaboration, FieldChange, Membership
from coproduction.reports.suppression import is_hidden, share, small, suppress
from members.models import AgeBand, MonitoringResponse, StepAway
from members.selectors import work_area_resourcing
from payments.models import Claim, Payment, Unit
from payments.money import pounds
from payments.services import turnaround
from reflections.models import Action, Celebration, Contribution, Feedback, Reflection
from sessions_app.models import AgendaItem, LadderRung, Session, SessionInvite, TaskAnswer

Role = Membership.Role
Status = Membership.Status

SECTIONS = [
    ("membership", "Membership"),
    ("representation", "Who takes part"),
    ("sessions", "Sessions and attendance"),
    ("shaping", "Who shaped the work"),
    ("payments", "Paying people for their time"),
    ("reflections", "Reflections"),
    ("feedback", "You said, we did"),
    ("work-areas", "Work areas"),
    ("ladder", "The ladder of co-production"),
    ("without-a-meeting", "Taking part without a meeting"),
    ("celebrations", "Celebrations"),
]


def _table(
    table_id: str, caption: str, columns: list[str], rows: list[list], note: str = ""
) -> dict:
    return {
        "id": table_id,
        "caption": caption,
        "columns": columns,
        "rows": [[str(cell) for cell in row] for row in rows],
        "note": note,
    }


def _chart(kind: str, title: str, labels: list[str], values: list, alt: str) -> dict:
    """A chart of visible values only: a hidden cell is drawn as a gap, never as a number."""
    return {"kind": kind, "title": title, "labels": labels, "values": values, "alt": alt}


def _visible(display: str) -> float | None:
    return None if is_hidden(display) else float(display)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _months(start: date, end: date) -> list[date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def _month_key(value) -> date:
    return value.date().replace(day=1) if isinstance(value, datetime) else value.replace(day=1)


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "none"


def _money(value) -> str:

    return pounds(value or Decimal("0"))


def report_figures(collaboration: Collaboration, start: date, end: date) -> dict:
    """Every figure of the report for `collaboration` from `start` to `end` (inclusive)."""
    t = collaboration.small_number_threshold
    since, until = _bounds(start, end)
    now = timezone.now()
    sections = {
        "membership": _membership(collaboration, start, end, since, until, t),
        "representation": _representation(collaboration, t),
    }
    session_rows = _session_rows(collaboration, since, min(until, now))
    sections["sessions"] = _sessions(collaboration, session_rows, since, min(until, now), t)
    sections["shaping"] = _shaping(collaboration, session_rows, since, min(until, now), t)
    sections["payments"] = _payments(collaboration, start, end, t)
    sections["reflections"] = _reflections(collaboration, start, end, t)
    sections["feedback"] = _feedback(collaboration, start, end, t)
    sections["work-areas"] = _work_areas(collaboration, session_rows, t)
    sections["ladder"] = _ladder(session_rows)
    sections["without-a-meeting"] = _without_a_meeting(collaboration, since, until, t)
    sections["celebrations"] = _celebrations(collaboration, start, end)
    return {
        "collaboration": collaboration.name,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "threshold": t,
        "made_on": timezone.localdate().isoformat(),
        "sections": [{"id": key, "title": title, **sections[key]} for key, title in SECTIONS],
    }


# --- Membership ---------------------------------------------------------------------------------


def _membership(collaboration, start, end, since, until, t) -> dict:

    members = Membership.objects.filter(collaboration=collaboration, role=Role.MEMBER)
    counts = members.aggregate(
        active=Count("pk", filter=Q(status=Status.ACTIVE)),
        stepped_away=Count("pk", filter=Q(status=Status.STEPPED_AWAY)),
        alumni=Count("pk", filter=Q(status=Status.ALUMNI)),
        joined=Count("pk", filter=Q(created_at__gte=since, created_at__lt=until)),
        term_ended=Count("pk", filter=Q(term_end__range=(start, end))),
        refreshed=Count("pk", filter=Q(term_start__range=(start, end), created_at__lt=since)),
    )
    stepped_away_in_period = (
        StepAway.objects.filter(
            membership__collaboration=collaboration,
            membership__role=Role.MEMBER,
            started_on__range=(start, end),
        )
        .values("membership")
        .distinct()
        .count()
    )
    status = suppress(
        {
            "Active": counts["active"],
            "Stepped away for now": counts["stepped_away"],
            "Alumni (have left)": counts["alumni"],
        },
        t,
    )
    status_rows = [[label, value] for label, value in status.cells.items()]
    status_rows.append(["All members with lived experience", status.total])
    events = [
        ["Joined", small(counts["joined"], t)],
        ["Stepped away (for a while)", small(stepped_away_in_period, t)],
        ["Reached the end of their term", small(counts["term_ended"], t)],
        ["Started a fresh term (refreshed)", small(counts["refreshed"], t)],
    ]
    return {
        "intro": "Members with lived experience. Status is as it stands on the day the report "
        "was made; the other figures count what happened during the period.",
        "tables": [
            _table(
                "membership-status",
                "Members by status",
                ["Status", "Members"],
                status_rows,
                _withheld_note(status, t),
            ),
            _table("membership-changes", "During the period", ["What happened", "Members"], events),
        ],
        "charts": []
        if status.withheld
        else [
            _chart(
                "bar",
                "Members by status",
                list(status.cells),
                [_visible(v) for v in status.cells.values()],
                "Bar chart of members by status: "
                + "; ".join(f"{k} {v}" for k, v in status.cells.items())
                + ".",
            )
        ],
    }


def _withheld_note(breakdown, t) -> str:
    if breakdown.withheld:
        return f"Not broken down: the group is too small to show without singling someone out (fewer than {t}, or no safe way to hide the small numbers)."  # noqa: E501
    if breakdown.any_hidden:
        return f"<{t} means from 1 to {t - 1}. * is hidden so that a small number cannot be worked out from the total."  # noqa: E501
    return ""


# --- Representation -----------------------------------------------------------------------------


def _representation(collaboration, t) -> dict:

    current = Membership.objects.filter(
        collaboration=collaboration,
        role=Role.MEMBER,
        status__in=[Status.ACTIVE, Status.STEPPED_AWAY],
    )
    rows = list(
        MonitoringResponse.objects.filter(membership__in=current).values_list(
            "ethnicity", "disability", "gender", "age_band"
        )
    )
    questions = [
        ("ethnicity", "Ethnic group", MonitoringResponse.Ethnicity.choices),
        (
            "disability",
            "Disabled, or a long-term health condition",
            MonitoringResponse.Disability.choices,
        ),
        ("gender", "Gender", MonitoringResponse.Gender.choices),
        (
            "age_band",
            "Age",
            [*AgeBand.choices, (MonitoringResponse.PREFER_NOT, "Prefer not to say")],
        ),
    ]
    profile = collaboration.community_profile or {}
    tables, charts = [], []
    answered = len(rows)
    for index, (key, title, choices) in enumerate(questions):
        counts = Counter(row[index] for row in rows)
        breakdown = suppress({value: counts.get(value, 0) for value, _ in choices}, t)
        expected = profile.get(key, {}) if isinstance(profile, dict) else {}
        table_rows = []
        if not breakdown.withheld:
            for value, label in choices:
                shown = breakdown.cells[value]
                community = expected.get(value) if isinstance(expected, dict) else None
                table_rows.append(
                    [
                        label,
                        shown,
                        share(shown, answered),
                        f"{community}%" if isinstance(community, int | float) else "",
                    ]
                )
        tables.append(
            _table(
                f"representation-{key.replace('_', '-')}",
                title,
                ["Answer", "Members", "Share of members", "Community profile"],
                table_rows,
                _withheld_note(breakdown, t),
            )
        )
        if key == "ethnicity" and answered and not breakdown.withheld:
            labels = [label for value, label in choices]
            charts.append(
                _chart(
                    "hbar",
                    "Ethnic group: members and the community",
                    labels,
                    [
                        None
                        if is_hidden(breakdown.cells[v])
                        else round(100 * int(breakdown.cells[v]) / answered)
                        for v, _ in choices
                    ],
                    "Bar chart of the share of members in each ethnic group; the table below "
                    "gives the same figures with the community profile.",
                )
                | {
                    "compare": [
                        expected.get(v) if isinstance(expected, dict) else None for v, _ in choices
                    ]
                }
            )
    return {
        # Not "of N current members": N is active plus stepped away, and with the status table's
        # total it would give away a hidden status count.
        "intro": f"From equality monitoring, which members choose to answer: {small(answered, t)} "
        "current members answered. Only totals are used; small numbers are hidden."
        + ("" if profile else " No community profile has been set to compare with."),
        "tables": tables,
        "charts": charts,
    }


# --- Sessions -----------------------------------------------------------------------------------


def _session_rows(collaboration, since, until) -> list[dict]:
    """Sessions in the period that were not cancelled, grouped by what the report needs."""

    return list(
        Session.objects.filter(
            collaboration=collaboration, starts_at__gte=since, starts_at__lt=until
        )
        .exclude(status=Session.Status.CANCELLED)
        .values("kind", "mode", "ladder_rung", "work_area_id", "chair__role")
        .annotate(month=TruncMonth("starts_at"), n=Count("pk"))
        .order_by()
    )


def _in_period_sessions(collaboration, since, until):

    return Session.objects.filter(
        collaboration=collaboration, starts_at__gte=since, starts_at__lt=until
    ).exclude(status=Session.Status.CANCELLED)


def _sessions(collaboration, session_rows, since, until, t) -> dict:

    by_kind = Counter()
    by_mode = Counter()
    by_month = Counter()
    for row in session_rows:
        by_kind[row["kind"]] += row["n"]
        by_mode[row["mode"]] += row["n"]
        by_month[_month_key(row["month"])] += row["n"]
    total = sum(by_kind.values())
    attended = SessionInvite.objects.filter(
        session__in=_in_period_sessions(collaboration, since, until),
        attendance=SessionInvite.Attendance.ATTENDED,
    )
    attendance = attended.aggregate(
        all=Count("pk"),
        members=Count("pk", filter=Q(membership__role=Role.MEMBER)),
        people=Count("membership", distinct=True, filter=Q(membership__role=Role.MEMBER)),
    )
    months = _months(timezone.localdate(since), timezone.localdate(until - timedelta(seconds=1)))
    month_counts = Counter(
        {
            _month_key(row["month"]): row["n"]
            for row in attended.filter(membership__role=Role.MEMBER)
            .annotate(month=TruncMonth("session__starts_at"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    per_session = f"{attendance['members'] / total:.1f}" if total else "none"
    return {
        "intro": "Sessions held in the period (cancelled ones are not counted), and who came.",
        "tables": [
            _table(
                "sessions-kind",
                "Sessions by type",
                ["Type", "Sessions"],
                [[label, by_kind.get(value, 0)] for value, label in Session.Kind.choices]
                + [["All sessions", total]],
            ),
            _table(
                "sessions-mode",
                "Sessions by how people took part",
                ["How", "Sessions"],
                [[label, by_mode.get(value, 0)] for value, label in Session.Mode.choices],
            ),
            _table(
                "attendance",
                "Attendance",
                ["", "Number"],
                [
                    [
                        "Times a member with lived experience came to a session",
                        attendance["members"],
                    ],
                    ["Average members with lived experience per session", per_session],
                    ["Different members who came at least once", small(attendance["people"], t)],
                    ["Times anyone came (staff and partners included)", attendance["all"]],
                ],
            ),
            _table(
                "attendance-month",
                "Sessions and attendance by month",
                ["Month", "Sessions", "Members' attendances"],
                [[f"{m:%B %Y}", by_month.get(m, 0), month_counts.get(m, 0)] for m in months],
            ),
        ],
        "charts": [
            _chart(
                "bar",
                "Sessions by type",
                [label for _, label in Session.Kind.choices],
                [by_kind.get(value, 0) for value, _ in Session.Kind.choices],
                "Bar chart of sessions by type: "
                + "; ".join(f"{label} {by_kind.get(v, 0)}" for v, label in Session.Kind.choices)
                + ".",
            ),
            _chart(
                "line",
                "Members' attendances by month",
                [f"{m:%b %y}" for m in months],
                [month_counts.get(m, 0) for m in months],
                "Line chart of attendances by members with lived experience each month; the "
                "table above gives each month's figure.",
            ),
        ],
    }


def _shaping(collaboration, session_rows, since, until, t) -> dict:

    items = AgendaItem.objects.filter(
        session__in=_in_period_sessions(collaboration, since, until)
    ).aggregate(
        all=Count("pk"),
        members=Count("pk", filter=Q(proposed_by__role=Role.MEMBER)),
        proposers=Count("proposed_by", distinct=True, filter=Q(proposed_by__role=Role.MEMBER)),
    )
    sessions = sum(row["n"] for row in session_rows)
    chaired = sum(row["n"] for row in session_rows if row["chair__role"] == Role.MEMBER)
    return {
        "intro": "Whether people with lived experience set the agenda and led sessions.",
        "tables": [
            _table(
                "shaping",
                "Agendas and chairs",
                ["", "Number", "Share"],
                [
                    ["Agenda items", items["all"], ""],
                    [
                        "Agenda items proposed by members with lived experience",
                        items["members"],
                        _percent(items["members"], items["all"]),
                    ],
                    [
                        "Different members who proposed an item",
                        small(items["proposers"], t),
                        "",
                    ],
                    [
                        "Sessions chaired by a member with lived experience",
                        chaired,
                        _percent(chaired, sessions),
                    ],
                ],
            )
        ],
        "charts": [],
    }


# --- Payments -----------------------------------------------------------------------------------


def _payments(collaboration, start, end, t) -> dict:

    ledger = Payment.objects.filter(collaboration=collaboration, paid_on__range=(start, end))
    sums = ledger.aggregate(
        fees=Sum("amount", filter=Q(claim__kind=Claim.Kind.FEE)),
        expenses=Sum("amount", filter=Q(claim__kind=Claim.Kind.EXPENSE)),
        people=Count("claim__membership", distinct=True, filter=Q(amount__gt=0)),
        hours=Sum(
            "claim__quantity",
            filter=Q(claim__kind=Claim.Kind.FEE, claim__unit=Unit.HOUR, reverses__isnull=True),
        ),
        preparation=Sum(
            "claim__preparation_hours",
            filter=Q(claim__kind=Claim.Kind.FEE, reverses__isnull=True),
        ),
        declined=Count(
            "claim",
            filter=Q(claim__method__in=["decline", "charity"], reverses__isnull=True),
        ),
    )
    speed = turnaround(collaboration, since=start, until=end)
    if 0 < sums["people"] < t:
        rows = [["Paid", f"Not shown: fewer than {t} people were paid in the period."]]
    else:
        hours = (sums["hours"] or 0) + (sums["preparation"] or 0)
        rows = [
            ["People paid", sums["people"]],
            ["Paid for time", _money(sums["fees"])],
            [
                "Hours paid for (sessions, tasks and preparation, by the hour)",
                f"{Decimal(hours).normalize():f}",
            ],
            ["Expenses repaid", _money(sums["expenses"])],
        ]
    if speed["count"]:
        rows += [
            ["Claims paid", speed["count"]],
            ["Target: paid within (days of being sent)", speed["target"]],
            ["Half of all claims were paid within (days)", f"{speed['median']:g}"],
            ["Paid within the target", _percent(speed["within"], speed["count"])],
        ]
    else:
        rows.append(["Claims paid", "none in the period"])
    return {
        "intro": "Fees and expenses paid in the period (by the day the money went), and how "
        "quickly claims were paid against the collaboration's target. Reversals are included.",
        "tables": [_table("payments", "Payments", ["", "Figure"], rows)],
        "charts": [],
    }


# --- Reflections --------------------------------------------------------------------------------


def _reflections(collaboration, start, end, t) -> dict:

    rows = list(
        Reflection.objects.filter(collaboration=collaboration, written_on__range=(start, end))
        .values("feeling", "session__work_area__name")
        .annotate(month=TruncMonth("written_on"), n=Count("code"))
        .order_by()
    )
    total = sum(row["n"] for row in rows)
    feelings = Counter()
    themes = Counter()
    month_sum: dict[date, int] = defaultdict(int)
    month_n: Counter = Counter()
    for row in rows:
        themes[row["session__work_area__name"] or "Not about one work area"] += row["n"]
        if row["feeling"]:
            feelings[row["feeling"]] += row["n"]
            month_sum[_month_key(row["month"])] += row["feeling"] * row["n"]
            month_n[_month_key(row["month"])] += row["n"]
    feeling_breakdown = suppress(
        {label: feelings.get(value, 0) for value, label in Reflection.Feeling.choices}, t
    )
    months = _months(start, end)
    # A month's average is a sum of feelings over a count: beside a breakdown with hidden
    # cells it can pin them down (4g + 5G = 26 with g + G = 6 gives G = 2), so it is shown
    # only when the breakdown hides nothing.
    safe = not feeling_breakdown.withheld and not feeling_breakdown.any_hidden
    mood = [
        (m, f"{month_sum[m] / month_n[m]:.1f}" if safe and month_n[m] >= t else "") for m in months
    ]
    theme_breakdown = suppress(dict(sorted(themes.items())), t)
    return {
        "intro": f"{small(total, t)} reflections were written in the period. How people felt is "
        "on a five-face scale, from 1 (awful) to 5 (great). Nothing anyone wrote is quoted "
        "here; themes are the work areas the reflections were about.",
        "tables": [
            _table(
                "reflections-feeling",
                "How it felt",
                ["Feeling", "Reflections"],
                list(map(list, feeling_breakdown.cells.items())),
                _withheld_note(feeling_breakdown, t),
            ),
            _table(
                "reflections-mood",
                "Average feeling by month",
                ["Month", "Average (1 to 5)"],
                [
                    [f"{m:%B %Y}", value or (f"fewer than {t}" if safe else "not shown")]
                    for m, value in mood
                ],
            ),
            _table(
                "reflections-themes",
                "What reflections were about",
                ["Work area", "Reflections"],
                list(map(list, theme_breakdown.cells.items())),
                _withheld_note(theme_breakdown, t),
            ),
        ],
        "charts": [
            _chart(
                "line",
                "Average feeling by month (1 awful to 5 great)",
                [f"{m:%b %y}" for m, _ in mood],
                [float(value) if value else None for _, value in mood],
                "Line chart of the average feeling each month; months with too few "
                "reflections are left out. The table gives each month's figure.",
            )
        ],
    }


# --- Feedback and actions -----------------------------------------------------------------------


def _feedback(collaboration, start, end, t) -> dict:

    kinds = Counter(
        {
            row["kind"]: row["n"]
            for row in Feedback.objects.filter(
                collaboration=collaboration, received_on__range=(start, end)
            )
            .values("kind")
            .annotate(n=Count("code"))
            .order_by()
        }
    )
    feedback = suppress({label: kinds.get(v, 0) for v, label in Feedback.Kind.choices}, t)
    closed = FieldChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Action),
        object_id=OuterRef("pk"),
        field="status",
        new_value__in=[Action.Status.DONE, Action.Status.WONT_DO],
    ).order_by("-changed_at")
    actions = list(
        Action.objects.filter(collaboration=collaboration)
        .annotate(
            raised_on=Coalesce(
                F("feedback__received_on"),
                F("reflection__written_on"),
                Cast("agenda_item__session__starts_at", DateField()),
            ),
            closed_at=Subquery(closed.values("changed_at")[:1]),
        )
        .filter(raised_on__range=(start, end))
        .values_list("status", "raised_on", "closed_at")
    )
    status = Counter(row[0] for row in actions)
    days = [
        (timezone.localdate(closed_at) - raised_on).days
        for state, raised_on, closed_at in actions
        if closed_at and state in (Action.Status.DONE, Action.Status.WONT_DO)
    ]
    feedback_rows = list(map(list, feedback.cells.items()))
    feedback_rows.append(["All feedback", feedback.total])
    return {
        "intro": "Feedback people gave (named or anonymous), and what became of the actions "
        "raised in the period. The reasons for anything not done are on the collaboration's "
        "\u201cyou said, we did\u201d board.",
        "tables": [
            _table(
                "feedback",
                "Feedback received",
                ["Kind", "Pieces"],
                feedback_rows,
                _withheld_note(feedback, t),
            ),
            _table(
                "actions",
                "Actions raised in the period",
                ["", "Actions"],
                [
                    ["Raised", len(actions)],
                    ["Done", status.get(Action.Status.DONE, 0)],
                    ["Not done, with the reason given", status.get(Action.Status.WONT_DO, 0)],
                    [
                        "Still open or in progress",
                        status.get(Action.Status.OPEN, 0)
                        + status.get(Action.Status.IN_PROGRESS, 0),
                    ],
                    [
                        "Days to close (median)",
                        f"{median(days):g}" if days else "none closed",
                    ],
                ],
            ),
        ],
        "charts": [],
    }


# --- Work areas, ladder, celebrations -----------------------------------------------------------


def _work_areas(collaboration, session_rows, t) -> dict:

    sessions = Counter()
    for row in session_rows:
        sessions[row["work_area_id"]] += row["n"]
    rows = []
    for area, weeks in work_area_resourcing(collaboration):
        now = weeks[0].available if weeks else 0
        short = sum(1 for week in weeks if week.short)
        rows.append(
            [
                area.name,
                area.target_active_members or "no target",
                small(now, t),
                f"{short} of {len(weeks)}" if area.target_active_members else "",
                sessions.get(area.pk, 0),
            ]
        )
    return {
        "intro": "How well each work area is resourced: members able to take part this week "
        "against the area's target, weeks in the next eight when it will be short (counting "
        "step-aways and exam periods), and sessions held in the period.",
        "tables": [
            _table(
                "work-areas",
                "Work areas",
                ["Work area", "Target", "Members able now", "Weeks short", "Sessions"],
                rows,
            )
        ],
        "charts": [],
    }


def _ladder(session_rows) -> dict:

    rungs = Counter()
    for row in session_rows:
        rungs[row["ladder_rung"] or ""] += row["n"]
    choices = list(reversed(LadderRung.choices))
    placed = sum(rungs.get(value, 0) for value, _ in choices)
    return {
        "intro": "Staff place each session on Think Local Act Personal's ladder of "
        "co-production, from co-production at the top down to coercion.",
        "tables": [
            _table(
                "ladder",
                "Sessions on each rung",
                ["Rung", "Sessions", "Share of those placed"],
                [
                    [label, rungs.get(v, 0), _percent(rungs.get(v, 0), placed)]
                    for v, label in choices
                ]
                + [["Not placed on the ladder", rungs.get("", 0), ""]],
            )
        ],
        "charts": [
            _chart(
                "hbar",
                "Sessions on each rung of the ladder",
                [label for _, label in choices],
                [rungs.get(v, 0) for v, _ in choices],
                "Bar chart of sessions on each rung: "
                + "; ".join(f"{label} {rungs.get(v, 0)}" for v, label in choices)
                + ".",
            )
        ],
    }


def _without_a_meeting(collaboration, since, until, t) -> dict:
    """Contributions shared with staff or everyone (never diary entries kept private), and
    short-task answers: how many, in which form, and how they reached us."""

    shared = Contribution.objects.filter(
        collaboration=collaboration, created_at__gte=since, created_at__lt=until
    ).exclude(visibility=Contribution.Visibility.ME)
    forms = shared.aggregate(
        people=Count("membership", distinct=True),
        written=Count("pk", filter=~Q(text="")),
        photos=Count("pk", filter=~Q(photo="")),
        voice_notes=Count("pk", filter=~Q(voice_note="")),
        journey_maps=Count("pk", filter=Q(kind=Contribution.Kind.JOURNEY)),
        diary_entries=Count("pk", filter=Q(kind=Contribution.Kind.DIARY)),
        by_phone_or_post=Count("pk", filter=~Q(received_via=Contribution.Via.ONLINE)),
        became_actions=Count("action"),
        total=Count("pk"),
    )
    answers = TaskAnswer.objects.filter(
        task__collaboration=collaboration, answered_at__gte=since, answered_at__lt=until
    ).aggregate(
        total=Count("pk"),
        people=Count("membership", distinct=True),
        by_phone_or_post=Count("pk", filter=~Q(received_via="online")),
    )
    rows = [
        ["Contributions shared", small(forms["total"], t)],
        ["People who shared them", small(forms["people"], t)],
        ["With words", small(forms["written"], t)],
        ["With a photo", small(forms["photos"], t)],
        ["With a voice note", small(forms["voice_notes"], t)],
        ["Journey maps", small(forms["journey_maps"], t)],
        ["Diary entries shared", small(forms["diary_entries"], t)],
        ["Sent by phone or post", small(forms["by_phone_or_post"], t)],
        ["Turned into actions", small(forms["became_actions"], t)],
        ["Short-task answers", small(answers["total"], t)],
        ["People who answered short tasks", small(answers["people"], t)],
        ["Short-task answers by phone or post", small(answers["by_phone_or_post"], t)],
    ]
    return {
        "intro": "People can take part without coming to a meeting: short tasks, words, "
        "photos, voice notes, journey maps and diaries. These are counts only; nothing anyone "
        "shared is shown here. A contribution can have words, a photo and a voice note at once.",
        "tables": [
            _table("without-a-meeting", "Taken part without a meeting", ["", "Count"], rows)
        ],
        "charts": [],
    }


def _celebrations(collaboration, start, end) -> dict:

    by_month = Counter(
        {
            _month_key(row["month"]): row["n"]
            for row in Celebration.objects.filter(
                collaboration=collaboration, happened_on__range=(start, end)
            )
            .annotate(month=TruncMonth("happened_on"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    total = sum(by_month.values())
    return {
        "intro": f"{total} successes were added to the celebrations log in the period. The "
        "stories themselves are in the log, for the people who wrote them.",
        "tables": [
            _table(
                "celebrations",
                "Celebrations by month",
                ["Month", "Celebrations"],
                [[f"{m:%B %Y}", by_month.get(m, 0)] for m in _months(start, end)],
            )
        ],
        "charts": [],
    }
