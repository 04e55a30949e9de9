from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField


def normalize_email_address(email: str) -> str:
    """Emails are stored lower-cased so that uniqueness ignores case."""
    return email.strip().lower()


class UserManager(BaseUserManager["User"]):
    """Creates people who log in by email or by phone; there are no usernames."""

    use_in_migrations = True

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

    def create_superuser(self, email: str, password: str | None = None, **extra_fields: object):
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

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["phone"], name="user_phone_unique"),
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False),
                name="user_has_email_or_phone",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email or str(self.phone)

    @property
    def is_under_18(self) -> bool:
        if self.date_of_birth is None:
            return False
        today = timezone.localdate()
        birthday_passed = (today.month, today.day) >= (
            self.date_of_birth.month,
            self.date_of_birth.day,
        )
        return today.year - self.date_of_birth.year - (0 if birthday_passed else 1) < 18

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ", 1)[0] if self.name else ""
