"""A report's figures, section by section."""

from datetime import date

from django.utils import timezone

from coproduction.models import Collaboration, Membership
from coproduction.reports.figures.common import bounds
from coproduction.reports.figures.money import payments_section
from coproduction.reports.figures.people import membership_section, representation_section
from coproduction.reports.figures.sessions import (
    ladder_section,
    session_rows_of,
    sessions_section,
    shaping_section,
    without_a_meeting_section,
    work_areas_section,
)
from coproduction.reports.figures.summary import key_figures
from coproduction.reports.figures.voices import (
    celebrations_section,
    feedback_section,
    reflections_section,
)

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


def report_figures(collaboration: Collaboration, start: date, end: date) -> dict:
    """Every figure of the report for `collaboration` from `start` to `end` (inclusive)."""
    t = collaboration.small_number_threshold
    since, until = bounds(start, end)
    now = timezone.now()
    sections = {
        "membership": membership_section(collaboration, start, end, since, until, t),
        "representation": representation_section(collaboration, t),
    }
    session_rows = session_rows_of(collaboration, since, min(until, now))
    sections["sessions"] = sessions_section(collaboration, session_rows, since, min(until, now), t)
    sections["shaping"] = shaping_section(collaboration, session_rows, since, min(until, now), t)
    sections["payments"] = payments_section(collaboration, start, end, t)
    sections["reflections"] = reflections_section(collaboration, start, end, t)
    sections["feedback"] = feedback_section(collaboration, start, end, t)
    sections["work-areas"] = work_areas_section(collaboration, session_rows, t)
    sections["ladder"] = ladder_section(session_rows)
    sections["without-a-meeting"] = without_a_meeting_section(collaboration, since, until, t)
    sections["celebrations"] = celebrations_section(collaboration, start, end)
    keys = {key: section.pop("key") for key, section in sections.items() if "key" in section}
    return {
        "collaboration": collaboration.name,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "threshold": t,
        "made_on": timezone.localdate().isoformat(),
        "summary": key_figures(keys, t),
        "sections": [{"id": key, "title": title, **sections[key]} for key, title in SECTIONS],
    }
