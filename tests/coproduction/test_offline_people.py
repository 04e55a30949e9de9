"""Someone with neither email nor a mobile takes part by post or phone call: staff add them,
with how they agreed, and everything for them reaches staff as a letter or a call to make."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coproduction import outbox
from coproduction.models import Invitation, Membership, Message, WorkArea
from members.models import Channel, User

pytestmark = pytest.mark.django_db
SLUG = "river-valley"
URL = reverse("coproduction:person-add-offline", args=[SLUG])


def details(**changes) -> dict:
    return {
        "name": "Edna Parsons",
        "postal_address": "4 Mill Lane\nRiverton\nRV1 2AB",
        "call_phone": "",
        "role": "member",
        "agreed": "on",
        "how_agreed": "On the phone on 3 March",
        **changes,
    }


def test_staff_add_someone_who_takes_part_by_post(client, cast, collaboration):
    area = WorkArea.objects.create(collaboration=collaboration, name="Transport")
    client.force_login(cast["staff"])
    assert "Add someone who takes part by post or phone" in client.get(URL).content.decode()
    response = client.post(URL, details(work_areas=[area.pk]))
    membership = Membership.objects.get(user__name="Edna Parsons")
    assert response.status_code == 302
    assert response["Location"] == reverse("members:person-detail", args=[SLUG, membership.code])
    user = membership.user
    assert (user.email, user.phone, user.offline_only) == (None, None, True)
    assert not user.has_usable_password()
    assert "On the phone on 3 March" in user.offline_agreement
    assert cast["staff"].name in user.offline_agreement
    assert user.profile.channels == [Channel.POST]
    assert (membership.role, list(membership.work_areas.all())) == ("member", [area])
    assert not Invitation.objects.exists() and not mail.outbox

    page = client.get(response["Location"]).content.decode()
    assert "Edna Parsons" in page and "by post or phone call, without logging in" in page

    reminder = outbox.message_enqueue(
        recipient=membership,
        kind="reminder",
        category="reminders",
        subject="Panel on Tuesday",
        body="See you at 5pm.",
        due_at=timezone.now(),
        dedupe_key="edna-reminder",
    )
    assert reminder.channel == Channel.POST, "a letter for staff to post"


def test_someone_reached_only_by_phone_calls_gets_calls(client, cast):
    client.force_login(cast["staff"])
    client.post(URL, details(postal_address="", call_phone="01632 960123"))
    user = User.objects.get(name="Edna Parsons")
    assert user.profile.channels == [Channel.CALL]
    assert user.profile.call_phone == "01632 960123"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"postal_address": "", "call_phone": ""},
            "Give a postal address or a phone number for calls, so we can reach them.",
        ),
        ({"agreed": ""}, "Ask them first: tick this once they have agreed."),
        ({"how_agreed": ""}, "This field is required."),
    ],
)
def test_nothing_is_added_without_a_way_to_reach_them_or_their_agreement(
    client, cast, changes, message
):
    client.force_login(cast["staff"])
    response = client.post(URL, details(**changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "<title>Error:" in page
    assert not User.objects.filter(name="Edna Parsons").exists()
    assert not Message.objects.exists()


def test_members_cannot_add_people(client, cast):
    client.force_login(cast["member"])
    assert client.post(URL, details()).status_code == 403
    assert not User.objects.filter(name="Edna Parsons").exists()


def test_what_they_agreed_is_in_their_data_and_goes_when_they_are_erased(client, cast):
    from members.erasure import person_erase
    from members.exports import person_export

    client.force_login(cast["staff"])
    client.post(URL, details())
    user = User.objects.get(name="Edna Parsons")
    exported = person_export(user)["account"]
    assert exported["takes_part_by_post_or_phone_only"] is True
    assert "On the phone on 3 March" in exported["how_they_agreed"]
    person_erase(user=user)
    user.refresh_from_db()
    assert user.offline_agreement == "" and user.erased_at is not None
