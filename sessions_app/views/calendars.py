"""A person's private calendar feed of their sessions, and renewing its address."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from coproduction.models import Membership
from coproduction.permissions import Action, collaboration_view
from sessions_app import calendars, services
from sessions_app.models import (
    CalendarFeed,
    Session,
    SessionInvite,
)

CALENDAR_NAME = "My co-production sessions"


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.VIEW_SESSIONS)
def calendar_settings(request: HttpRequest, membership: Membership) -> HttpResponse:
    if request.method == "POST":
        feed = services.calendar_feed_renew(user=membership.user)
        messages.success(request, "Here is your new calendar address. The old one no longer works.")
    else:
        feed = services.calendar_feed_for(user=membership.user)
    url = settings.SITE_URL + reverse("sessions:calendar-feed", args=[feed.token])
    return render(
        request,
        "sessions_app/calendar_settings.html",
        {"collaboration": membership.collaboration, "feed_url": url, **subscribe_links(url)},
    )


def subscribe_links(feed_url: str) -> dict[str, str]:
    """One-tap ways to subscribe to a feed: webcal (phones and Apple Calendar open it
    themselves), Google Calendar, and Outlook on the web (personal, and work or school)."""
    webcal = "webcal://" + feed_url.split("://", 1)[-1]
    outlook = urlencode({"url": feed_url, "name": CALENDAR_NAME})
    return {
        "webcal_url": webcal,
        "google_url": "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal}),
        "outlook_url": f"https://outlook.live.com/calendar/0/addfromweb?{outlook}",
        "office_url": f"https://outlook.office.com/calendar/0/addfromweb?{outlook}",
    }


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar.")
    sessions = (
        Session.objects.filter(invites__membership__user=feed.user)
        .exclude(invites__membership__user=feed.user, invites__response=SessionInvite.Response.NO)
        .select_related("collaboration", "venue")
        .distinct()
        .order_by("starts_at")
    )
    return HttpResponse(
        calendars.calendar_for(sessions, CALENDAR_NAME), content_type="text/calendar"
    )
