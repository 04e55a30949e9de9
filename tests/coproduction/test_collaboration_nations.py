"""Which UK nations a collaboration works in (their bank holidays differ): England unless an
administrator ticks others, edited as tick boxes in the admin."""

import re

from django.urls import reverse

from coproduction.models import Collaboration
from tests.factories import CollaborationFactory, UserFactory, enable_totp


def test_a_new_collaboration_works_in_england(db):
    assert CollaborationFactory().nations == ["england"]


def test_administrators_tick_the_nations_in_the_admin(client, db):
    collaboration = CollaborationFactory(name="Borders Youth Voice", slug="borders")
    superuser = UserFactory(is_staff=True, is_superuser=True)
    enable_totp(superuser)
    client.force_login(superuser)
    url = reverse("admin:coproduction_collaboration_change", args=[collaboration.pk])
    page = client.get(url).content.decode()
    boxes = re.findall(
        r'<input type="checkbox" name="nations" value="(\w+)"[^>]*?( checked)?>', page
    )
    assert boxes == [
        ("england", " checked"),
        ("wales", ""),
        ("scotland", ""),
        ("northern_ireland", ""),
    ]
    form = {
        "name": collaboration.name,
        "slug": collaboration.slug,
        "monitoring_lawful_condition": collaboration.monitoring_lawful_condition,
        "reminder_hours": collaboration.reminder_hours,
        "anonymous_threshold": collaboration.anonymous_threshold,
        "refresh_after_days": collaboration.refresh_after_days,
        "quiet_hours": collaboration.quiet_hours,
        "small_number_threshold": collaboration.small_number_threshold,
        "community_profile": "{}",
        "created_at_0": f"{collaboration.created_at:%Y-%m-%d}",
        "created_at_1": f"{collaboration.created_at:%H:%M:%S}",
        "work_areas-TOTAL_FORMS": "0",
        "work_areas-INITIAL_FORMS": "0",
    }
    refused = client.post(url, {**form})
    assert list(refused.context_data["adminform"].form.errors) == ["nations"]
    saved = client.post(url, {**form, "nations": ["england", "scotland"]})
    assert saved.status_code == 302, re.findall(
        r"errorlist[^>]*>(.*?)</ul>", saved.content.decode(), re.S
    )
    collaboration.refresh_from_db()
    assert collaboration.nations == ["england", "scotland"]


def test_a_nation_that_is_not_one_is_refused(db):
    collaboration = Collaboration(name="Somewhere", slug="somewhere", nations=["atlantis"])
    try:
        collaboration.full_clean()
    except Exception as error:
        assert "nations" in error.message_dict
    else:
        raise AssertionError("an unknown nation was accepted")
