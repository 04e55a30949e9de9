"""Random and hostile values posted to every form of the members app, as the member and as
staff: the answer is always the form again with its errors (200) or a redirect, never a
server error, and a rejected form changes nothing at all."""

from datetime import timedelta

from django.apps import apps
from django.core import serializers
from django.forms import MultiWidget
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from coproduction.models import Membership
from members import forms
from members.models import AvailabilityChange, Commitment, Profile
from tests.coproduction.test_access_matrix import EXPECTED
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory, enable_totp

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "'; DROP TABLE members_user; --",
    "../../etc/passwd",
    "9" * 400,
    "-1",
    "0",
    "2026-02-30",
    "31/12/2026",
    "25:61",
    "FREQ=SECONDLY",
    "FREQ=WEEKLY;BYDAY=MO;COUNT=999999999999",
    "Europe/Nowhere",
    "on",
    "true",
    "😀" * 50,
    "\u202eevil",
    "NaN",
    "1e309",
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=60),
    st.dates().map(str),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)

# Every members URL that takes a POST, with the form whose fields it reads.
FORMS = {
    "members:person-profile-edit": lambda user: forms.ProfileForm(user=user),
    "members:person-access-needs-edit": lambda user: forms.AccessNeedsForm(),
    "members:person-availability-edit": lambda user: forms.AvailabilityGridForm(),
    "members:person-availability-change-create": lambda user: forms.AvailabilityChangeForm(),
    "members:person-commitment-create": lambda user: forms.CommitmentForm(),
    "members:person-commitment-edit": lambda user: forms.CommitmentForm(),
    "members:person-step-away": lambda user: forms.StepAwayForm(),
    "members:person-monitoring-edit": lambda user: forms.MonitoringForm(),
    "members:person-guardian-consent-edit": lambda user: forms.GuardianConsentForm(),
    "members:person-erase": lambda user: forms.EraseConfirmForm(),
    "members:person-availability-change-delete": None,
    "members:person-commitment-delete": None,
    "members:person-step-back": None,
    "members:person-monitoring-withdraw": None,
}


def test_every_members_form_is_covered():
    posting = {
        name
        for name, (method, _) in EXPECTED.items()
        if name.startswith("members:") and "post" in method
    }
    assert posting == set(FORMS)


def snapshot() -> str:
    models = [
        *apps.get_app_config("members").get_models(),
        *apps.get_app_config("coproduction").get_models(),
    ]
    return "".join(serializers.serialize("json", model.objects.order_by("pk")) for model in models)


class HostileFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        collaboration = CollaborationFactory(slug="hostile")
        cls.member = UserFactory()
        cls.subject = MembershipFactory(collaboration=collaboration, user=cls.member)
        cls.staff = UserFactory()
        MembershipFactory(
            collaboration=collaboration,
            user=cls.staff,
            role=Membership.Role.ADMIN,
            dbs_level=Membership.DbsLevel.ENHANCED,
            dbs_certificate_date=timezone.localdate(),
        )
        enable_totp(cls.staff)
        Profile.objects.create(user=cls.member)
        cls.commitment = Commitment.objects.create(
            user=cls.member, kind="caring", starts_on=timezone.localdate()
        )
        cls.change = AvailabilityChange.objects.create(
            user=cls.member, date=timezone.localdate() + timedelta(days=2), available=True
        )

    def url(self, name: str) -> str:
        kwargs = {"collaboration_slug": "hostile", "person_code": self.subject.code}
        if "commitment-" in name and not name.endswith("create"):
            kwargs["code"] = self.commitment.code
        if "availability-change-delete" in name:
            kwargs["code"] = self.change.code
        return reverse(name, kwargs=kwargs)

    def field_names(self, name: str) -> list[str]:
        """The names the form's widgets post under (a date's boxes are name_0, name_1...)."""
        make_form = FORMS[name]
        names = []
        for field_name, field in (make_form(self.member).fields if make_form else {}).items():
            if isinstance(field.widget, MultiWidget):
                names += [f"{field_name}_{i}" for i in range(len(field.widget.widgets))]
            else:
                names.append(field_name)
        return [*names, "unexpected_field"]

    def check(self, name: str, who, data: dict) -> None:
        self.client.force_login(who)
        before = snapshot()
        response = self.client.post(self.url(name), data)
        assert response.status_code in (200, 302, 403), (name, response.status_code)
        if response.status_code == 200:
            form_errors = [
                value.errors
                for context in response.context
                for key, value in context.flatten().items()
                if "form" in key and hasattr(value, "errors") and value.is_bound
            ]
            assert any(form_errors), f"{name} answered 200 without showing an error"
        if response.status_code != 302:
            assert snapshot() == before, f"{name} saved something from a rejected request"

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def test_hostile_posts_as_the_member_and_as_staff(self, data):
        name = data.draw(st.sampled_from(sorted(n for n, f in FORMS.items() if f)))
        fields = self.field_names(name)
        chosen = data.draw(st.lists(st.sampled_from(fields), unique=True))
        payload = {field: data.draw(st.lists(VALUES, min_size=1, max_size=3)) for field in chosen}
        who = data.draw(st.sampled_from([self.member, self.staff]))
        self.check(name, who, payload)
