from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership, WorkArea
from members import services
from members.models import (
    AccessNeeds,
    Commitment,
    GuardianConsent,
    MonitoringResponse,
    Profile,
    StepAway,
)
from tests.factories import MembershipFactory, UserFactory
from tests.support.forms import date_fields

Role = Membership.Role


def person_url(collaboration, membership, name="person-detail", **kwargs):
    return reverse(
        f"members:{name}",
        kwargs={"collaboration_slug": collaboration.slug, "person_code": membership.code, **kwargs},
    )


@pytest.fixture
def young_member(collaboration):
    user = UserFactory(name="Aisha Khan", email="aisha@example.org", phone="+447700900111")
    user.date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 16)
    user.save(update_fields=["date_of_birth"])
    Profile.objects.create(user=user, postal_address="1 Secret Street", channels=["email"])
    AccessNeeds.objects.create(user=user, quiet_room=True, notes="Needs a quiet corner")
    Commitment.objects.create(
        user=user,
        kind=Commitment.Kind.CARING,
        reason="Looking after my gran",
        starts_on=date(2026, 1, 1),
    )
    membership = MembershipFactory(collaboration=collaboration, user=user, role=Role.MEMBER)
    MonitoringResponse.objects.create(
        membership=membership, age_band="16_17", ethnicity="mixed", disability="yes", gender="woman"
    )
    area = WorkArea.objects.create(collaboration=collaboration, name="Exams")
    membership.work_areas.add(area)
    return membership


def test_another_member_cannot_open_someone_elses_page(client, member, collaboration, young_member):
    client.force_login(member)
    response = client.get(person_url(collaboration, young_member))
    assert response.status_code == 403
    for name in (
        "person-profile-edit",
        "person-access-needs-edit",
        "person-monitoring-edit",
        "person-export",
    ):
        assert client.get(person_url(collaboration, young_member, name)).status_code == 403


def test_members_see_an_under_18_by_first_name_only_and_nothing_private(
    client, member, collaboration, young_member
):
    client.force_login(member)
    page = client.get(
        reverse("coproduction:workarea-list", args=[collaboration.slug])
    ).content.decode()
    assert "Aisha" in page
    for secret in (
        "Khan",
        "aisha@example.org",
        "7700900111",
        "Secret Street",
        "quiet",
        "gran",
        "mixed",
    ):
        assert secret not in page


def test_a_trustee_sees_none_of_it(client, cast, collaboration, young_member):
    client.force_login(cast["trustee"])
    assert client.get(person_url(collaboration, young_member)).status_code == 403
    assert (
        client.get(reverse("coproduction:workarea-list", args=[collaboration.slug])).status_code
        == 403
    )
    home = client.get(
        reverse("coproduction:collaboration-home", args=[collaboration.slug])
    ).content.decode()
    assert "Aisha" not in home and "Khan" not in home


def test_staff_without_a_dbs_check_see_access_needs_but_not_an_under_18s_contact_details(
    client, cast, collaboration, young_member
):
    client.force_login(cast["admin"])  # no DBS check in the cast
    page = client.get(person_url(collaboration, young_member)).content.decode()
    assert "Needs a quiet corner" in page
    assert "aisha@example.org" not in page and "Secret Street" not in page
    assert "Only staff with a current enhanced DBS check" in page


def test_staff_with_a_current_dbs_check_see_contact_details(
    client, cast, collaboration, young_member
):
    client.force_login(cast["staff"])
    page = client.get(person_url(collaboration, young_member)).content.decode()
    assert "aisha@example.org" in page and "Secret Street" in page


def test_staff_see_unavailable_not_the_reason_unless_it_is_shared(
    client, cast, collaboration, young_member
):
    client.force_login(cast["staff"])
    page = client.get(person_url(collaboration, young_member)).content.decode()
    assert "Unavailable" in page and "Looking after my gran" not in page
    Commitment.objects.filter(user=young_member.user).update(share_reason=True)
    page = client.get(person_url(collaboration, young_member)).content.decode()
    assert "Looking after my gran" in page


def test_nobody_but_the_person_sees_monitoring_answers(client, cast, collaboration, young_member):
    client.force_login(cast["staff"])
    assert (
        client.get(person_url(collaboration, young_member, "person-monitoring-edit")).status_code
        == 403
    )
    page = client.get(person_url(collaboration, young_member)).content.decode()
    assert "Mixed" not in page and "Equality monitoring" not in page


def test_withdrawing_monitoring_deletes_the_answers(client, collaboration, young_member):
    client.force_login(young_member.user)
    client.post(person_url(collaboration, young_member, "person-monitoring-withdraw"))
    assert not MonitoringResponse.objects.exists()


def test_monitoring_needs_explicit_consent_and_offers_prefer_not_to_say(
    client, member, collaboration
):
    subject = Membership.objects.get(user=member)
    client.force_login(member)
    url = person_url(collaboration, subject, "person-monitoring-edit")
    answers = {
        "age_band": "prefer_not_to_say",
        "ethnicity": "prefer_not_to_say",
        "disability": "no",
        "gender": "prefer_not_to_say",
    }
    response = client.post(url, answers)
    assert response.status_code == 200 and "consent" in response.context["form"].errors
    assert not MonitoringResponse.objects.exists()
    client.post(url, {**answers, "consent": "on"})
    assert MonitoringResponse.objects.get(membership=subject).disability == "no"


