"""Random and hostile values posted to every reflections form: the form again with its
errors, or a redirect with a message, never a server error."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from coproduction.models import Membership
from reflections import forms
from reflections.models import (
    Action,
    Celebration,
    Contribution,
    Diary,
    Feedback,
    JourneyStep,
    Reflection,
)
from sessions_app.models import AgendaItem, Session
from tests.coproduction.test_access_matrix import EXPECTED
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory, enable_totp
from tests.members.test_hostile_input import VALUES
from tests.support.forms import post_names

JOURNEY_STEP_FIELDS = {
    "steps-TOTAL_FORMS": None,
    "steps-INITIAL_FORMS": None,
    **{f"steps-{i}-{name}": None for i in range(3) for name in forms.JourneyStepForm().fields},
}


def contribution_fields(kind):
    return forms.ContributionForm.base_fields | (
        {} if kind == Contribution.Kind.DIARY else {"entry_date": None}
    )


def row_counts() -> list[int]:
    return [
        model.objects.count()
        for model in (Contribution, JourneyStep, Diary, Action, Feedback, Reflection, Celebration)
    ]


class HostileReflectionFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        collaboration = CollaborationFactory(slug="hostile")
        cls.member = MembershipFactory(collaboration=collaboration, user=UserFactory())
        cls.staff = MembershipFactory(
            collaboration=collaboration, user=UserFactory(), role=Membership.Role.STAFF
        )
        enable_totp(cls.staff.user)
        today = timezone.localdate()
        cls.feedback = Feedback.objects.create(
            collaboration=collaboration, text="F", received_on=today
        )
        cls.reflection = Reflection.objects.create(
            collaboration=collaboration, went_well="R", written_on=today
        )
        start = timezone.now() - timedelta(days=1)
        session = Session.objects.create(
            collaboration=collaboration,
            title="S",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
        )
        cls.item = AgendaItem.objects.create(session=session, title="T", outcome="O")
        cls.contribution = Contribution.objects.create(
            collaboration=collaboration, membership=cls.member, text="C", visibility="staff"
        )
        cls.diary = Diary.objects.create(membership=cls.member, title="D", starts_on=today)

    def targets(self):
        slug = "hostile"
        give = forms.FeedbackForm(membership=self.member).fields
        return {
            "reflections:feedback-give": (reverse("reflections:feedback-give", args=[slug]), give),
            "reflections:feedback-record": (
                reverse("reflections:feedback-record", args=[slug]),
                forms.RecordedFeedbackForm(membership=self.staff).fields,
            ),
            "reflections:action-from-feedback": (
                reverse("reflections:action-from-feedback", args=[slug, self.feedback.pk]),
                {"title": None},
            ),
            "reflections:reflection-give": (
                reverse("reflections:reflection-give", args=[slug]),
                forms.ReflectionForm(membership=self.member).fields,
            ),
            "reflections:action-from-reflection": (
                reverse("reflections:action-from-reflection", args=[slug, self.reflection.code]),
                {"title": None},
            ),
            "reflections:action-from-agenda-item": (
                reverse("reflections:action-from-agenda-item", args=[slug, self.item.code]),
                {"title": None},
            ),
            "reflections:celebration-list": (
                reverse("reflections:celebration-list", args=[slug]),
                forms.CelebrationForm().fields,
            ),
            "reflections:contribution-create": (
                reverse("reflections:contribution-create", args=[slug]),
                contribution_fields(Contribution.Kind.NOTE),
            ),
            # The same view with a journey map's steps (a URL name is a key only once).
            "reflections:contribution-create#journey": (
                reverse("reflections:contribution-create", args=[slug]) + "?kind=journey",
                contribution_fields(Contribution.Kind.JOURNEY) | JOURNEY_STEP_FIELDS,
            ),
            "reflections:contribution-record": (
                reverse("reflections:contribution-record", args=[slug]),
                forms.RecordedContributionForm(
                    membership=self.staff, kind=Contribution.Kind.NOTE
                ).fields,
            ),
            "reflections:contribution-detail": (
                reverse("reflections:contribution-detail", args=[slug, self.contribution.code]),
                {"visibility": None},
            ),
            "reflections:action-from-contribution": (
                reverse(
                    "reflections:action-from-contribution", args=[slug, self.contribution.code]
                ),
                {"title": None},
            ),
            "reflections:diary-list": (
                reverse("reflections:diary-list", args=[slug]),
                forms.DiaryForm().fields,
            ),
            "reflections:diary-detail": (
                reverse("reflections:diary-detail", args=[slug, self.diary.code]),
                contribution_fields(Contribution.Kind.DIARY),
            ),
        }

    def test_every_posting_reflections_url_is_covered(self):
        posting = {
            n
            for n, (method, _) in EXPECTED.items()
            if n.startswith("reflections:") and "post" in method
        }
        assert posting == {name.split("#")[0] for name in self.targets()}

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def test_hostile_posts(self, data):
        targets = self.targets()
        name = data.draw(st.sampled_from(sorted(targets)))
        url, fields = targets[name]
        chosen = data.draw(st.lists(st.sampled_from(post_names(fields)), unique=True))
        payload = {field: data.draw(st.lists(VALUES, min_size=1, max_size=3)) for field in chosen}
        self.client.force_login(data.draw(st.sampled_from([self.member.user, self.staff.user])))
        before = row_counts()
        response = self.client.post(url, payload)
        assert response.status_code in (200, 302, 403, 404), (name, response.status_code)
        if response.status_code != 302:  # refused: the form again, or not allowed
            assert row_counts() == before, name

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        content=st.one_of(
            st.binary(max_size=2048),
            st.sampled_from(
                [b"RIFF", b"ID3\x04", b"OggS", b"\xff\xd8\xff", b"\x89PNG\r\n"]
            ).flatmap(lambda head: st.binary(max_size=512).map(lambda tail: head + tail)),
        ),
        field=st.sampled_from(["photo", "voice_note"]),
        name=st.sampled_from(["a.jpg", "a.m4a", "a.wav", "a", "../../etc/passwd"]),
    )
    def test_hostile_files_are_refused_plainly_and_nothing_is_kept(self, content, field, name):
        self.client.force_login(self.member.user)
        before = row_counts()
        response = self.client.post(
            reverse("reflections:contribution-create", args=["hostile"]),
            {
                "text": "Kept words",
                "visibility": "staff",
                "photo_agreed": "on",
                field: SimpleUploadedFile(name, content, content_type="image/jpeg"),
            },
        )
        assert response.status_code == 200
        assert row_counts() == before
        assert "Kept words" in response.content.decode()
