"""Random and hostile values posted to every reflections form: the form again with its
errors, or a redirect with a message, never a server error."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from coproduction.models import Membership
from reflections import forms
from reflections.models import Feedback, Reflection
from sessions_app.models import AgendaItem, Session
from tests.coproduction.test_access_matrix import EXPECTED
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory, enable_totp
from tests.members.test_hostile_input import VALUES
from tests.support.forms import post_names


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
        }

    def test_every_posting_reflections_url_is_covered(self):
        posting = {
            n
            for n, (method, _) in EXPECTED.items()
            if n.startswith("reflections:") and "post" in method
        }
        assert posting == set(self.targets())

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def test_hostile_posts(self, data):
        targets = self.targets()
        name = data.draw(st.sampled_from(sorted(targets)))
        url, fields = targets[name]
        chosen = data.draw(st.lists(st.sampled_from(post_names(fields)), unique=True))
        payload = {field: data.draw(st.lists(VALUES, min_size=1, max_size=3)) for field in chosen}
        self.client.force_login(data.draw(st.sampled_from([self.member.user, self.staff.user])))
        response = self.client.post(url, payload)
        assert response.status_code in (200, 302, 403, 404), (name, response.status_code)
