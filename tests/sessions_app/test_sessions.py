import html
import re
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from coproduction.models import Membership, WorkArea
from coproduction.outbox import sms
from sessions_app import services
from sessions_app.links import invite_answer_url
from sessions_app.models import AgendaItem, CalendarFeed, Poll, Session, SessionInvite, Venue
from tests.factories import MembershipFactory, UserFactory
from tests.support.forms import date_fields

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def area(collaboration, member, cast):
    area = WorkArea.objects.create(collaboration=collaboration, name="Transport")
    Membership.objects.get(user=member).work_areas.add(area)
    return area


@pytest.fixture
def session(collaboration, cast, member):
    session = Session.objects.create(
        collaboration=collaboration,
        title="Bus routes",
        starts_at=timezone.now() + timedelta(days=10),
        ends_at=timezone.now() + timedelta(days=10, hours=1),
    )
    for user in (member, cast["staff"]):
        SessionInvite.objects.create(session=session, membership=Membership.objects.get(user=user))
    return session


def test_staff_plan_a_session_and_invitees_get_a_one_tap_link_and_a_calendar_file(
    client, cast, collaboration, member, area, django_capture_on_commit_callbacks
):
    venue = Venue.objects.create(collaboration=collaboration, name="Youth centre", step_free=True)
    texter = MembershipFactory(
        collaboration=collaboration, user=UserFactory(email=None, phone="+447700900333")
    )
    staff_membership = Membership.objects.get(user=cast["staff"])
    client.force_login(cast["staff"])
    day = timezone.localdate() + timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sessions:session-create", args=[collaboration.slug]),
            {
                "title": "Transport group",
                "kind": "work_area",
                "mode": "in_person",
                "venue": venue.pk,
                "work_area": area.pk,
                "people": [texter.pk],
                "facilitators": [staff_membership.pk],
                **date_fields("day", day),
                "start": "6pm",
                "duration": "90",
            },
        )
    assert response.status_code == 302
    session = Session.objects.get(title="Transport group")
    assert session.starts_at.astimezone(LONDON).time() == time(18)
    assert session.duration_minutes == 90
    invited = set(session.invites.values_list("membership__user__name", flat=True))
    assert invited == {member.name, texter.user.name, cast["staff"].name}
    emails = {m.to[0]: m for m in mail.outbox}
    assert member.email in emails and "/answer/" in emails[member.email].body
    ics = emails[member.email].attachments[0]
    assert ics.mimetype == "text/calendar"
    assert [m.to for m in sms.outbox] == ["+447700900333"] and "/answer/" in sms.outbox[0].body


