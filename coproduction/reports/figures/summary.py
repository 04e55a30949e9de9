"""The key figures on a report's first page, each with a small chart.

Built only from what the sections already show: counts of people arrive as display values,
suppressed by the section exactly as its table shows them, so the summary can never show a
number the rest of the report hides. Counts of things (sessions, claims, actions, agenda
items) are shown as the sections show them.
"""

from coproduction.reports.figures.common import chart, percent, visible


def _small_chart(kind: str, title: str, labels: list[str], values: list, alt: str, **extra) -> dict:
    return chart(kind, title, labels, values, alt) | {"size": "small"} | extra


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _listed(labels: list[str], shown: list[str]) -> str:
    return "; ".join(f"{label} {value}" for label, value in zip(labels, shown, strict=True))


def _people(membership: dict, sessions: dict) -> dict:
    labels = ["Came to a session", "Joined", "Term ended"]
    shown = [sessions["people"], membership["joined"], membership["term_ended"]]
    return {
        "id": "people",
        "title": "People",
        "section": "membership",
        "figures": [
            {"value": shown[0], "label": "members with lived experience came to a session"},
            {"value": shown[1], "label": "joined"},
            {"value": shown[2], "label": "reached the end of their term"},
        ],
        "chart": _small_chart(
            "bar",
            "People",
            labels,
            [visible(value) for value in shown],
            f"Bar chart of people: {_listed(labels, shown)}. A hidden figure is a gap.",
        ),
    }


def _sessions(sessions: dict) -> dict:
    figures = [
        {"value": str(sessions["sessions"]), "label": "sessions held"},
        {
            "value": str(sessions["attendances"]),
            "label": "times a member with lived experience came",
        },
    ]
    if sessions["sessions"]:
        figures.append(
            {
                "value": sessions["per_session"],
                "label": "members with lived experience at each session, on average",
            }
        )
    months = sessions["months"]
    busiest = max(
        range(len(months)), key=lambda n: sessions["attendances_by_month"][n], default=None
    )
    alt = "Bar chart of sessions held and members' attendances each month"
    if busiest is not None and sessions["attendances_by_month"][busiest]:
        alt += (
            f"; the most attendances were in {sessions['month_names'][busiest]}: "
            f"{sessions['attendances_by_month'][busiest]}, at "
            f"{sessions['sessions_by_month'][busiest]} sessions"
        )
    return {
        "id": "sessions",
        "title": "Sessions",
        "section": "sessions",
        "figures": figures,
        "chart": _small_chart(
            "bar",
            "Sessions and attendances by month",
            months,
            sessions["sessions_by_month"],
            alt + ". The Sessions and attendance section gives every month's figures.",
            compare=sessions["attendances_by_month"],
            names=["Sessions", "Attendances"],
        ),
    }


def _paid_time(payments: dict, t: int) -> dict:
    card = {"id": "paid-time", "title": "Paid time", "section": "payments"}
    if payments.get("withheld"):
        return card | {
            "figures": [{"value": "Not shown", "label": f"fewer than {t} people were paid"}],
            "chart": None,
        }
    labels = ["Sessions and tasks", "Preparation"]
    hours = [payments["session_hours"], payments["preparation_hours"]]
    return card | {
        "figures": [
            {"value": payments["hours"], "label": "hours paid for, preparation included"},
            {"value": payments["fees"], "label": "paid for time"},
            {"value": payments["people"], "label": "people paid"},
        ],
        "chart": _small_chart(
            "hbar",
            "Hours paid for",
            labels,
            hours,
            f"Bar chart of hours paid for: {_listed(labels, [f'{h:g}' for h in hours])}.",
        ),
    }


def _paying_on_time(payments: dict) -> dict:
    card = {"id": "paying-on-time", "title": "Paying on time", "section": "payments"}
    claims, within, target = payments["claims"], payments["within"], payments["target"]
    if not claims:
        return card | {
            "figures": [{"value": "0", "label": "claims paid in the period"}],
            "chart": None,
        }
    labels = [f"Within {target} days", "Later"]
    counts = [within, claims - within]
    return card | {
        "figures": [
            {"value": f"{payments['median']} days", "label": "to pay half of all claims"},
            {"value": percent(within, claims), "label": f"paid within the {target}-day target"},
            {"value": str(claims), "label": "claims paid"},
        ],
        "chart": _small_chart(
            "hbar",
            "Claims paid on time",
            labels,
            counts,
            f"Bar chart of claims paid: {_listed(labels, [str(n) for n in counts])}.",
        ),
    }


def _acting_on_feedback(actions: dict) -> dict:
    card = {"id": "acting-on-feedback", "title": "Acting on feedback", "section": "feedback"}
    raised, closed = actions["raised"], actions["done"] + actions["answered"]
    if not raised:
        return card | {
            "figures": [{"value": "0", "label": "actions raised in the period"}],
            "chart": None,
        }
    labels = ["Done", "Answered, not done", "Still open"]
    counts = [actions["done"], actions["answered"], actions["open"]]
    return card | {
        "figures": [
            {
                "value": f"{closed} of {raised}",
                "label": f"actions were done or answered with a reason ({percent(closed, raised)})",
            },
            {"value": str(actions["open"]), "label": "still open or in progress"},
        ],
        "chart": _small_chart(
            "hbar",
            "What became of the actions",
            labels,
            counts,
            f"Bar chart of actions raised: {_listed(labels, [str(n) for n in counts])}.",
        ),
    }


def _who_led(shaping: dict) -> dict:
    items, member_items = shaping["items"], shaping["member_items"]
    sessions, chaired = shaping["sessions"], shaping["chaired"]
    figures = []
    if items:
        figures.append(
            {
                "value": percent(member_items, items),
                "label": f"of agenda items were proposed by members with lived experience "
                f"({member_items} of {items})",
            }
        )
    else:
        figures.append({"value": "0", "label": "agenda items in the period"})
    if sessions:
        figures.append(
            {
                "value": percent(chaired, sessions),
                "label": f"of sessions were chaired by a member with lived experience "
                f"({chaired} of {sessions})",
            }
        )
    labels = ["Agenda items proposed", "Sessions chaired"]
    shares = [_share(member_items, items), _share(chaired, sessions)]
    return {
        "id": "who-led",
        "title": "Who led",
        "section": "shaping",
        "figures": figures,
        "chart": _small_chart(
            "hbar",
            "Led by members with lived experience",
            labels,
            shares,
            "Bar chart of the share led by members with lived experience: "
            + _listed(labels, ["none" if s is None else f"{s}%" for s in shares])
            + ".",
            unit="%",
        ),
    }


def key_figures(keys: dict[str, dict], t: int) -> list[dict]:
    """The first page's key figures, from each section's `key` (see the sections)."""
    return [
        _people(keys["membership"], keys["sessions"]),
        _sessions(keys["sessions"]),
        _paid_time(keys["payments"], t),
        _paying_on_time(keys["payments"]),
        _acting_on_feedback(keys["feedback"]),
        _who_led(keys["shaping"]),
    ]
