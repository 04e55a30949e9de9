"""Sessions and attendance, who shaped the work, work areas, the ladder of co-production,
and taking part without a meeting."""

from collections import Counter
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from coproduction.models import Membership
from coproduction.reports.figures.common import chart, month_key, months_between, percent, table
from coproduction.reports.suppression import small
from members.selectors import work_area_resourcing
from reflections.models import Contribution
from sessions_app.models import AgendaItem, LadderRung, Session, SessionInvite, TaskAnswer

Role = Membership.Role
Status = Membership.Status


def session_rows_of(collaboration, since, until) -> list[Mapping[str, Any]]:
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


def in_period_sessions(collaboration, since, until):

    return Session.objects.filter(
        collaboration=collaboration, starts_at__gte=since, starts_at__lt=until
    ).exclude(status=Session.Status.CANCELLED)


def sessions_section(collaboration, session_rows, since, until, t) -> dict:

    by_kind: Counter[str] = Counter()
    by_mode: Counter[str] = Counter()
    by_month: Counter[date] = Counter()
    for row in session_rows:
        by_kind[row["kind"]] += row["n"]
        by_mode[row["mode"]] += row["n"]
        by_month[month_key(row["month"])] += row["n"]
    total = sum(by_kind.values())
    attended = SessionInvite.objects.filter(
        session__in=in_period_sessions(collaboration, since, until),
        attendance=SessionInvite.Attendance.ATTENDED,
    )
    attendance = attended.aggregate(
        all=Count("pk"),
        members=Count("pk", filter=Q(membership__role=Role.MEMBER)),
        people=Count("membership", distinct=True, filter=Q(membership__role=Role.MEMBER)),
    )
    months = months_between(
        timezone.localdate(since), timezone.localdate(until - timedelta(seconds=1))
    )
    month_counts = Counter(
        {
            month_key(row["month"]): row["n"]
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
            table(
                "sessions-kind",
                "Sessions by type",
                ["Type", "Sessions"],
                [[label, by_kind.get(value, 0)] for value, label in Session.Kind.choices]
                + [["All sessions", total]],
            ),
            table(
                "sessions-mode",
                "Sessions by how people took part",
                ["How", "Sessions"],
                [[label, by_mode.get(value, 0)] for value, label in Session.Mode.choices],
            ),
            table(
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
            table(
                "attendance-month",
                "Sessions and attendance by month",
                ["Month", "Sessions", "Members' attendances"],
                [[f"{m:%B %Y}", by_month.get(m, 0), month_counts.get(m, 0)] for m in months],
            ),
        ],
        "charts": [
            chart(
                "hbar",
                "Sessions by type",
                [label for _, label in Session.Kind.choices],
                [by_kind.get(value, 0) for value, _ in Session.Kind.choices],
                "Bar chart of sessions by type: "
                + "; ".join(f"{label} {by_kind.get(v, 0)}" for v, label in Session.Kind.choices)
                + ".",
                table="sessions-kind",
            ),
            chart(
                "line",
                "Members' attendances by month",
                [f"{m:%b %y}" for m in months],
                [month_counts.get(m, 0) for m in months],
                "Line chart of attendances by members with lived experience each month; the "
                "table gives each month's figure.",
                table="attendance-month",
            ),
        ],
        "key": {
            "sessions": total,
            "attendances": attendance["members"],
            "per_session": per_session,
            "people": small(attendance["people"], t),
            "months": [f"{m:%b %y}" for m in months],
            "month_names": [f"{m:%B %Y}" for m in months],
            "sessions_by_month": [by_month.get(m, 0) for m in months],
            "attendances_by_month": [month_counts.get(m, 0) for m in months],
        },
    }


def shaping_section(collaboration, session_rows, since, until, t) -> dict:

    items = AgendaItem.objects.filter(
        session__in=in_period_sessions(collaboration, since, until)
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
            table(
                "shaping",
                "Agendas and chairs",
                ["", "Number", "Share"],
                [
                    ["Agenda items", items["all"], ""],
                    [
                        "Agenda items proposed by members with lived experience",
                        items["members"],
                        percent(items["members"], items["all"]),
                    ],
                    [
                        "Different members who proposed an item",
                        small(items["proposers"], t),
                        "",
                    ],
                    [
                        "Sessions chaired by a member with lived experience",
                        chaired,
                        percent(chaired, sessions),
                    ],
                ],
            )
        ],
        "charts": [],
        "key": {
            "items": items["all"],
            "member_items": items["members"],
            "sessions": sessions,
            "chaired": chaired,
        },
    }


def work_areas_section(collaboration, session_rows, t) -> dict:

    sessions: Counter[int] = Counter()
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
            table(
                "work-areas",
                "Work areas",
                ["Work area", "Target", "Members able now", "Weeks short", "Sessions"],
                rows,
            )
        ],
        "charts": [],
    }


def ladder_section(session_rows) -> dict:

    rungs: Counter[str] = Counter()
    for row in session_rows:
        rungs[row["ladder_rung"] or ""] += row["n"]
    choices = list(reversed(LadderRung.choices))
    placed = sum(rungs.get(value, 0) for value, _ in choices)
    return {
        "intro": "Staff place each session on Think Local Act Personal's ladder of "
        "co-production, from co-production at the top down to coercion.",
        "tables": [
            table(
                "ladder",
                "Sessions on each rung",
                ["Rung", "Sessions", "Share of those placed"],
                [[label, rungs.get(v, 0), percent(rungs.get(v, 0), placed)] for v, label in choices]
                + [["Not placed on the ladder", rungs.get("", 0), ""]],
            )
        ],
        "charts": [
            chart(
                "hbar",
                "Sessions on each rung of the ladder",
                [label for _, label in choices],
                [rungs.get(v, 0) for v, _ in choices],
                "Bar chart of sessions on each rung: "
                + "; ".join(f"{label} {rungs.get(v, 0)}" for v, label in choices)
                + ".",
                table="ladder",
            )
        ],
    }


def without_a_meeting_section(collaboration, since, until, t) -> dict:
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
            table("without-a-meeting", "Contributions and short-task answers", ["", "Count"], rows)
        ],
        "charts": [],
    }
