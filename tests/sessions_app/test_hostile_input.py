"""Random and hostile values posted to every sessions form and signed link: always the form
again with its errors (200) or a redirect, never a server error, and nothing saved from a
rejected request."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from coproduction.models import Membership, WorkArea
from sessions_app import forms
from sessions_app.links import invite_answer_url, poll_answer_url
from sessions_app.models import (
    AgendaItem,
    Poll,
    PollOption,
    Session,
    SessionInvite,
    ShortTask,
)
from tests.coproduction.test_access_matrix import EXPECTED
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory, enable_totp
from tests.members.test_hostile_input import VALUES, snapshot
from tests.support.forms import post_names


class HostileSessionFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        collaboration = CollaborationFactory(slug="hostile")
        cls.collaboration = collaboration
        cls.area = WorkArea.objects.create(collaboration=collaboration, name="Area")
        cls.member = MembershipFactory(collaboration=collaboration, user=UserFactory())
        cls.member.work_areas.add(cls.area)
        cls.staff = MembershipFactory(
            collaboration=collaboration, user=UserFactory(), role=Membership.Role.STAFF
        )
        enable_totp(cls.staff.user)
        now = timezone.now()
        cls.session = Session.objects.create(
            collaboration=collaboration,
            title="S",
            starts_at=now + timedelta(days=5),
            ends_at=now + timedelta(days=5, hours=1),
        )
        cls.invite = SessionInvite.objects.create(session=cls.session, membership=cls.member)
        SessionInvite.objects.create(session=cls.session, membership=cls.staff)
        cls.item = AgendaItem.objects.create(session=cls.session, title="T", proposed_by=cls.member)
        cls.task = ShortTask.objects.create(
            collaboration=collaboration, title="T", brief="B", deadline=now.date()
        )
        cls.poll = Poll.objects.create(collaboration=collaboration, title="P")
        cls.poll.invitees.add(cls.member)
        PollOption.objects.create(
            poll=cls.poll,
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=1),
        )

    def targets(self):
        slug, s = "hostile", self.session.code
        find_fields = forms.FindTimeForm(collaboration=self.collaboration).fields
        return {
            "sessions:session-create": (
                reverse("sessions:session-create", args=[slug]),
                forms.SessionForm(collaboration=self.collaboration).fields,
            ),
            "sessions:session-edit": (
                reverse("sessions:session-edit", args=[slug, s]),
                forms.SessionChangeForm(instance=self.session).fields,
            ),
            "sessions:venue-list": (
                reverse("sessions:venue-list", args=[slug]),
                forms.VenueForm().fields,
            ),
            "sessions:session-brief-edit": (
                reverse("sessions:session-brief-edit", args=[slug, s]),
                forms.BriefForm().fields,
            ),
            "sessions:session-respond": (
                reverse("sessions:session-respond", args=[slug, s]),
                {"response": None},
            ),
            "sessions:session-attendance": (
                reverse("sessions:session-attendance", args=[slug, s]),
                forms.AttendanceForm(invites=list(self.session.invites.all())).fields,
            ),
            "sessions:agenda-item-create": (
                reverse("sessions:agenda-item-create", args=[slug, s]),
                forms.AgendaItemForm().fields,
            ),
            "sessions:agenda-item-move": (
                reverse("sessions:agenda-item-move", args=[slug, s, self.item.code]),
                {"direction": None},
            ),
            "sessions:poll-create": (
                reverse("sessions:poll-create", args=[slug]),
                {**find_fields, "options": None, "title": None},
            ),
            "sessions:poll-confirm": (
                reverse("sessions:poll-confirm", args=[slug, self.poll.code]),
                {"option": None},
            ),
            "sessions:invite-answer": (
                invite_answer_url(self.invite).split("8000")[-1],
                {"response": None},
            ),
            "sessions:poll-answer": (
                poll_answer_url(self.poll, self.member).split("8000")[-1],
                {f"option_{o.pk}": None for o in self.poll.options.all()},
            ),
            "sessions:session-check-in": (
                reverse("sessions:session-check-in", args=[slug, s, self.session.check_in_secret]),
                {},
            ),
            "sessions:calendar-settings": (reverse("sessions:calendar-settings", args=[slug]), {}),
            "sessions:task-create": (
                reverse("sessions:task-create", args=[slug]),
                forms.ShortTaskForm(collaboration=self.collaboration).fields,
            ),
            "sessions:task-detail": (
                reverse("sessions:task-detail", args=[slug, self.task.code]),
                {**forms.RecordedTaskAnswerForm(task=self.task).fields, "step": None},
            ),
        }

    def test_every_posting_sessions_url_is_covered(self):
        posting = {
            n
            for n, (method, _) in EXPECTED.items()
            if n.startswith("sessions:") and "post" in method
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
        who = data.draw(st.sampled_from([self.member.user, self.staff.user]))
        self.client.force_login(who)
        before = snapshot()
        response = self.client.post(url, payload)
        assert response.status_code in (200, 302, 403, 404), (name, response.status_code)
        if response.status_code in (403, 404):
            assert snapshot() == before, f"{name} changed something while refusing"
