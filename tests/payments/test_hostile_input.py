"""Random and hostile values posted to every payments form: always the form again with its
errors, or a redirect with a message, never a server error."""

from datetime import date
from decimal import Decimal

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from coproduction.models import Membership
from payments import forms, services
from payments.models import Activity, Claim, Unit
from tests.coproduction.test_access_matrix import EXPECTED
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory, enable_totp
from tests.members.test_hostile_input import VALUES
from tests.support.forms import post_names

Role = Membership.Role


class HostilePaymentFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        collaboration = CollaborationFactory(slug="hostile")
        cls.member = MembershipFactory(collaboration=collaboration, user=UserFactory())
        people = {}
        for role in (Role.STAFF, Role.FINANCE):
            people[role] = MembershipFactory(
                collaboration=collaboration, user=UserFactory(), role=role
            )
            enable_totp(people[role].user)
        cls.staff, cls.finance = people[Role.STAFF], people[Role.FINANCE]
        cls.claim = Claim.objects.create(
            collaboration=collaboration,
            membership=cls.member,
            description="Task",
            date_worked=date(2026, 3, 2),
            activity=Activity.TASK,
            unit=Unit.HOUR,
            quantity=Decimal("2"),
            amount_due=Decimal("55.00"),
            method="voucher",
        )
        approved = Claim.objects.create(
            collaboration=collaboration,
            membership=cls.member,
            description="Other",
            date_worked=date(2026, 3, 2),
            activity=Activity.TASK,
            unit=Unit.HOUR,
            quantity=Decimal("1"),
            amount_due=Decimal("27.50"),
            method="voucher",
            status=Claim.Status.APPROVED,
        )
        cls.batch = services.batch_create(collaboration=collaboration, created_by=cls.finance.user)
        services.batch_mark_paid(
            batch=cls.batch, paid_on=date(2026, 3, 5), marked_by=cls.finance.user
        )
        cls.payment = approved.payments.get()

    def targets(self):
        slug, m, c = "hostile", self.member.code, self.claim.code
        claim_fields = forms.TimeClaimForm(membership=self.member).fields
        choice_fields = forms.ClaimChoiceForm(instance=self.claim, membership=self.member).fields
        return {
            "payments:claim-new": (reverse("payments:claim-new", args=[slug, m]), claim_fields),
            "payments:expense-new": (
                reverse("payments:expense-new", args=[slug, m]),
                forms.ExpenseForm(membership=self.member).fields,
            ),
            "payments:payee-details": (
                reverse("payments:payee-details", args=[slug, m]),
                forms.PayeeDetailsForm(membership=self.member).fields,
            ),
            "payments:earnings-limits": (
                reverse("payments:earnings-limits", args=[slug, m]),
                {**forms.EarningsLimitForm().fields, "step": None},
            ),
            "payments:claim-send": (reverse("payments:claim-send", args=[slug, c]), choice_fields),
            "payments:claim-save": (reverse("payments:claim-save", args=[slug, c]), choice_fields),
            "payments:claim-split": (
                reverse("payments:claim-split", args=[slug, c]),
                forms.SplitForm().fields,
            ),
            "payments:claim-withdraw": (
                reverse("payments:claim-withdraw", args=[slug, c]),
                {"confirmed": None},
            ),
            "payments:claim-receipt-add": (
                reverse("payments:claim-receipt-add", args=[slug, c]),
                forms.ReceiptForm().fields,
            ),
            "payments:claim-decide": (
                reverse("payments:claim-decide", args=[slug, c]),
                {"decision": None, "reason": None, "over_limit_agreed": None},
            ),
            "payments:batches": (reverse("payments:batches", args=[slug]), {}),
            "payments:batch-paid": (
                reverse("payments:batch-paid", args=[slug, self.batch.code]),
                forms.MarkPaidForm().fields,
            ),
            "payments:payment-reverse": (
                reverse("payments:payment-reverse", args=[slug, self.payment.code]),
                {"reason": None},
            ),
        }

    def test_every_posting_payments_url_is_covered(self):
        posting = {
            n
            for n, (method, _) in EXPECTED.items()
            if n.startswith("payments:") and "post" in method
        }
        assert posting == set(self.targets())

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def test_hostile_posts(self, data):
        targets = self.targets()
        name = data.draw(st.sampled_from(sorted(targets)))
        url, fields = targets[name]
        names = post_names(fields)
        chosen = data.draw(st.lists(st.sampled_from(names), unique=True))
        payload = {field: data.draw(st.lists(VALUES, min_size=1, max_size=3)) for field in chosen}
        who = data.draw(st.sampled_from([self.member.user, self.staff.user, self.finance.user]))
        self.client.force_login(who)
        response = self.client.post(url, payload)
        assert response.status_code in (200, 302, 403, 404), (name, response.status_code)