def test_step_away_and_back_without_penalty(client, member, collaboration):
    subject = Membership.objects.get(user=member)
    client.force_login(member)
    return_on = timezone.localdate() + timedelta(days=30)
    client.post(
        person_url(collaboration, subject, "person-step-away"),
        {**date_fields("return_on", return_on), "reason": "Exams"},
    )
    subject.refresh_from_db()
    assert subject.status == Membership.Status.STEPPED_AWAY
    away = StepAway.objects.get(membership=subject)
    assert away.return_on == return_on and away.reason == "Exams" and not away.share_reason

    client.post(person_url(collaboration, subject, "person-step-back"))
    subject.refresh_from_db()
    away.refresh_from_db()
    assert subject.status == Membership.Status.ACTIVE and away.ended_on == timezone.localdate()


def test_staff_see_who_is_away_and_until_when_but_not_why(client, cast, member, collaboration):
    subject = Membership.objects.get(user=member)
    services.membership_step_away(
        membership=subject, return_on=date(2027, 1, 10), reason="Family illness", share_reason=False
    )
    client.force_login(cast["staff"])
    page = client.get(reverse("members:person-list", args=[collaboration.slug])).content.decode()
    assert "until 10 January 2027" in page and "Family illness" not in page


def test_the_return_date_prompt_is_claimed_once(member, collaboration):
    subject = Membership.objects.get(user=member)
    services.membership_step_away(
        membership=subject, return_on=date(2026, 12, 1), reason="", share_reason=False
    )
    assert services.step_away_due_prompts(today=date(2026, 11, 30)) == []
    assert len(services.step_away_due_prompts(today=date(2026, 12, 1))) == 1
    assert services.step_away_due_prompts(today=date(2026, 12, 2)) == []


def test_staff_entry_on_behalf_is_recorded_as_such(client, cast, member, collaboration):
    subject = Membership.objects.get(user=member)
    client.force_login(cast["staff"])
    response = client.post(
        person_url(collaboration, subject, "person-access-needs-edit"),
        {"breaks": "on", "notes": "Said by phone"},
    )
    assert response.status_code == 302
    record = AccessNeeds.history.get(user_id=member.pk)
    assert record.history_user == cast["staff"]
    client.force_login(member)
    page = client.get(person_url(collaboration, subject)).content.decode()
    assert "entered by staff on your behalf" in page


def test_members_join_and_leave_work_areas(client, member, collaboration):
    area = WorkArea.objects.create(collaboration=collaboration, name="Transport")
    subject = Membership.objects.get(user=member)
    client.force_login(member)
    client.post(reverse("coproduction:workarea-join", args=[collaboration.slug, area.code]))
    assert area in subject.work_areas.all()
    client.post(reverse("coproduction:workarea-leave", args=[collaboration.slug, area.code]))
    assert area not in subject.work_areas.all()


def test_staff_see_which_areas_will_be_short_counting_step_aways_and_exams(
    client, cast, collaboration
):
    from members.selectors import work_area_resourcing

    area = WorkArea.objects.create(
        collaboration=collaboration, name="Schools", target_active_members=2
    )
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    people = [MembershipFactory(collaboration=collaboration) for _ in range(2)]
    for person in people:
        person.work_areas.add(area)
    Commitment.objects.create(
        user=people[0].user,
        kind=Commitment.Kind.EXAM,
        starts_on=monday + timedelta(weeks=2),
        ends_on=monday + timedelta(weeks=3, days=2),
    )
    services.membership_step_away(
        membership=people[1],
        return_on=monday + timedelta(weeks=1, days=1),
        reason="",
        share_reason=False,
    )
    [(_, weeks)] = [(a, w) for a, w in work_area_resourcing(collaboration) if a == area]
    assert [w.available for w in weeks[:5]] == [1, 1, 1, 1, 2]
    assert [w.short for w in weeks[:5]] == [True, True, True, True, False]
    client.force_login(cast["staff"])
    page = client.get(
        reverse("coproduction:workarea-resourcing", args=[collaboration.slug])
    ).content.decode()
    assert "below target" in page


def test_guardian_consent_is_recorded_by_cleared_staff(client, cast, collaboration, young_member):
    client.force_login(cast["staff"])
    url = person_url(collaboration, young_member, "person-guardian-consent-edit")
    response = client.post(
        url,
        {
            "guardian_name": "Sara Khan",
            "relationship": "mother",
            "guardian_phone": "07700900222",
            **date_fields("consent_given_on", date(2026, 9, 1)),
            **date_fields("young_person_agreed_on", date(2026, 9, 2)),
        },
    )
    assert response.status_code == 302
    assert GuardianConsent.objects.get(user=young_member.user).is_complete
