import os

import pytest
from django.utils import timezone

from coproduction.models import Membership
from coproduction.outbox import sms
from coproduction.permissions import TWO_FACTOR_ROLES
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory, enable_totp
from tests.required_services import REQUIRE_SERVICES

Role = Membership.Role


def pytest_configure(config: pytest.Config) -> None:
    if REQUIRE_SERVICES and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise pytest.UsageError(
            "REQUIRE_SERVICES=1 needs DATABASE_URL to point at PostgreSQL, "
            "e.g. postgres://postgres@127.0.0.1:5432/coproduction"
        )


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    sms.outbox.clear()
    settings.MEDIA_ROOT = tmp_path
    from django.core.cache import cache

    cache.clear()  # allauth's rate limits live in the cache
    from coproduction.shared import forget_local_state

    forget_local_state()


@pytest.fixture
def collaboration(db):
    return CollaborationFactory(name="River Valley Youth Panel", slug="river-valley")


ROLES = [Role.MEMBER, Role.FACILITATOR, Role.STAFF, Role.ADMIN, Role.TRUSTEE, Role.FINANCE]


@pytest.fixture
def cast(collaboration):
    """One person per role in `collaboration`, plus an outsider from another collaboration.

    People whose role needs two-factor have it switched on, as they would in real use.
    """
    people = {}
    for role in ROLES:
        user = UserFactory(name=f"{role.label} Person")
        cleared = role == Role.STAFF  # only staff hold a current enhanced DBS check
        MembershipFactory(
            collaboration=collaboration,
            user=user,
            role=role,
            dbs_level=Membership.DbsLevel.ENHANCED if cleared else Membership.DbsLevel.NONE,
            dbs_certificate_date=timezone.localdate() if cleared else None,
        )
        if role in TWO_FACTOR_ROLES:
            enable_totp(user)
        people[role.value] = user
    other = CollaborationFactory(name="Elsewhere Parents Forum", slug="elsewhere")
    outsider = UserFactory(name="Outsider Staff")
    MembershipFactory(collaboration=other, user=outsider, role=Role.STAFF)
    enable_totp(outsider)
    people["outsider"] = outsider
    return people


@pytest.fixture
def staff(cast):
    return cast["staff"]


@pytest.fixture
def member(cast):
    return cast["member"]
