"""The register: one row per person, came / did not come / sent apologies, filled in one
submit, with "mark everyone who said yes as came", and only once the session has started."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership
from sessions_app.models import Session, SessionInvite
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
Attendance = SessionInvite.Attendance


def _session(collaboration, *, starts_in: timedelta, people: int) -> Session:
    starts = timezone.now() + starts_in
    session = Session.objects.create(
        collaboration=collaboration,
        title="Bus routes",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    for n in range(people):
        member = MembershipFactory(collaboration=collaboration, user=UserFactory(name=f"P {n:02}"))
        response = SessionInvite.Response.YES if n % 3 else SessionInvite.Response.NO
        SessionInvite.objects.create(session=session, membership=member, response=response)
    return session


def _urls(session):
    slug = session.collaboration.slug
    return (
        reverse("sessions:session-detail", args=[slug, session.code]),
        reverse("sessions:session-attendance", args=[slug, session.code]),
    )


@pytest.fixture
def staff(client, cast):
    client.force_login(cast["staff"])
    return client


def test_before_the_start_there_is_no_register_and_nothing_can_be_marked(staff, collaboration):
    session = _session(collaboration, starts_in=timedelta(hours=2), people=3)
    page_url, register_url = _urls(session)
    page = staff.get(page_url).content.decode()
    assert "You can fill in the register once the session starts" in page
    assert 'type="radio" name="invite_' not in page
    invite = session.invites.first()
    response = staff.post(register_url, {f"invite_{invite.pk}": "attended"}, follow=True)
    assert "once the session has started" in response.content.decode()
    invite.refresh_from_db()
    assert invite.attendance == Attendance.UNKNOWN


def test_thirty_people_are_marked_in_one_submit(staff, collaboration):
    session = _session(collaboration, starts_in=-timedelta(minutes=30), people=30)
    page_url, register_url = _urls(session)
    page = staff.get(page_url).content.decode()
    assert page.count('type="radio" name="invite_') == 90  # three marks for each of 30
    invites = list(session.invites.order_by("pk"))
    marks = [Attendance.ATTENDED, Attendance.ABSENT, Attendance.APOLOGIES]
    data = {f"invite_{invite.pk}": marks[n % 3] for n, invite in enumerate(invites)}
    response = staff.post(register_url, data, follow=True)
    assert "The register is saved: 30 changes." in response.content.decode()
    saved = dict(session.invites.values_list("pk", "attendance"))
    assert saved == {invite.pk: marks[n % 3] for n, invite in enumerate(invites)}


def test_everyone_who_said_yes_is_marked_as_came_and_other_marks_are_kept(staff, collaboration):
    session = _session(collaboration, starts_in=-timedelta(minutes=30), people=6)
    _, register_url = _urls(session)
    said_yes = list(session.invites.filter(response=SessionInvite.Response.YES))
    kept_away = said_yes[0]  # said yes, but staff mark them as not there in the same submit
    staff.post(register_url, {"said_yes": "1", f"invite_{kept_away.pk}": "absent"})
    saved = dict(session.invites.values_list("pk", "attendance"))
    assert saved[kept_away.pk] == Attendance.ABSENT
    for invite in said_yes[1:]:
        assert saved[invite.pk] == Attendance.ATTENDED
    for invite in session.invites.exclude(response=SessionInvite.Response.YES):
        assert saved[invite.pk] == Attendance.UNKNOWN


def test_a_person_left_blank_keeps_their_mark_and_a_bad_mark_is_refused(staff, collaboration):
    session = _session(collaboration, starts_in=-timedelta(minutes=30), people=2)
    _, register_url = _urls(session)
    first, second = session.invites.order_by("pk")
    SessionInvite.objects.filter(pk=first.pk).update(attendance=Attendance.ATTENDED)
    staff.post(register_url, {f"invite_{second.pk}": "apologies"})
    assert dict(session.invites.values_list("pk", "attendance")) == {
        first.pk: Attendance.ATTENDED,
        second.pk: Attendance.APOLOGIES,
    }
    response = staff.post(register_url, {f"invite_{second.pk}": "asleep"}, follow=True)
    assert response.status_code == 200
    assert "Choose came, did not come or sent apologies" in response.content.decode()
    second.refresh_from_db()
    assert second.attendance == Attendance.APOLOGIES


def test_the_register_costs_the_same_queries_for_3_people_as_for_30(staff, collaboration, settings):
    settings.PAGE_CACHE = False  # what drawing the page costs
    counts = []
    for people in (3, 30):
        session = _session(collaboration, starts_in=-timedelta(minutes=30), people=people)
        page_url, _ = _urls(session)
        staff.get(page_url)  # warm per-process caches
        with CaptureQueriesContext(connection) as queries:
            assert staff.get(page_url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_members_never_see_the_register(client, cast, collaboration):
    session = _session(collaboration, starts_in=-timedelta(minutes=30), people=2)
    member = Membership.objects.get(user=cast["member"])
    SessionInvite.objects.create(session=session, membership=member)
    client.force_login(cast["member"])
    page_url, register_url = _urls(session)
    assert 'name="said_yes"' not in client.get(page_url).content.decode()
    assert client.post(register_url, {"said_yes": "1"}).status_code == 403
