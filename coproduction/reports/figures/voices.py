"""Reflections, feedback and "you said, we did", and celebrations."""

from collections import Counter, defaultdict
from datetime import date
from statistics import median

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DateField, F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from coproduction.models import FieldChange, Membership
from coproduction.reports.figures.common import chart, month_key, months_between, table
from coproduction.reports.figures.people import withheld_note
from coproduction.reports.suppression import small, suppress
from reflections.models import Action, Celebration, Feedback, Reflection

Role = Membership.Role
Status = Membership.Status


def reflections_section(collaboration, start, end, t) -> dict:

    rows = list(
        Reflection.objects.filter(collaboration=collaboration, written_on__range=(start, end))
        .values("feeling", "session__work_area__name")
        .annotate(month=TruncMonth("written_on"), n=Count("code"))
        .order_by()
    )
    total = sum(row["n"] for row in rows)
    feelings: Counter[int] = Counter()
    themes: Counter[str] = Counter()
    month_sum: dict[date, int] = defaultdict(int)
    month_n: Counter = Counter()
    for row in rows:
        themes[row["session__work_area__name"] or "Not about one work area"] += row["n"]
        if row["feeling"]:
            feelings[row["feeling"]] += row["n"]
            month_sum[month_key(row["month"])] += row["feeling"] * row["n"]
            month_n[month_key(row["month"])] += row["n"]
    feeling_breakdown = suppress(
        {label: feelings.get(value, 0) for value, label in Reflection.Feeling.choices}, t
    )
    months = months_between(start, end)
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
            table(
                "reflections-feeling",
                "How it felt",
                ["Feeling", "Reflections"],
                list(map(list, feeling_breakdown.cells.items())),
                withheld_note(feeling_breakdown, t),
            ),
            table(
                "reflections-mood",
                "Average feeling by month",
                ["Month", "Average (1 to 5)"],
                [
                    [f"{m:%B %Y}", value or (f"fewer than {t}" if safe else "not shown")]
                    for m, value in mood
                ],
            ),
            table(
                "reflections-themes",
                "What reflections were about",
                ["Work area", "Reflections"],
                list(map(list, theme_breakdown.cells.items())),
                withheld_note(theme_breakdown, t),
            ),
        ],
        "charts": [
            chart(
                "line",
                "Average feeling by month (1 awful to 5 great)",
                [f"{m:%b %y}" for m, _ in mood],
                [float(value) if value else None for _, value in mood],
                "Line chart of the average feeling each month; months with too few "
                "reflections are left out. The table gives each month's figure.",
                table="reflections-mood",
            )
        ],
    }


def feedback_section(collaboration, start, end, t) -> dict:

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
            table(
                "feedback",
                "Feedback received",
                ["Kind", "Pieces"],
                feedback_rows,
                withheld_note(feedback, t),
            ),
            table(
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
        "key": {
            "raised": len(actions),
            "done": status.get(Action.Status.DONE, 0),
            "answered": status.get(Action.Status.WONT_DO, 0),
            "open": status.get(Action.Status.OPEN, 0) + status.get(Action.Status.IN_PROGRESS, 0),
        },
    }


def celebrations_section(collaboration, start, end) -> dict:

    by_month = Counter(
        {
            month_key(row["month"]): row["n"]
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
            table(
                "celebrations",
                "Celebrations by month",
                ["Month", "Celebrations"],
                [[f"{m:%B %Y}", by_month.get(m, 0)] for m in months_between(start, end)],
            )
        ],
        "charts": [],
    }
