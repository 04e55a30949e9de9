"""Reflections (who sees them is the author's choice), celebrations, the ladder and Lundy."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership
from reflections.models import Action, Celebration, Reflection
from sessions_app.models import Session, SessionInvite
from tests.factories import MembershipFactory
from tests.reflections.test_feedback import _every_table_row

pytestmark = pytest.mark.django_db
SLUG = "river-valley"
HIDDEN = "I felt rushed when we talked about money"


@pytest.fixture
def session(collaboration, cast):
    start = timezone.now() - timedelta(days=1)
    session = Session.objects.create(
        collaboration=collaboration,
        title="Budget review",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    for who in ("member", "staff"):
        SessionInvite.objects.create(
            session=session, membership=Membership.objects.get(user=cast[who])
        )
    return session


def reflect(client, user, session, visibility, text=HIDDEN, **extra):
    client.force_login(user)
    return client.post(
        reverse("reflections:reflection-give", args=[SLUG]),
        {
            "about": "session",
            "session": session.pk,
            "feeling": "2",
            "could_be_better": text,
            "visibility": visibility,
            **extra,
        },
    )


def page(client, user, name="reflections:reflection-list"):
    client.force_login(user)
    return client.get(reverse(name, args=[SLUG])).content.decode()


def test_staff_only_reflections_are_invisible_to_other_members(
    client, cast, session, collaboration
):
    assert reflect(client, cast["member"], session, "staff").status_code == 302
    other = MembershipFactory(collaboration=collaboration)
    SessionInvite.objects.create(session=session, membership=other)
    assert HIDDEN not in page(client, other.user)
    assert HIDDEN in page(client, cast["staff"]) and "Shared with staff only" in page(
        client, cast["staff"]
    )
    assert HIDDEN in page(client, cast["member"])  # the author sees their own
    for role in ("trustee", "finance"):  # reflections are not for them at all
        client.force_login(cast[role])
        assert client.get(reverse("reflections:reflection-list", args=[SLUG])).status_code == 403


def test_named_reflections_for_everyone_carry_the_name_and_the_feeling(client, cast, session):
    reflect(client, cast["member"], session, "everyone", text="More breaks please")
    shown = page(client, MembershipFactory(collaboration=session.collaboration).user)
    assert "More breaks please" in shown and cast["member"].name in shown and "Not good" in shown


def test_anonymous_reflections_keep_no_author_and_wait_for_enough_of_them(
    client, cast, session, collaboration
):
    author = Membership.objects.get(user=cast["member"])
    reflect(client, cast["member"], session, "anonymous", REMOTE_ADDR="203.0.113.9")
    reflection = Reflection.objects.get()
    assert reflection.author is None
    identifiers = {str(author.code), cast["member"].email, cast["member"].name, "203.0.113.9"}
    for table, row in _every_table_row():
        values = {str(value) for value in row.values() if value is not None}
        if any(HIDDEN in value for value in values):
            assert table == Reflection._meta.db_table
            assert not identifiers & values
            assert not any(isinstance(v, type(timezone.now())) for v in row.values())
    assert HIDDEN not in page(client, cast["staff"])  # one of three: held back
    assert "held back until there are 3" in page(client, cast["staff"])
    for n in range(2):
        person = MembershipFactory(collaboration=collaboration)
        SessionInvite.objects.create(session=session, membership=person)
        reflect(client, person.user, session, "anonymous", text=f"{HIDDEN} {n}")
    shown = page(client, cast["staff"])
    assert HIDDEN in shown and cast["member"].name not in shown and "No name" in shown


def test_a_reflection_needs_something_in_it(client, cast, session):
    client.force_login(cast["member"])
    response = client.post(
        reverse("reflections:reflection-give", args=[SLUG]),
        {"about": "session", "session": session.pk, "visibility": "everyone"},
    )
    assert "Write something, or choose how it felt." in response.content.decode()
    assert not Reflection.objects.exists()


def test_a_quarterly_reflection(client, cast):
    client.force_login(cast["member"])
    quarter = f"{timezone.localdate().year}-Q{(timezone.localdate().month - 1) // 3 + 1}"
    client.post(
        reverse("reflections:reflection-give", args=[SLUG]),
        {
            "about": "quarter",
            "quarter": quarter,
            "went_well": "We changed the letter",
            "visibility": "everyone",
        },
    )
    reflection = Reflection.objects.get()
    assert reflection.quarter == quarter and reflection.session is None


def test_a_reflection_becomes_an_action_without_exposing_a_staff_only_text(client, cast, session):
    reflect(client, cast["member"], session, "staff")
    reflection = Reflection.objects.get()
    client.force_login(cast["staff"])
    client.post(
        reverse("reflections:action-from-reflection", args=[SLUG, reflection.code]),
        {"title": "Slow down the money item"},
    )
    action = Action.objects.get()
    assert action.raised_by.user == cast["member"] and action.reflection == reflection
    board = page(
        client,
        MembershipFactory(collaboration=session.collaboration).user,
        "reflections:action-board",
    )
    assert "Slow down the money item" in board and HIDDEN not in board


def test_the_reflection_prompt_links_to_the_reflection_form(cast, session):
    from coproduction.models import Message
    from sessions_app.reminders import produce_session_messages

    SessionInvite.objects.filter(session=session).update(attendance="attended")
    produce_session_messages(now=timezone.now())
    prompt = Message.objects.filter(kind="reflection").first()
    assert f"/c/{SLUG}/reflections/new/?session={session.code}" in prompt.body


def test_everyone_sees_celebrations_and_everyone_taking_part_adds_them(client, cast, collaboration):
    from tests.support.forms import date_fields

    client.force_login(cast["member"])
    response = client.post(
        reverse("reflections:celebration-list", args=[SLUG]),
        {
            "title": "The council changed the form",
            **date_fields("happened_on", timezone.localdate()),
        },
    )
    assert response.status_code == 302
    assert Celebration.objects.get().added_by.user == cast["member"]
    assert "The council changed the form" in page(
        client, cast["trustee"], "reflections:celebration-list"
    )
    alumnus = MembershipFactory(collaboration=collaboration, status=Membership.Status.ALUMNI)
    client.force_login(alumnus.user)
    refused = client.post(reverse("reflections:celebration-list", args=[SLUG]), {"title": "x"})
    assert refused.status_code == 403


def test_trustees_see_what_was_celebrated_but_not_who_added_it(client, cast, collaboration):
    Celebration.objects.create(
        collaboration=collaboration,
        title="The council changed the form",
        happened_on=timezone.localdate(),
        added_by=Membership.objects.get(user=cast["member"]),
    )
    name = cast["member"].shown_name
    assert f"added by {name}" in page(client, cast["staff"], "reflections:celebration-list")
    for_trustees = page(client, cast["trustee"], "reflections:celebration-list")
    assert "The council changed the form" in for_trustees
    assert name not in for_trustees


def test_staff_place_a_session_on_the_ladder_and_record_the_lundy_checklist(client, cast, session):
    from sessions_app.forms import SessionChangeForm

    form = SessionChangeForm(instance=session)
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    local = timezone.localtime(session.starts_at)
    data.update(
        {
            "day_0": local.day,
            "day_1": local.month,
            "day_2": local.year,
            "start": local.strftime("%H:%M"),
            "duration": 60,
            "ladder_rung": "co_design",
            "lundy_voice": "Young people chose the questions",
            "status": "scheduled",
            "mode": "phone",
            "phone_details": "0300 123 4567",
        }
    )
    data.pop("venue", None)
    data.pop("chair", None)
    client.force_login(cast["staff"])
    response = client.post(reverse("sessions:session-edit", args=[SLUG, session.code]), data)
    assert response.status_code == 302, re.findall(r"<li>[^<]*</li>", response.content.decode())
    session.refresh_from_db()
    assert session.ladder_rung == "co_design"
    detail = page(client, cast["member"], "sessions:session-list")
    client.force_login(cast["member"])
    detail = client.get(
        reverse("sessions:session-detail", args=[SLUG, session.code])
    ).content.decode()
    assert "Co-design" in detail and "Young people chose the questions" in detail
    assert "Reflect on this session" in detail


def test_an_agenda_outcome_becomes_an_action_credited_to_who_suggested_it(client, cast, session):
    from sessions_app.models import AgendaItem

    proposer = Membership.objects.get(user=cast["member"])
    item = AgendaItem.objects.create(session=session, title="Bus passes", proposed_by=proposer)
    url = reverse("reflections:action-from-agenda-item", args=[SLUG, item.code])
    client.force_login(cast["staff"])
    client.post(url, {"title": "Ask the council"})
    assert not Action.objects.exists()  # no outcome yet: nothing to act on
    AgendaItem.objects.filter(pk=item.pk).update(outcome="Free passes for members under 19")
    client.post(url, {"title": "Ask the council"})
    client.post(url, {"title": "Twice"})
    action = Action.objects.get()
    assert action.agenda_item == item and action.raised_by == proposer
    assert action.raised == "Bus passes: Free passes for members under 19"
    detail = client.get(reverse("sessions:session-detail", args=[SLUG, session.code]))
    assert 'On "you said, we did": Ask the council' in detail.content.decode()


def test_a_hostile_action_title_is_refused_with_a_message_not_a_server_error(client, cast, session):
    from reflections.models import Feedback

    feedback = Feedback.objects.create(
        collaboration=session.collaboration, text="Too late", received_on=timezone.localdate()
    )
    client.force_login(cast["staff"])
    url = reverse("reflections:action-from-feedback", args=[SLUG, feedback.pk])
    response = client.post(url, {"title": "bad\x00title"}, follow=True)
    assert response.status_code == 200 and "can&#x27;t be saved" in response.content.decode()
    assert not Action.objects.exists()
