"""Short tasks: answered without a meeting, paid, private if the member wants."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership
from payments.models import Claim
from sessions_app.models import ShortTask, TaskAnswer
from tests.factories import MembershipFactory, WorkAreaFactory
from tests.support.forms import date_fields

pytestmark = pytest.mark.django_db
SLUG = "river-valley"


@pytest.fixture
def task(collaboration, cast):
    return ShortTask.objects.create(
        collaboration=collaboration,
        title="Read the new leaflet",
        brief="Is it clear? What is missing?",
        expected_minutes=30,
        deadline=timezone.localdate() + timedelta(days=7),
    )


def test_staff_set_a_task_and_a_deadline_in_the_past_is_refused(client, cast, collaboration):
    client.force_login(cast["staff"])
    url = reverse("sessions:task-create", args=[SLUG])
    data = {"title": "Photos of the bus stop", "brief": "Take 3 photos.", "expected_minutes": "20"}
    past = client.post(
        url, {**data, **date_fields("deadline", timezone.localdate() - timedelta(days=1))}
    )
    assert "The deadline has passed" in past.content.decode()
    client.post(url, {**data, "paid": "on", **date_fields("deadline", timezone.localdate())})
    assert ShortTask.objects.get().title == "Photos of the bus stop"


def test_a_member_answers_and_gets_a_claim_to_confirm(client, cast, task):
    client.force_login(cast["member"])
    page = client.get(reverse("sessions:task-detail", args=[SLUG, task.code])).content.decode()
    assert "About 30 minutes, paid £13.75" in page
    client.post(
        reverse("sessions:task-detail", args=[SLUG, task.code]),
        {"text": "The map is too small", "visibility": "staff"},
    )
    answer = TaskAnswer.objects.get()
    assert answer.membership.user == cast["member"] and answer.received_via == "online"
    claim = Claim.objects.get()
    assert claim.status == Claim.Status.DRAFT and claim.amount_due == Decimal("13.75")
    again = client.post(
        reverse("sessions:task-detail", args=[SLUG, task.code]),
        {"text": "Twice", "visibility": "staff"},
    )
    assert again.status_code == 302 and TaskAnswer.objects.count() == 1


def test_private_answers_are_invisible_to_other_members(client, cast, task, collaboration):
    author = Membership.objects.get(user=cast["member"])
    TaskAnswer.objects.create(
        task=task, membership=author, text="Private words", visibility="staff"
    )
    TaskAnswer.objects.create(
        task=task,
        membership=MembershipFactory(collaboration=collaboration),
        text="Shared words",
        visibility="everyone",
    )
    other = MembershipFactory(collaboration=collaboration)
    client.force_login(other.user)
    page = client.get(reverse("sessions:task-detail", args=[SLUG, task.code])).content.decode()
    assert "Shared words" in page and "Private words" not in page
    client.force_login(cast["staff"])
    page = client.get(reverse("sessions:task-detail", args=[SLUG, task.code])).content.decode()
    assert "Private words" in page


def test_staff_record_an_answer_given_by_phone_credited_to_the_member(client, cast, task):
    member = Membership.objects.get(user=cast["member"])
    client.force_login(cast["staff"])
    client.post(
        reverse("sessions:task-detail", args=[SLUG, task.code]),
        {
            "step": "record",
            "member": member.pk,
            "via": "phone",
            "text": "Said on the phone",
            "visibility": "staff",
        },
    )
    answer = TaskAnswer.objects.get()
    assert answer.membership == member and answer.entered_by == cast["staff"]
    assert Claim.objects.get().membership == member
    page = client.get(reverse("sessions:task-detail", args=[SLUG, task.code])).content.decode()
    assert "by phone, entered by staff" in page


def test_a_task_for_a_work_area_is_only_for_its_members(client, cast, collaboration, task):
    area = WorkAreaFactory(collaboration=collaboration)
    ShortTask.objects.filter(pk=task.pk).update(work_area=area)
    client.force_login(cast["member"])
    assert client.get(reverse("sessions:task-detail", args=[SLUG, task.code])).status_code == 404
    Membership.objects.get(user=cast["member"]).work_areas.add(area)
    assert client.get(reverse("sessions:task-detail", args=[SLUG, task.code])).status_code == 200


def test_someone_who_has_left_cannot_answer_nor_have_an_answer_recorded_for_them(
    client, cast, task, collaboration
):
    alumnus = MembershipFactory(collaboration=collaboration, status=Membership.Status.ALUMNI)
    url = reverse("sessions:task-detail", args=[SLUG, task.code])
    client.force_login(alumnus.user)
    page = client.get(url).content.decode()
    assert 'name="text"' not in page
    client.post(url, {"text": "Still here", "visibility": "staff"})
    client.force_login(cast["staff"])
    recording = client.get(url).content.decode()
    assert alumnus.user.shown_name not in recording
    client.post(
        url,
        {
            "step": "record",
            "member": alumnus.pk,
            "via": "phone",
            "text": "By phone",
            "visibility": "staff",
        },
    )
    assert not TaskAnswer.objects.exists() and not Claim.objects.exists()
