"""Sessions (meetings), venues, agenda items, briefs, invitations, attendance and polls."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from coproduction.managers import PeersManager


class Venue(models.Model):
    """A place sessions happen, with the access features people need to know about."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "coproduction.Collaboration", on_delete=models.CASCADE, related_name="venues"
    )
    name = models.CharField(max_length=150)
    address = models.TextField(blank=True)
    step_free = models.BooleanField("step-free access", default=False)
    hearing_loop = models.BooleanField(default=False)
    accessible_toilet = models.BooleanField(default=False)
    quiet_room = models.BooleanField(default=False)
    near_public_transport = models.BooleanField(default=False)
    notes = models.TextField("getting there and getting in", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def access_features(self) -> list[str]:
        labels = {
            "step_free": "step-free access",
            "hearing_loop": "hearing loop",
            "accessible_toilet": "accessible toilet",
            "quiet_room": "quiet room",
            "near_public_transport": "near public transport",
        }
        return [label for name, label in labels.items() if getattr(self, name)]


class LadderRung(models.TextChoices):
    """Think Local Act Personal's ladder of co-production, from the bottom rung up."""

    COERCION = "coercion", "Coercion"
    EDUCATING = "educating", "Educating"
    INFORMING = "informing", "Informing"
    CONSULTATION = "consultation", "Consultation"
    ENGAGEMENT = "engagement", "Engagement"
    CO_DESIGN = "co_design", "Co-design"
    CO_PRODUCTION = "co_production", "Co-production"


class Session(models.Model):
    """A meeting of some or all of a collaboration, with its brief and agenda."""

    class Kind(models.TextChoices):
        WORK_AREA = "work_area", "Work-area meeting"
        WHOLE = "whole", "Whole collaboration"
        SOCIAL = "social", "Social"
        TRAINING = "training", "Training"
        CHECK_IN = "check_in", "One-to-one check-in"

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone call"
        HYBRID = "hybrid", "In person and by video"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "coproduction.Collaboration", on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WORK_AREA)
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    work_area = models.ForeignKey(
        "coproduction.WorkArea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, default="Europe/London")
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    video_link = models.URLField(blank=True)
    phone_details = models.CharField("how to join by phone", max_length=200, blank=True)
    chair = models.ForeignKey(
        "coproduction.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chaired_sessions",
    )
    facilitators = models.ManyToManyField(
        "coproduction.Membership", blank=True, related_name="facilitated_sessions"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    brief_summary = models.TextField(
        "in short", blank=True, help_text="Plain words: what, why, what we will decide."
    )
    brief_details = models.TextField("details", blank=True)
    brief_questions = models.TextField(
        "questions we will discuss", blank=True, help_text="One a line."
    )
    brief_easy_read = models.TextField(
        "Easy Read version", blank=True, help_text="Short sentences, one idea each."
    )
    brief_sent_at = models.DateTimeField(null=True, blank=True)
    ladder_rung = models.CharField(
        "on the ladder of co-production",
        max_length=15,
        choices=LadderRung.choices,
        blank=True,
        help_text="Think Local Act Personal's ladder: be honest, it helps us climb it.",
    )
    lundy_space = models.TextField(
        "Space: how young people had a safe, inclusive place to give their views",
        blank=True,
    )
    lundy_voice = models.TextField("Voice: how they were helped to express their views", blank=True)
    lundy_audience = models.TextField("Audience: who listened, with the power to act", blank=True)
    lundy_influence = models.TextField(
        "Influence: what was done with their views, and how we told them", blank=True
    )
    preparation_minutes = models.PositiveSmallIntegerField(
        "paid preparation and reading time (minutes)",
        default=0,
        help_text="Members who come are paid for this as well as the session. 0 for none.",
    )
    check_in_secret = models.CharField(max_length=64, default=secrets.token_urlsafe, editable=False)
    notes = models.TextField("shared notes", blank=True)
    shared_version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PeersManager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def agenda_open(self) -> bool:
        """Anyone invited may propose agenda items until the brief goes out."""
        return self.brief_sent_at is None and self.status in (
            self.Status.PROPOSED,
            self.Status.SCHEDULED,
        )

    def questions(self) -> list[str]:
        return [line.strip() for line in self.brief_questions.splitlines() if line.strip()]


class AgendaItem(models.Model):
    """Something to discuss, credited to the person who proposed it."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        "coproduction.Membership",
        null=True,
        on_delete=models.SET_NULL,
        related_name="proposed_agenda_items",
    )
    position = models.PositiveIntegerField(default=0)
    minutes = models.PositiveSmallIntegerField("time allowed (minutes)", null=True, blank=True)
    outcome = models.TextField(blank=True)
    shared_version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PeersManager()

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.title


class SessionInvite(models.Model):
    """One person invited to one session: their answer, and whether they came."""

    class Response(models.TextChoices):
        PENDING = "pending", "Not answered yet"
        YES = "yes", "Yes, I'll come"
        MAYBE = "maybe", "Maybe"
        NO = "no", "I can't come"

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", "Not recorded"
        ATTENDED = "attended", "Came"
        ABSENT = "absent", "Did not come"
        APOLOGIES = "apologies", "Sent apologies"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invites")
    membership = models.ForeignKey(
        "coproduction.Membership", on_delete=models.CASCADE, related_name="session_invites"
    )
    response = models.CharField(max_length=10, choices=Response.choices, default=Response.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_in = models.BooleanField("checked in themselves", default=False)

    objects = PeersManager()

    class Meta:
        ordering = ["membership__user__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "membership"], name="one_invite_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.membership} to {self.session}"


class Poll(models.Model):
    """A choice of times for members to answer before staff confirm one as a session."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CONFIRMED = "confirmed", "Confirmed"
        CLOSED = "closed", "Closed"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "coproduction.Collaboration", on_delete=models.CASCADE, related_name="polls"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=Session.Kind.choices, default=Session.Kind.WORK_AREA
    )
    mode = models.CharField(
        max_length=20, choices=Session.Mode.choices, default=Session.Mode.IN_PERSON
    )
    work_area = models.ForeignKey(
        "coproduction.WorkArea", null=True, blank=True, on_delete=models.SET_NULL
    )
    invitees = models.ManyToManyField("coproduction.Membership", related_name="polls")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    session = models.OneToOneField(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="poll"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class PollOption(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.poll}: {self.starts_at}"


class PollAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        IF_NEED_BE = "if_need_be", "If need be"
        NO = "no", "No"

    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="answers")
    membership = models.ForeignKey(
        "coproduction.Membership", on_delete=models.CASCADE, related_name="poll_answers"
    )
    answer = models.CharField(max_length=12, choices=Answer.choices)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "membership"], name="one_answer_per_option")
        ]

    def __str__(self) -> str:
        return f"{self.membership}: {self.answer}"


