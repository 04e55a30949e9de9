"""iCalendar: a person's private feed of their sessions, and one event to attach to an email.

Events carry the session's own time zone (TZID with a VTIMEZONE), so calendar apps show
the right local time on both sides of a clock change.
"""

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from sessions_app.models import Session


def _event(session: Session) -> Event:
    tz = ZoneInfo(session.time_zone)
    event = Event()
    event.add("uid", f"{session.code}@coproduction")
    event.add("summary", session.title)
    event.add("dtstart", session.starts_at.astimezone(tz))
    event.add("dtend", session.ends_at.astimezone(tz))
    event.add("dtstamp", session.created_at)
    event.add("status", "CANCELLED" if session.status == Session.Status.CANCELLED else "CONFIRMED")
    place = (
        session.venue.name if session.venue else session.video_link or session.get_mode_display()
    )
    event.add("location", place)
    path = reverse("sessions:session-detail", args=[session.collaboration.slug, session.code])
    event.add("url", settings.SITE_URL + path)
    event.add("description", session.brief_summary or f"{session.get_kind_display()}.")
    return event


def calendar_for(sessions: Iterable[Session], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Co-production platform//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for session in sessions:
        calendar.add_component(_event(session))
    calendar.add_missing_timezones()
    return calendar.to_ical()
