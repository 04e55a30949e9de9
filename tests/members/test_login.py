import re

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.urls import reverse

from coproduction.models import Membership
from coproduction.outbox import sms
from tests.factories import MembershipFactory, UserFactory, enable_totp

CODE_RE = re.compile(r"\b(\d{6})\b")


def _code_from(text: str) -> str:
    match = CODE_RE.search(text)
    assert match, f"no code in {text!r}"
    return match.group(1)


def _current_totp(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_member_logs_in_with_a_code_sent_by_email(client, member, collaboration):
    response = client.post(reverse("account_request_login_code"), {"email": member.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
    code = _code_from(mail.outbox[0].body)

    response = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)

    assert response.context["user"] == member
    assert response.redirect_chain[-1][0] == f"/c/{collaboration.slug}/"


def test_a_wrong_code_is_refused_with_a_message(client, member):
    client.post(reverse("account_request_login_code"), {"email": member.email})
    response = client.post(reverse("account_confirm_login_code"), {"code": "WRONG1"})
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    assert response.context["form"].errors


def test_person_without_email_logs_in_with_a_code_by_text_message(client, collaboration):
    person = UserFactory(email=None, phone="+447700900456", phone_verified=True, name="Dev Text")
    MembershipFactory(collaboration=collaboration, user=person)

    # Typed the way people write UK numbers.
    response = client.post(reverse("account_request_login_code"), {"phone": "07700 900456"})
    assert response.status_code == 302
    assert [m.to for m in sms.outbox] == ["+447700900456"]

    client.post(reverse("account_confirm_login_code"), {"code": _code_from(sms.outbox[0].body)})
    assert client.get("/").wsgi_request.user == person


def test_an_impossible_phone_number_gets_a_clear_message(client, db):
    response = client.post(reverse("account_request_login_code"), {"phone": "12"})
    assert response.status_code == 200
    assert "Enter a mobile number" in str(response.context["form"].errors)


def test_person_with_a_password_can_use_it(client, db):
    person = UserFactory(email="pw@example.org")
    person.set_password("a long memorable passphrase")
    person.save(update_fields=["password"])
    response = client.post(
        reverse("account_login"),
        {"login": "pw@example.org", "password": "a long memorable passphrase"},
    )
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == person


def test_unverified_email_cannot_log_in_with_a_password(client, db):
    person = UserFactory(email="new@example.org", verified=False)
    person.set_password("a long memorable passphrase")
    person.save(update_fields=["password"])
    client.post(
        reverse("account_login"),
        {"login": "new@example.org", "password": "a long memorable passphrase"},
    )
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_asking_for_codes_too_often_is_rate_limited(client, member):
    for _ in range(3):
        client.post(reverse("account_request_login_code"), {"email": member.email})
        client.cookies.clear()  # as if from a fresh browser each time
    response = client.post(reverse("account_request_login_code"), {"email": member.email})
    assert response.status_code == 200
    assert "Too many" in str(response.context["form"].errors)
    assert len(mail.outbox) == 3


def test_failed_password_logins_are_rate_limited(client, member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": member.email, "password": "wrong guess"})
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": "wrong guess"}
    )
    assert "Too many" in str(response.context["form"].errors)


def test_there_is_no_public_sign_up(client, db):
    from members.models import User

    before = User.objects.count()
    response = client.post(
        reverse("account_signup"), {"email": "stranger@example.org", "phone": "07700900999"}
    )
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert User.objects.count() == before


def test_staff_log_in_needs_the_authenticator_code_after_the_emailed_code(client, collaboration):
    person = UserFactory()
    MembershipFactory(collaboration=collaboration, user=person, role=Membership.Role.STAFF)
    secret = enable_totp(person)

    client.post(reverse("account_request_login_code"), {"email": person.email})
    response = client.post(
        reverse("account_confirm_login_code"), {"code": _code_from(mail.outbox[0].body)}
    )
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert not client.get("/").wsgi_request.user.is_authenticated

    client.post(reverse("mfa_authenticate"), {"code": _current_totp(secret)})
    assert client.get("/").wsgi_request.user == person


@pytest.mark.parametrize(
    "role", [Membership.Role.STAFF, Membership.Role.ADMIN, Membership.Role.FACILITATOR]
)
def test_staff_roles_must_set_up_two_factor_before_using_the_collaboration(
    client, collaboration, role
):
    person = UserFactory()
    MembershipFactory(collaboration=collaboration, user=person, role=role)
    client.force_login(person)

    response = client.get(f"/c/{collaboration.slug}/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("members:two-factor-required"))

    enable_totp(person)
    assert client.get(f"/c/{collaboration.slug}/").status_code == 200


def test_staff_cannot_switch_two_factor_off(client, collaboration):
    from allauth.mfa.models import Authenticator

    person = UserFactory()
    MembershipFactory(collaboration=collaboration, user=person, role=Membership.Role.STAFF)
    enable_totp(person)
    client.force_login(person)
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()


def test_members_do_not_need_two_factor(client, member, collaboration):
    client.force_login(member)
    assert client.get(f"/c/{collaboration.slug}/").status_code == 200