def test_a_session_needs_a_place_or_link_and_a_facilitator(client, cast, collaboration, area):
    client.force_login(cast["staff"])
    response = client.post(
        reverse("sessions:session-create", args=[collaboration.slug]),
        {
            "title": "X",
            "kind": "whole",
            "mode": "video",
            "work_area": area.pk,
            "start": "25:00",
            "duration": "60",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"video_link", "facilitators", "day", "start"} <= set(errors)
    assert not Session.objects.exists()


def test_opening_the_answer_link_changes_nothing_and_one_tap_answers(client, session, member):
    invite = session.invites.get(membership__user=member)
    path = invite_answer_url(invite).split("testserver")[-1].split("localhost:8000")[-1]
    assert client.get(path).status_code == 200
    invite.refresh_from_db()
    assert invite.response == SessionInvite.Response.PENDING  # email scanners open links
    page = client.post(path, {"response": "yes"})
    invite.refresh_from_db()
    assert invite.response == "yes" and "Your answer" in page.content.decode()
    client.post(path, {"response": "sometimes"})
    invite.refresh_from_db()
    assert invite.response == "yes"


def test_a_tampered_answer_link_is_refused(client, db):
    assert client.get("/answer/not-a-token/").status_code == 404


def test_invitees_propose_agenda_items_credited_to_them_until_the_brief_goes_out(
    client, session, member, cast
):
    client.force_login(member)
    url = reverse("sessions:agenda-item-create", args=[session.collaboration.slug, session.code])
    client.post(url, {"title": "Night buses", "description": "They stop at 11"})
    item = AgendaItem.objects.get()
    assert item.proposed_by.user == member
    page = client.get(
        reverse("sessions:session-detail", args=[session.collaboration.slug, session.code])
    ).content.decode()
    assert "Night buses" in page and f"suggested by {member.shown_name}" in page

    Session.objects.filter(pk=session.pk).update(brief_sent_at=timezone.now())
    client.post(url, {"title": "Too late"})
    assert AgendaItem.objects.count() == 1


def test_people_not_invited_cannot_see_the_session(client, session, collaboration):
    other = MembershipFactory(collaboration=collaboration)
    client.force_login(other.user)
    assert (
        client.get(
            reverse("sessions:session-detail", args=[collaboration.slug, session.code])
        ).status_code
        == 404
    )
    listing = client.get(
        reverse("sessions:session-list", args=[collaboration.slug])
    ).content.decode()
    assert "Bus routes" not in listing


def test_staff_order_agenda_items(client, session, cast, member):
    proposer = Membership.objects.get(user=member)
    services.agenda_item_propose(
        session=session, proposed_by=proposer, title="First", description=""
    )
    second = services.agenda_item_propose(
        session=session, proposed_by=proposer, title="Second", description=""
    )
    client.force_login(cast["staff"])
    slug = session.collaboration.slug
    client.post(
        reverse("sessions:agenda-item-move", args=[slug, session.code, second.code]),
        {"direction": "up"},
    )
    assert list(session.agenda_items.values_list("title", flat=True)) == ["Second", "First"]


def test_staff_record_attendance_and_members_check_in_by_qr_link(client, session, cast, member):
    slug = session.collaboration.slug
    member_invite = session.invites.get(membership__user=member)
    staff_invite = session.invites.get(membership__user=cast["staff"])
    client.force_login(member)
    wrong = client.post(
        reverse("sessions:session-check-in", args=[slug, session.code, "wrong-secret"])
    )
    assert wrong.status_code == 404
    client.post(
        reverse("sessions:session-check-in", args=[slug, session.code, session.check_in_secret])
    )
    member_invite.refresh_from_db()
    assert member_invite.attendance == "attended" and member_invite.checked_in

    client.force_login(cast["staff"])
    with time_machine.travel(session.starts_at + timedelta(minutes=5)):  # the register opens
        client.post(
            reverse("sessions:session-attendance", args=[slug, session.code]),
            {f"invite_{member_invite.pk}": "attended", f"invite_{staff_invite.pk}": "apologies"},
        )
    staff_invite.refresh_from_db()
    assert (
        staff_invite.attendance == "apologies"
        and staff_invite.attendance_recorded_by == cast["staff"]
    )


def test_a_poll_collects_answers_and_the_confirmed_time_becomes_the_session(
    client, cast, collaboration, member, area, django_capture_on_commit_callbacks
):
    starts = [datetime(2027, 2, 2, 18, tzinfo=LONDON), datetime(2027, 2, 4, 18, tzinfo=LONDON)]
    with (
        time_machine.travel(datetime(2027, 1, 20, 12, tzinfo=UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.force_login(cast["staff"])  # inside: a login from "today" would have expired
        client.post(
            reverse("sessions:poll-create", args=[collaboration.slug]),
            {
                "work_area": area.pk,
                "people": [Membership.objects.get(user=cast["staff"]).pk],
                **date_fields("first_day", date(2027, 2, 1)),
                **date_fields("last_day", date(2027, 2, 7)),
                "duration": "60",
                "earliest": "9",
                "latest": "21",
                "options": [s.isoformat() for s in starts],
                "title": "Transport: February",
            },
        )
    poll = Poll.objects.get()
    assert poll.options.count() == 2
    link = next(m for m in mail.outbox if m.to == [member.email]).body
    path = re.search(r"/poll/\S+/", link).group(0)
    client.logout()
    options = list(poll.options.all())
    client.post(path, {f"option_{options[0].pk}": "no", f"option_{options[1].pk}": "yes"})
    assert dict(poll.options.values_list("answers__answer", "pk")) == {
        "no": options[0].pk,
        "yes": options[1].pk,
    }

    client.force_login(cast["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sessions:poll-confirm", args=[collaboration.slug, poll.code]),
            {"option": str(options[1].code)},
        )
    session = Session.objects.get(poll=poll)
    assert response.url.endswith(f"/sessions/{session.code}/")
    assert session.starts_at == starts[1]
    assert session.invites.filter(membership__user=member).exists()


def test_the_calendar_feed_validates_and_keeps_local_time_across_the_clock_change(
    client, collaboration, member
):
    me = Membership.objects.get(user=member)
    for day in (date(2027, 3, 25), date(2027, 4, 1)):  # clocks go forward on 28 March 2027
        s = Session.objects.create(
            collaboration=collaboration,
            title=f"Evening {day}",
            starts_at=datetime.combine(day, time(18), LONDON),
            ends_at=datetime.combine(day, time(19, 30), LONDON),
        )
        SessionInvite.objects.create(session=s, membership=me)
    declined = Session.objects.create(
        collaboration=collaboration,
        title="Declined",
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    SessionInvite.objects.create(session=declined, membership=me, response="no")
    feed = services.calendar_feed_for(user=member)

    response = client.get(reverse("sessions:calendar-feed", args=[feed.token]))
    calendar = Calendar.from_ical(response.content)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [str(e["summary"]) for e in events] == ["Evening 2027-03-25", "Evening 2027-04-01"]
    for event in events:
        start = event.decoded("dtstart")
        assert event["dtstart"].params["TZID"] == "Europe/London"
        assert (start.hour, start.minute) == (18, 0)
    assert [e.decoded("dtstart").utcoffset() for e in events] == [timedelta(0), timedelta(hours=1)]
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/London"


def test_a_new_calendar_address_stops_the_old_one(client, collaboration, member):
    old = services.calendar_feed_for(user=member).token
    client.force_login(member)
    client.post(reverse("sessions:calendar-settings", args=[collaboration.slug]))
    assert client.get(reverse("sessions:calendar-feed", args=[old])).status_code == 404
    new = CalendarFeed.objects.get(user=member).token
    assert client.get(reverse("sessions:calendar-feed", args=[new])).status_code == 200


def test_the_calendar_page_offers_one_tap_subscriptions(client, collaboration, member):
    client.force_login(member)
    page = client.get(reverse("sessions:calendar-settings", args=[collaboration.slug]))
    feed = settings.SITE_URL + reverse(
        "sessions:calendar-feed", args=[CalendarFeed.objects.get(user=member).token]
    )
    links = dict(re.findall(r'href="([^"]+)"[^>]*>(Add to[^<]+)<', page.content.decode()))
    by_label = {label: html.unescape(href) for href, label in links.items()}
    assert (
        by_label["Add to the calendar on this phone or computer"]
        == "webcal://" + feed.split("://")[1]
    )
    google = urlsplit(by_label["Add to Google Calendar"])
    assert google.netloc == "calendar.google.com"
    assert parse_qs(google.query)["cid"] == ["webcal://" + feed.split("://")[1]]
    for label in ("Add to Outlook.com", "Add to Outlook for work or school"):
        outlook = urlsplit(by_label[label])
        assert outlook.path == "/calendar/0/addfromweb"
        assert parse_qs(outlook.query)["url"] == [feed]


def test_find_a_time_shows_suggestions_with_reasons(client, cast, collaboration, member, area):
    from members.models import Commitment

    Commitment.objects.create(
        user=member,
        kind="exam",
        share_reason=True,
        starts_on=date(2027, 5, 3),
        ends_on=date(2027, 5, 3),
    )
    with time_machine.travel(datetime(2027, 4, 20, 12, tzinfo=UTC)):
        client.force_login(cast["staff"])
        page = client.get(
            reverse("sessions:session-find-time", args=[collaboration.slug]),
            {
                "work_area": area.pk,
                "people": [Membership.objects.get(user=cast["staff"]).pk],
                **date_fields("first_day", date(2027, 5, 3)),
                **date_fields("last_day", date(2027, 5, 4)),
                "duration": "60",
                "earliest": "9",
                "latest": "21",
            },
        ).content.decode()
    assert "Tuesday 4 May" in page and "1 of 1 members can come" in page
    assert "Plan a session at this time" in page


def test_people_who_have_stepped_away_are_not_invited(cast, collaboration, area, member):
    from members.services import membership_step_away

    away = Membership.objects.get(user=member)
    membership_step_away(
        membership=away,
        return_on=timezone.localdate() + timedelta(days=30),
        reason="",
        share_reason=False,
    )
    back_soon = MembershipFactory(collaboration=collaboration)
    back_soon.work_areas.add(area)
    membership_step_away(
        membership=back_soon,
        return_on=timezone.localdate() + timedelta(days=3),
        reason="",
        share_reason=False,
    )
    staff = Membership.objects.get(user=cast["staff"])
    starts = timezone.now() + timedelta(days=10)
    session = services.session_create(
        collaboration=collaboration,
        created_by=cast["staff"],
        data={
            "title": "T",
            "kind": "work_area",
            "mode": "phone",
            "work_area": area,
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=1),
            "time_zone": "Europe/London",
            "venue": None,
            "video_link": "",
            "phone_details": "0800",
            "chair": None,
        },
        invitees=[away, back_soon],
        facilitators=[staff],
    )
    assert set(session.invites.values_list("membership", flat=True)) == {back_soon.pk, staff.pk}


def test_moving_a_session_tells_everyone_invited(
    client, session, cast, member, django_capture_on_commit_callbacks
):
    client.force_login(cast["staff"])
    new_day = timezone.localdate() + timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sessions:session-edit", args=[session.collaboration.slug, session.code]),
            {
                "title": "Bus routes",
                "mode": "phone",
                "phone_details": "Call 0800 000 000",
                "status": "scheduled",
                **date_fields("day", new_day),
                "start": "5pm",
                "duration": "60",
            },
        )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (
        timezone.localtime(session.starts_at).date() == new_day
        and session.starts_at.astimezone(LONDON).hour == 17
    )
    assert {m.to[0] for m in mail.outbox} == {member.email, cast["staff"].email}


def test_staff_add_a_venue_with_its_access_features(client, cast, collaboration):
    client.force_login(cast["staff"])
    client.post(
        reverse("sessions:venue-list", args=[collaboration.slug]),
        {"name": "Library", "step_free": "on", "hearing_loop": "on"},
    )
    venue = Venue.objects.get()
    assert venue.access_features() == ["step-free access", "hearing loop"]


def test_the_preparation_time_offered_is_kept_when_a_session_is_planned(
    client, cast, collaboration
):
    """A field on the form that the service did not save once dropped it silently."""
    from sessions_app.forms import SessionForm
    from sessions_app.services import SESSION_FIELDS

    assert set(SESSION_FIELDS) <= set(SessionForm(collaboration=collaboration).fields) | {
        "starts_at",
        "ends_at",
        "time_zone",
    }
    assert "preparation_minutes" in SESSION_FIELDS
