import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from coproduction.inputs import normalize_email_address


class UserManager(BaseUserManager["User"]):
    """Creates people who log in by email or by phone; there are no usernames."""

    use_in_migrations = True

    def get_queryset(self):
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


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    CALL = "call", "Phone call"
    POST = "post", "Letter by post"


# The profile fields a person edits themselves (channels are set from three choices).
PROFILE_FIELDS = (
    "display_name",
    "pronouns",
    "age_band",
    "preferred_language",
    "time_zone",
    "call_phone",
    "postal_address",
    "consent_reminders",
    "consent_prompts",
    "consent_news",
)


class Profile(models.Model):
    """How a person wants to appear and to be reached. One per person, in every collaboration."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(
        "name to show", max_length=100, blank=True, help_text="Leave empty to use your full name."
    )
    pronouns = models.CharField(
        max_length=50, blank=True, help_text="For example she/her, they/them."
    )
    age_band = models.CharField(
        max_length=10,
        choices=AgeBand.choices,
        blank=True,
        help_text="If you would rather not give your date of birth.",
    )
    preferred_language = models.CharField(max_length=50, default="English")
    time_zone = models.CharField(max_length=64, default="Europe/London")
    channels = models.JSONField(
        "ways to contact me, in order",
        default=list,
        help_text="Channel values, first choice first.",
    )
    call_phone = models.CharField(
        "number for phone calls",
        max_length=30,
        blank=True,
        help_text="If different from your mobile.",
    )
    postal_address = models.TextField(blank=True)
    consent_reminders = models.BooleanField("session reminders", default=True)
    consent_prompts = models.BooleanField("prompts to reflect or give feedback", default=True)
    consent_news = models.BooleanField("news about the collaboration", default=False)
    reminder_hours = models.CharField(
        "my reminders, hours before a session",
        max_length=50,
        blank=True,
        help_text="Leave empty for the collaboration's usual reminders. For example 48 or 168,24.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class AccessNeeds(models.Model):
    """What a person needs to take part, captured once and applied everywhere.

    Staff see these where they plan; other members never do.
    """

    class TimeOfDay(models.TextChoices):
        ANY = "", "No preference"
        MORNING = "morning", "Mornings"
        AFTERNOON = "afternoon", "Afternoons"
        EVENING = "evening", "Evenings"

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="access_needs")
    easy_read = models.BooleanField("Easy Read versions of papers", default=False)
    large_print = models.BooleanField("large print", default=False)
    large_print_size = models.PositiveSmallIntegerField(
        "large print size (points)",
        null=True,
        blank=True,
        validators=[MinValueValidator(12), MaxValueValidator(72)],
    )
    bsl_interpreter = models.BooleanField("a British Sign Language interpreter", default=False)
    other_interpreter = models.CharField(
        "an interpreter for another language",
        max_length=100,
        blank=True,
        help_text="Which language?",
    )
    captions = models.BooleanField("captions in online meetings", default=False)
    step_free = models.BooleanField("a step-free venue", default=False)
    quiet_room = models.BooleanField("a quiet room", default=False)
    breaks = models.BooleanField("regular breaks", default=False)
    camera_off = models.BooleanField("keeping my camera off online", default=False)
    supporter_attending = models.BooleanField("a supporter coming with me", default=False)
    preferred_time_of_day = models.CharField(max_length=10, choices=TimeOfDay.choices, blank=True)
    longest_session_minutes = models.PositiveSmallIntegerField(
        "longest session I can manage (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    notes = models.TextField("anything else we should know", blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Access needs of {self.user}"


# The commitment fields a person edits (the repeat rule is built from the form's choices).
COMMITMENT_FIELDS = (
    "kind",
    "strength",
    "reason",
    "share_reason",
    "starts_on",
    "ends_on",
    "start_time",
    "end_time",
    "rrule",
)


class Commitment(models.Model):
    """Something that stops a person taking part, or makes it harder: the time finder respects it.

    Either a date range (starts_on..ends_on, whole days or between two times each day), or a
    recurring rule (an iCalendar RRULE such as FREQ=WEEKLY;BYDAY=MO,WE) from starts_on,
    between two local times, in the person's time zone.
    """

    class Kind(models.TextChoices):
        CARING = "caring", "Caring for someone"
        SCHOOL_WORK = "school_work", "School, college or work"
        EXAM = "exam", "Exams or revision"
        TRAVEL = "travel", "Travel or holiday"
        HEALTH = "health", "Health"
        OTHER = "other", "Something else"

    class Strength(models.TextChoices):
        CANT = "cant", "I can't take part then"
        RATHER_NOT = "rather_not", "I'd rather not, but could"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    strength = models.CharField(max_length=20, choices=Strength.choices, default=Strength.CANT)
    reason = models.CharField("what it is", max_length=200, blank=True)
    share_reason = models.BooleanField("staff may see what it is", default=False)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    rrule = models.CharField("repeat rule", max_length=300, blank=True)
    time_zone = models.CharField(max_length=64, default="Europe/London")
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="commitment_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False),
                name="commitment_times_come_in_pairs",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.user})"

    @property
    def is_recurring(self) -> bool:
        return bool(self.rrule)


class Availability(models.Model):
    """A person's usual week: which periods of which days they can usually take part.

    `weekly` holds "weekday-period" strings, weekday 0 = Monday, in the person's time zone.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="availability")
    weekly = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Usual availability of {self.user}"


