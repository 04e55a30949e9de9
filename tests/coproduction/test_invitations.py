from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from coproduction.invitations import invitation_token
from coproduction.models import Invitation, Membership
from coproduction.outbox import sms
from members.models import User
from tests.factories import CollaborationFactory, MembershipFactory, WorkAreaFactory

Role = Membership.Role


@pytest.fixture
def invite(client, django_capture_on_commit_callbacks):
    """Posts the invitation form; the sending task runs after commit, as in real use."""

    def post(collaboration, **data):
        payload = {"name": "Robin Ash", "email": "robin@example.org", "phone": "", "role": "member"}
        payload.update(data)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("coproduction:invitation-create", args=[collaboration.slug]), payload
            )

    return post


def _link_path(text: str) -> str:
    start = text.index("/join/")
    return text[start : text.index("/", start + len("/join/")) + 1]


def test_staff_invites_by_email_and_the_person_joins_with_a_verified_email(
    client, invite, staff, collaboration
):
    area = WorkAreaFactory(collaboration=collaboration, name="Transport")
    client.force_login(staff)
    response = invite(collaboration, work_areas=[area.pk])
    assert response.status_code == 302

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["robin@example.org"]
    assert collaboration.name in email.subject

    client.logout()
    path = _link_path(email.body)
    page = client.get(path)
    assert page.status_code == 200 and "Join River Valley Youth Panel" in page.content.decode()

    response = client.post(path, {"name": "Robin A."})
    assert response.status_code == 200
    user = User.objects.get(email="robin@example.org")
    assert user.name == "Robin A."
    assert EmailAddress.objects.get(user=user).verified
    membership = Membership.objects.get(user=user, collaboration=collaboration)
    assert membership.role == Role.MEMBER and list(membership.work_areas.all()) == [area]
    assert membership.term_end is not None
    # The next step sends a login code to the invited address, with no retyping.
    assert 'name="email" value="robin@example.org"' in response.content.decode()


def test_person_without_email_is_invited_by_text_message(client, invite, staff, collaboration):
    client.force_login(staff)
    invite(collaboration, email="", phone="07700 900777")
    assert not mail.outbox
    assert [m.to for m in sms.outbox] == ["+447700900777"]

    client.logout()
    client.post(_link_path(sms.outbox[0].body), {"name": "Kim"})
    user = User.objects.get(phone="+447700900777")
    assert user.email is None and user.phone_verified


def test_an_invitation_link_works_only_once(client, collaboration, staff):
    invitation = Invitation.objects.create(
        collaboration=collaboration,
        name="Once",
        email="once@example.org",
        role=Role.MEMBER,
        expires_at=timezone.now() + timedelta(days=3),
    )
    path = reverse("coproduction:invitation-accept", args=[invitation_token(invitation)])
    client.post(path, {"name": "Once"})
    client.logout()
    assert client.post(path, {"name": "Twice"}).status_code == 410
    assert User.objects.get(email="once@example.org").name == "Once"


