"""Under-18s: a guardian's consent, and the young person's own agreement, dated."""

from django.db import models
from simple_history.models import HistoricalRecords

from members.models.users import User


class GuardianConsent(models.Model):
    """For an under-18: their guardian's dated consent, and the young person's own agreement."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="guardian_consent")
    guardian_name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=100, help_text="For example mother, foster carer.")
    guardian_phone = models.CharField(max_length=30, blank=True)
    guardian_email = models.EmailField(blank=True)
    consent_given_on = models.DateField("guardian consent given on", null=True, blank=True)
    consent_withdrawn_on = models.DateField(null=True, blank=True)
    young_person_agreed_on = models.DateField("young person agreed on", null=True, blank=True)
    photo_consent_guardian = models.BooleanField("guardian agrees to photos", default=False)
    photo_consent_young_person = models.BooleanField("young person agrees to photos", default=False)
    payment_method = models.CharField(
        "guardian-approved way to pay them",
        max_length=10,
        choices=[
            ("voucher", "E-voucher"),
            ("charity", "Pay it to a charity"),
            ("decline", "Not paid"),
        ],
        blank=True,
        help_text="Under-18s are never asked for bank details.",
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Guardian consent for {self.user}"

    @property
    def is_complete(self) -> bool:
        return bool(
            self.consent_given_on and self.young_person_agreed_on and not self.consent_withdrawn_on
        )
