"""People: the custom User, who logs in by email or by phone, with no username."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField

from coproduction.inputs import normalize_email_address


class UserManager(BaseUserManager["User"]):
    """Creates people who log in by email or by phone; there are no usernames."""

    use_in_migrations = True

    def get_queryset(self) -> QuerySet["User"]:
        # A list of people loads their profiles (for their names) in one query, not one each.
        return super().get_queryset().fetch_mode(models.FETCH_PEERS)

    def create_user(
        self,
        email: str | None = None,
        password: str | None = None,
        *,
        phone: str | None = None,
        **extra_fields: object,
    ) -> "User":
        if not email and not phone:
            raise ValueError("A person needs an email address or a phone number.")
        user = self.model(
            email=normalize_email_address(email) if email else None,
            phone=phone or None,
            **extra_fields,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(
        self,
        email: str,
        password: str | None = None,
        **extra_fields: Any,  # the model's other fields (`phone` may be one)
    ) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: identified by an email address, a mobile number, or both.

    `is_staff` only opens Django's admin site; what a person may do in a collaboration
    comes from their Membership role there.
    """

    email = models.EmailField("email address", unique=True, blank=True, null=True)
    phone = PhoneNumberField(
        "mobile number", blank=True, null=True, help_text="For login codes by text message."
    )
    phone_verified = models.BooleanField(default=False)
    name = models.CharField("full name", max_length=150)
    date_of_birth = models.DateField(
        null=True, blank=True, help_text="Used to apply the safeguards for under-18s."
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("can use the admin site", default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Someone who takes part by post or phone call, with neither email nor a mobile: staff
    # added them, and they never log in. Staff act for them, as for anyone, on their behalf.
    offline_only = models.BooleanField("takes part by post or phone call only", default=False)
    offline_agreement = models.TextField(
        "how and when they agreed",
        blank=True,
        help_text="To take part, and to us keeping their details, as they told staff.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["phone"], name="user_phone_unique"),
            models.CheckConstraint(
                condition=Q(email__isnull=False)
                | Q(phone__isnull=False)
                | Q(erased_at__isnull=False)
                | Q(offline_only=True),
                name="user_has_email_or_phone",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email or str(self.phone)

    @property
    def is_under_18(self) -> bool:
        """From the date of birth, or else the age band the person gave."""
        if self.date_of_birth is None:
            profile = getattr(self, "profile", None)
            return bool(profile and profile.age_band in UNDER_18_BANDS)
        today = timezone.localdate()
        birthday_passed = (today.month, today.day) >= (
            self.date_of_birth.month,
            self.date_of_birth.day,
        )
        return today.year - self.date_of_birth.year - (0 if birthday_passed else 1) < 18

    @property
    def shown_name(self) -> str:
        """The name the person chose to show, else their full name."""
        profile = getattr(self, "profile", None)
        return (profile.display_name if profile else "") or self.name

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ", 1)[0] if self.name else ""


class AgeBand(models.TextChoices):
    UNDER_16 = "under_16", "Under 16"
    AGE_16_17 = "16_17", "16 or 17"
    AGE_18_24 = "18_24", "18 to 24"
    AGE_25_34 = "25_34", "25 to 34"
    AGE_35_49 = "35_49", "35 to 49"
    AGE_50_64 = "50_64", "50 to 64"
    AGE_65_PLUS = "65_plus", "65 or over"


UNDER_18_BANDS = frozenset({AgeBand.UNDER_16, AgeBand.AGE_16_17})