def test_an_expired_or_cancelled_invitation_is_refused(client, collaboration, staff):
    expired = Invitation.objects.create(
        collaboration=collaboration,
        name="Late",
        email="late@example.org",
        role=Role.MEMBER,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    assert (
        client.get(
            reverse("coproduction:invitation-accept", args=[invitation_token(expired)])
        ).status_code
        == 410
    )

    cancelled = Invitation.objects.create(
        collaboration=collaboration,
        name="Nope",
        email="nope@example.org",
        role=Role.MEMBER,
        expires_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(staff)
    client.post(
        reverse("coproduction:invitation-revoke", args=[collaboration.slug, cancelled.code])
    )
    client.logout()
    response = client.post(
        reverse("coproduction:invitation-accept", args=[invitation_token(cancelled)]),
        {"name": "Nope"},
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="nope@example.org").exists()


def test_an_old_signed_link_stops_working_after_the_validity_period(client, collaboration):
    invitation = Invitation.objects.create(
        collaboration=collaboration,
        name="Old",
        email="old@example.org",
        role=Role.MEMBER,
        expires_at=timezone.now() + timedelta(days=365),
    )
    token = invitation_token(invitation)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert (
            client.get(reverse("coproduction:invitation-accept", args=[token])).status_code == 404
        )


def test_a_tampered_link_is_not_recognised(client, db):
    assert (
        client.get(reverse("coproduction:invitation-accept", args=["not-a-real-token"])).status_code
        == 404
    )


def test_an_existing_person_joining_a_second_collaboration_keeps_one_account(
    client, collaboration, member
):
    invitation = Invitation.objects.create(
        collaboration=CollaborationFactory(),
        name="X",
        email=member.email,
        role=Role.MEMBER,
        expires_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(member)
    response = client.post(
        reverse("coproduction:invitation-accept", args=[invitation_token(invitation)]),
        {"name": "X"},
    )
    assert response.status_code == 302
    assert member.memberships.count() == 2
    assert User.objects.filter(email=member.email).count() == 1


def test_someone_else_logged_in_cannot_take_an_invitation(client, collaboration, member):
    invitation = Invitation.objects.create(
        collaboration=collaboration,
        name="Y",
        email="y@example.org",
        role=Role.STAFF,
        expires_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(member)
    url = reverse("coproduction:invitation-accept", args=[invitation_token(invitation)])
    assert client.post(url, {"name": "Y"}).status_code == 403
    assert Membership.objects.get(user=member, collaboration=collaboration).role == Role.MEMBER


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "", "phone": ""}, "__all__", "Give an email address or a mobile number"),
        ({"email": "not-an-email"}, "email", "Enter a valid email address"),
        ({"email": "", "phone": "12"}, "phone", "Enter a mobile number"),
        ({"name": ""}, "name", "This field is required"),
        ({"role": "emperor"}, "role", "Select a valid choice"),
        ({"role": "admin"}, "role", "Select a valid choice"),  # staff cannot make admins
    ],
)
def test_bad_invitations_are_refused_with_a_clear_message(
    client, invite, staff, collaboration, data, field, message
):
    client.force_login(staff)
    response = invite(collaboration, **data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Invitation.objects.exists() and not mail.outbox


def test_facilitators_can_only_invite_members(client, invite, cast, collaboration):
    client.force_login(cast["facilitator"])
    assert invite(collaboration, role="staff").status_code == 200
    assert invite(collaboration, role="member").status_code == 302


def test_admins_can_invite_admins(client, invite, cast, collaboration):
    client.force_login(cast["admin"])
    assert invite(collaboration, role="admin").status_code == 302


def test_inviting_someone_already_in_the_collaboration_is_refused(
    client, invite, staff, member, collaboration
):
    client.force_login(staff)
    response = invite(collaboration, email=member.email.upper())
    assert response.status_code == 200
    assert "already in this collaboration" in str(response.context["form"].errors["email"])


def test_work_areas_of_another_collaboration_cannot_be_chosen(client, invite, staff, collaboration):
    foreign = WorkAreaFactory(collaboration=CollaborationFactory())
    client.force_login(staff)
    response = invite(collaboration, work_areas=[foreign.pk])
    assert response.status_code == 200


def test_staff_cannot_cancel_another_collaborations_invitation(client, staff):
    other = CollaborationFactory()
    invitation = Invitation.objects.create(
        collaboration=other,
        name="Z",
        email="z@example.org",
        role=Role.MEMBER,
        expires_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(staff)
    response = client.post(
        reverse("coproduction:invitation-revoke", args=["river-valley", invitation.code])
    )
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_invitation_list_shows_only_open_invitations_of_this_collaboration(
    client, staff, collaboration
):
    Invitation.objects.create(
        collaboration=collaboration,
        name="Open One",
        email="a@example.org",
        role=Role.MEMBER,
        expires_at=timezone.now() + timedelta(days=3),
    )
    Invitation.objects.create(
        collaboration=CollaborationFactory(),
        name="Foreign One",
        email="b@example.org",
        role=Role.MEMBER,
        expires_at=timezone.now() + timedelta(days=3),
    )
    client.force_login(staff)
    page = client.get(
        reverse("coproduction:invitation-list", args=[collaboration.slug])
    ).content.decode()
    assert "Open One" in page and "Foreign One" not in page


def test_new_member_lands_in_their_collaboration_after_logging_in_by_code(
    client, invite, collaboration, staff
):
    import re

    client.force_login(staff)
    invite(collaboration)
    client.logout()
    client.post(_link_path(mail.outbox[0].body), {"name": "Robin"})
    next_url = f"/c/{collaboration.slug}/"
    client.post(
        reverse("account_request_login_code"), {"email": "robin@example.org", "next": next_url}
    )
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    response = client.post(
        reverse("account_confirm_login_code"), {"code": code, "next": next_url}, follow=True
    )
    assert response.redirect_chain[-1][0] == next_url
    assert "Hello, Robin" in response.content.decode()


def test_home_lets_people_in_several_collaborations_choose(client, member, collaboration):
    second = CollaborationFactory(name="Parents Forum")
    MembershipFactory(collaboration=second, user=member)
    page = client.get("/", follow=False)
    assert page.status_code == 302  # anonymous: to log in
    client.force_login(member)
    page = client.get("/").content.decode()
    assert "River Valley Youth Panel" in page and "Parents Forum" in page


def test_home_explains_what_to_do_when_in_no_collaboration(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert "You are not part of a collaboration yet" in client.get("/").content.decode()