class AvailabilityChange(models.Model):
    """A one-off change to the usual week: free when usually busy, or the other way round."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="availability_changes")
    date = models.DateField()
    period = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            ("morning", "Morning"),
            ("afternoon", "Afternoon"),
            ("late_afternoon", "Late afternoon"),
            ("evening", "Evening"),
        ],
        help_text="Leave empty for the whole day.",
    )
    available = models.BooleanField()
    note = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "period"]

    def __str__(self) -> str:
        return f"{self.date}: {'free' if self.available else 'not free'}"


class StepAway(models.Model):
    """A pause in taking part, with an optional reason and return date. No penalty."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    membership = models.ForeignKey(
        "coproduction.Membership", on_delete=models.CASCADE, related_name="step_aways"
    )
    started_on = models.DateField(default=timezone.localdate)
    return_on = models.DateField("planned return date", null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    share_reason = models.BooleanField("staff may see the reason", default=False)
    ended_on = models.DateField(null=True, blank=True)
    return_prompted_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"], condition=Q(ended_on__isnull=True), name="one_open_step_away"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} away from {self.started_on}"


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


class MonitoringResponse(models.Model):
    """Opt-in equality monitoring: special category data, stored apart from the profile.

    Never shown one person at a time except to the person themselves; read in aggregate with
    small numbers suppressed. Not kept in any history: withdrawing deletes it for good.
    """

    PREFER_NOT = "prefer_not_to_say"

    class Ethnicity(models.TextChoices):
        ASIAN = "asian", "Asian or Asian British"
        BLACK = "black", "Black, Black British, Caribbean or African"
        MIXED = "mixed", "Mixed or multiple ethnic groups"
        WHITE = "white", "White"
        OTHER = "other", "Another ethnic group"
        PREFER_NOT = "prefer_not_to_say", "Prefer not to say"

    class Disability(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        PREFER_NOT = "prefer_not_to_say", "Prefer not to say"

    class Gender(models.TextChoices):
        WOMAN = "woman", "Woman"
        MAN = "man", "Man"
        NON_BINARY = "non_binary", "Non-binary"
        OTHER = "other", "In another way"
        PREFER_NOT = "prefer_not_to_say", "Prefer not to say"

    membership = models.OneToOneField(
        "coproduction.Membership", on_delete=models.CASCADE, related_name="monitoring_response"
    )
    consented_at = models.DateTimeField(default=timezone.now)
    age_band = models.CharField(
        max_length=20, choices=[*AgeBand.choices, (PREFER_NOT, "Prefer not to say")]
    )
    ethnicity = models.CharField(max_length=20, choices=Ethnicity.choices)
    disability = models.CharField(max_length=20, choices=Disability.choices)
    gender = models.CharField(max_length=20, choices=Gender.choices)
    answers = models.JSONField(
        default=dict, blank=True, help_text="Answers to the collaboration's own questions."
    )

    def __str__(self) -> str:
        return "Equality monitoring response"


class MonitoringQuestion(models.Model):
    """An extra equality-monitoring question a collaboration asks (answers are opt-in too)."""

    collaboration = models.ForeignKey(
        "coproduction.Collaboration", on_delete=models.CASCADE, related_name="monitoring_questions"
    )
    code = models.SlugField(max_length=40)
    text = models.CharField(max_length=200)
    options = models.JSONField(default=list, help_text="The answers to choose from.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "code"], name="monitoring_question_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text
