"""What a person tells us about themselves: their profile and how to reach them, and
their access needs, captured once."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from members.models.users import AgeBand, User


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    CALL = "call", "Phone call"
    POST = "post", "Letter by post"


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
