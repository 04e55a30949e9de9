import json
from datetime import date

from django.apps import apps
from django.urls import reverse

from coproduction.models import Membership
from members import erasure, services
from members.models import AccessNeeds, Availability, Commitment, MonitoringResponse, Profile, User
from tests.factories import MembershipFactory, UserFactory


def _fill_records(user, membership, *, marker):
    Profile.objects.create(
        user=user, pronouns=f"{marker}-pronouns", postal_address=f"{marker} Road"
    )
    AccessNeeds.objects.create(user=user, notes=f"{marker}-needs")
    Availability.objects.create(user=user, weekly=["0-evening"])
    Commitment.objects.create(
        user=user, kind="caring", reason=f"{marker}-caring", starts_on=date(2026, 1, 5)
    )
    services.membership_step_away(
        membership=membership, return_on=None, reason=f"{marker}-away", share_reason=False
    )
    MonitoringResponse.objects.create(
        membership=membership, age_band="18_24", ethnicity="white", disability="no", gender="man"
    )


def test_the_export_holds_every_record_about_the_member_and_nothing_about_anyone_else(
    client, collaboration, cast
):
    me = UserFactory(name="Jordan Lee", email="jordan@example.org")
    mine = MembershipFactory(collaboration=collaboration, user=me)
    _fill_records(me, mine, marker="MINE")
    other = UserFactory(name="Other Person", email="other@example.org")
    _fill_records(
        other, MembershipFactory(collaboration=collaboration, user=other), marker="THEIRS"
    )
    # Staff change something on my behalf: the export says so without naming them.
    client.force_login(cast["staff"])
    client.post(
        reverse("members:person-access-needs-edit", args=[collaboration.slug, mine.code]),
        {"notes": "MINE-by-phone"},
    )

    client.force_login(me)
    response = client.get(
        reverse("members:person-export", args=[collaboration.slug, mine.code]) + "?format=json"
    )
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    text = json.dumps(data)
    for expected in (
        "Jordan Lee",
        "jordan@example.org",
        "MINE-pronouns",
        "MINE Road",
        "MINE-by-phone",
        "0-evening",
        "MINE-caring",
        "MINE-away",
        "white",
        collaboration.name,
    ):
        assert expected in text, expected
    for foreign in (
        "THEIRS",
        "Other Person",
        "other@example.org",
        cast["staff"].name,
        cast["staff"].email,
    ):
        assert foreign not in text, foreign
    assert any(entry["by"] == "staff, on your behalf" for entry in data["history_of_changes"])

    readable = client.get(
        reverse("members:person-export", args=[collaboration.slug, mine.code])
    ).content.decode()
    assert "MINE-caring" in readable and "THEIRS" not in readable


def test_every_personal_model_appears_in_the_export():
    """A new model holding personal data must be added to the export (and to erasure)."""
    from pathlib import Path

    from members import erasure, exports

    for module in (exports, erasure):
        source = Path(module.__file__).read_text()
        for model in apps.get_app_config("members").get_models():
            if model.__name__.startswith("Historical") or model.__name__ in (
                "User",
                "MonitoringQuestion",
            ):
                continue
            assert model.__name__ in source, f"{model.__name__} is missing from {module.__name__}"


def test_erasure_removes_personal_data_and_keeps_an_anonymous_membership(collaboration):
    user = UserFactory(name="Ruby Hughes", email="ruby@example.org")
    membership = MembershipFactory(collaboration=collaboration, user=user)
    _fill_records(user, membership, marker="RUBY")
    erasure.person_erase(user=user)

    user.refresh_from_db()
    assert user.name == erasure.ERASED_NAME and user.email is None and not user.is_active
    assert Membership.objects.get(pk=membership.pk).status == Membership.Status.ALUMNI
    for model in apps.get_app_config("members").get_models():
        if model is User or model.__name__ == "MonitoringQuestion":
            continue
        for row in model.objects.all():
            assert "RUBY" not in json.dumps([str(v) for v in row.__dict__.values()]), model.__name__
    assert not MonitoringResponse.objects.exists()


def test_an_admin_erases_a_member_after_confirming(client, cast, collaboration):
    subject = Membership.objects.get(user=cast["member"])
    client.force_login(cast["admin"])
    url = reverse("members:person-erase", args=[collaboration.slug, subject.code])
    assert client.get(url).status_code == 200
    client.post(url, {"confirm": "erase"})
    assert User.objects.get(pk=cast["member"].pk).erased_at is not None


def test_the_export_includes_sessions_answers_agenda_items_edits_and_messages(
    client, collaboration, member, cast
):
    from datetime import timedelta

    from django.utils import timezone

    from coproduction.models import Message
    from sessions_app.models import AgendaItem, Session, SessionInvite

    me = Membership.objects.get(user=member)
    session = Session.objects.create(
        collaboration=collaboration,
        title="Buses",
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=1),
    )
    SessionInvite.objects.create(
        session=session, membership=me, response="yes", attendance="attended"
    )
    AgendaItem.objects.create(session=session, title="Night buses", proposed_by=me)
    Message.objects.create(
        collaboration=collaboration,
        recipient=me,
        kind="reminder",
        category="reminders",
        channel="email",
        subject="Reminder: Buses",
        body="See you",
        due_at=timezone.now(),
        dedupe_key="export-test",
    )
    client.force_login(member)
    data = client.get(
        reverse("members:person-export", args=[collaboration.slug, me.code]) + "?format=json"
    ).json()
    assert data["sessions"][0]["attendance"] == "Came"
    assert data["agenda_items_you_proposed"][0]["title"] == "Night buses"
    assert data["messages_sent_to_you"][0]["subject"] == "Reminder: Buses"


def test_erasure_removes_messages_and_invitations_by_phone(collaboration, cast):
    from django.utils import timezone

    from coproduction.models import Invitation, Message

    user = UserFactory(name="Pat Phone", email="Pat@Example.org", phone="+447700900444")
    membership = MembershipFactory(collaboration=collaboration, user=user)
    Invitation.objects.create(
        collaboration=collaboration,
        name="Pat",
        phone="+447700900444",
        role="member",
        expires_at=timezone.now(),
    )
    Invitation.objects.create(
        collaboration=collaboration,
        name="Pat",
        email="pat@example.org",
        role="member",
        expires_at=timezone.now(),
    )
    Message.objects.create(
        collaboration=collaboration,
        recipient=membership,
        kind="reminder",
        category="reminders",
        channel="email",
        subject="Hello Pat",
        body="Pat",
        due_at=timezone.now(),
        dedupe_key="erase-1",
    )
    staff = Membership.objects.get(user=cast["staff"])
    Message.objects.create(
        collaboration=collaboration,
        recipient=staff,
        kind="term_ending_staff",
        category="service",
        channel="email",
        subject="Pat Phone's term ends",
        body="Pat Phone",
        due_at=timezone.now(),
        dedupe_key=f"term-staff:{membership.pk}:2027-01-01:{staff.pk}",
    )
    erasure.person_erase(user=user)
    assert not Invitation.objects.exists()
    assert not Message.objects.exists()