class CalendarFeed(models.Model):
    """A person's private calendar address. Making a new one stops the old one working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar of {self.user}"


class ShortTask(models.Model):
    """Something to do without a meeting: a question to answer, a document to review, a few
    photos to take; with a plain brief, the time it should take, a deadline and its pay."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "coproduction.Collaboration", on_delete=models.CASCADE, related_name="short_tasks"
    )
    title = models.CharField("what we are asking", max_length=200)
    brief = models.TextField("what to do, in plain words", max_length=5000)
    work_area = models.ForeignKey(
        "coproduction.WorkArea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="short_tasks",
        help_text="Leave empty to ask everyone.",
    )
    session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="short_tasks",
        help_text="If it is preparation for a session.",
    )
    expected_minutes = models.PositiveSmallIntegerField(
        "how long it should take (minutes)", default=25
    )
    deadline = models.DateField()
    paid = models.BooleanField("paid for the time it takes", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PeersManager()

    class Meta:
        ordering = ["deadline", "title"]

    def __str__(self) -> str:
        return self.title


class TaskAnswer(models.Model):
    """One person's answer to a short task, private to staff or shared with everyone."""

    class Visibility(models.TextChoices):
        STAFF = "staff", "Staff only"
        EVERYONE = "everyone", "Everyone in the collaboration"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.ForeignKey(ShortTask, on_delete=models.CASCADE, related_name="answers")
    membership = models.ForeignKey(
        "coproduction.Membership", on_delete=models.CASCADE, related_name="task_answers"
    )
    text = models.TextField("your answer", max_length=10000)
    visibility = models.CharField(
        "who can read it", max_length=10, choices=Visibility.choices, default=Visibility.STAFF
    )
    received_via = models.CharField(
        max_length=10,
        choices=[("online", "Online"), ("phone", "By phone"), ("post", "By post")],
        default="online",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    objects = PeersManager()

    class Meta:
        ordering = ["-answered_at"]
        constraints = [
            models.UniqueConstraint(fields=["task", "membership"], name="task_answer_once")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.task}"
