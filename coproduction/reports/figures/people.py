"""Membership, and who takes part against the community's profile."""

from collections import Counter

from django.db.models import Count, Q

from coproduction.models import Membership
from coproduction.reports.figures.common import chart, table, visible
from coproduction.reports.suppression import is_hidden, share, small, suppress
from members.models import AgeBand, MonitoringResponse, StepAway

Role = Membership.Role
Status = Membership.Status


def membership_section(collaboration, start, end, since, until, t) -> dict:

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
            table(
                "membership-status",
                "Members by status",
                ["Status", "Members"],
                status_rows,
                withheld_note(status, t),
            ),
            table("membership-changes", "During the period", ["What happened", "Members"], events),
        ],
        "charts": []
        if status.withheld
        else [
            chart(
                "hbar",
                "Members by status",
                list(status.cells),
                [visible(v) for v in status.cells.values()],
                "Bar chart of members by status: "
                + "; ".join(f"{k} {v}" for k, v in status.cells.items())
                + ".",
                table="membership-status",
            )
        ],
        # For the key figures on the first page: shown exactly as in the table above.
        "key": {"joined": small(counts["joined"], t), "term_ended": small(counts["term_ended"], t)},
    }


def withheld_note(breakdown, t) -> str:
    if breakdown.withheld:
        return f"Not broken down: the group is too small to show without singling someone out (fewer than {t}, or no safe way to hide the small numbers)."  # noqa: E501
    if breakdown.any_hidden:
        return f"<{t} means from 1 to {t - 1}. * is hidden so that a small number cannot be worked out from the total."  # noqa: E501
    return ""


def representation_section(collaboration, t) -> dict:

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
            table(
                f"representation-{key.replace('_', '-')}",
                title,
                ["Answer", "Members", "Share of members", "Community profile"],
                table_rows,
                withheld_note(breakdown, t),
            )
        )
        if key == "ethnicity" and answered and not breakdown.withheld:
            labels = [label for value, label in choices]
            charts.append(
                chart(
                    "hbar",
                    "Ethnic group: members and the community",
                    labels,
                    [
                        None
                        if is_hidden(breakdown.cells[v])
                        else round(100 * int(breakdown.cells[v]) / answered)
                        for v, _ in choices
                    ],
                    "Bar chart of the share of members in each ethnic group; the table "
                    "gives the same figures with the community profile.",
                    table="representation-ethnicity",
                    wide=True,
                )
                | {
                    "compare": [
                        expected.get(v) if isinstance(expected, dict) else None for v, _ in choices
                    ]
                }
            )
    if not answered:
        tables = []  # every cell would be 0: say so once, in the introduction
    return {
        # Not "of N current members": N is active plus stepped away, and with the status table's
        # total it would give away a hidden status count.
        "intro": f"From equality monitoring, which members choose to answer: {small(answered, t)} "
        "current members answered. Only totals are used; small numbers are hidden."
        + ("" if answered else " With no answers, there is nothing to break down.")
        + ("" if profile else " No community profile has been set to compare with."),
        "tables": tables,
        "charts": charts,
    }
