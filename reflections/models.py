"""Feedback and reflections (named or anonymous), contributions made without a meeting
(words, photos, voice notes, journey maps, diaries), actions ("you said, we did") and
celebrations.

Anything anonymous holds no link to its author: no user or membership key, no IP address, no
timestamp finer than the day, no history rows, no outbox message.
"""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone

from coproduction.managers import PeersManager


class Feedback(models.Model):
    class Kind(models.TextChoices):
        CONCERN = "concern", "Something we got wrong"
        IDEA = "idea", "An idea"
        PRAISE = "praise", "Something that went well"

    class Via(models.TextChoices):
        ONLINE = "online", "Online"
        PHONE = "phone", "By phone"
        POST = "post", "By post"
        IN_PERSON = "in_person", "In person"

    # A random key, not a counter: a counter would give away the order feedback arrived in.
    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collaboration = models.ForeignKey(
        "coproduction.Collaboration", on_delete=models.CASCADE, related_name="feedback"
    )
    session = models.ForeignKey(
        "sessions_app.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CONCERN)
    text = models.TextField(max_length=5000)
    # Only for named feedback. Anonymous feedback has no author, and nothing else that points
    # to one: the day it arrived, never the time.
    author = models.ForeignKey(
        "coproduction.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    received_on = models.DateField()
    received_via = models.CharField(max_length=10, choices=Via.choices, default=Via.ONLINE)

    objects = PeersManager()

    class Meta:
        ordering = ["-received_on", "code"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.received_on})"

    @property
    def is_anonymous(self) -> bool:
        return self.author_id is None


class Action(models.Model):
    """'You said, we did': something raised, what will be done, by whom, by when, and the outcome.

    A shared record: staff and members edit it side by side.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        WONT_DO = "wont_do", "We won't do this"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "coproduction.Collaboration", on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField("what we will do", max_length=200)
    raised = models.TextField("what was raised", blank=True)
    owner = models.ForeignKey(
        "coproduction.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    raised_by = models.ForeignKey(
        "coproduction.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="raised_actions",
        help_text="Empty when it was raised anonymously.",
    )
    feedback = models.OneToOneField(
        Feedback, null=True, blank=True, on_delete=models.SET_NULL, related_name="action"
    )
    reflection = models.OneToOneField(
        "Reflection", null=True, blank=True, on_delete=models.SET_NULL, related_name="action"
    )
    agenda_item = models.OneToOneField(
        "sessions_app.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action",
    )
    contribution = models.OneToOneField(
        "Contribution", null=True, blank=True, on_delete=models.SET_NULL, related_name="action"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField("what we did, or why not", blank=True)
    shared_version = models.PositiveIntegerField(default=1, editable=False)

    objects = PeersManager()

    class Meta:
        ordering = ["status", "due_on"]

    def __str__(self) -> str:
        return self.title


class Reflection(models.Model):
    """A person's reflection after a session, or on a quarter, seen by whom they choose."""

    class Visibility(models.TextChoices):
        EVERYONE = "everyone", "Everyone in the collaboration, with my name"
        STAFF = "staff", "Staff only, with my name"
        ANONYMOUS = "anonymous", "Anyone, without my name"

    class Feeling(models.IntegerChoices):
        AWFUL = 1, "Awful"
        NOT_GOOD = 2, "Not good"
        OKAY = 3, "Okay"
        GOOD = 4, "Good"
        GREAT = 5, "Great"

    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collaboration = models.ForeignKey(
        "coproduction.Collaboration", on_delete=models.CASCADE, related_name="reflections"
    )
    session = models.ForeignKey(
        "sessions_app.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reflections",
    )
    quarter = models.CharField(
        max_length=7, blank=True, help_text="For a quarterly reflection, e.g. 2026-Q4."
    )
    went_well = models.TextField("what went well", max_length=3000, blank=True)
    could_be_better = models.TextField("what could be better", max_length=3000, blank=True)
    feeling = models.PositiveSmallIntegerField(
        "how it felt", choices=Feeling.choices, null=True, blank=True
    )
    one_change = models.TextField("one thing to change", max_length=1000, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.EVERYONE
    )
    # Empty when anonymous, and then nothing else points to the author: the day, never the time.
    author = models.ForeignKey(
        "coproduction.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reflections",
    )
    written_on = models.DateField()

    objects = PeersManager()

    class Meta:
        ordering = ["-written_on", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(visibility="anonymous") | models.Q(author__isnull=True),
                name="reflection_anonymous_has_no_author",
            )
        ]

    def __str__(self) -> str:
        return f"Reflection ({self.written_on})"

    @property
    def is_anonymous(self) -> bool:
        return self.visibility == self.Visibility.ANONYMOUS


class Celebration(models.Model):
    """A success worth celebrating, added by anyone, seen by everyone in the collaboration."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "coproduction.Collaboration", on_delete=models.CASCADE, related_name="celebrations"
    )
    title = models.CharField("what are we celebrating?", max_length=200)
    story = models.TextField("tell the story (optional)", max_length=3000, blank=True)
    happened_on = models.DateField("when")
    added_by = models.ForeignKey(
        "coproduction.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="celebrations",
    )

    objects = PeersManager()

    class Meta:
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return self.title


def contribution_storage():
    return storages["contributions"]


class Diary(models.Model):
    """A member's dated entries over a period (an exam season, a change in a service). Entries
    are theirs alone until they share one."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    membership = models.ForeignKey(
        "coproduction.Membership", on_delete=models.CASCADE, related_name="diaries"
    )
    title = models.CharField(
        "what is this diary about?",
        max_length=200,
        help_text="For example: my exam season, or moving to adult services.",
    )
    starts_on = models.DateField("from")
    ends_on = models.DateField("until", null=True, blank=True, help_text="Optional.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name_plural = "diaries"

    def __str__(self) -> str:
        return self.title


class Contribution(models.Model):
    """Something a person gives without a meeting, in the form that suits them: words, a
    photo, a voice note, a journey map or a diary entry. Credited to them even when staff
    typed it in from a phone call or a letter."""

    class Kind(models.TextChoices):
        NOTE = "note", "Words, a photo or a voice note"
        JOURNEY = "journey", "A journey map"
        DIARY = "diary", "A diary entry"

    class Visibility(models.TextChoices):
        ME = "me", "Only me, for now"
        STAFF = "staff", "Staff only"
        EVERYONE = "everyone", "Everyone in the collaboration"

    class Via(models.TextChoices):
        ONLINE = "online", "Online"
        PHONE = "phone", "By phone"
        POST = "post", "By post"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "coproduction.Collaboration", on_delete=models.CASCADE, related_name="contributions"
    )
    membership = models.ForeignKey(
        "coproduction.Membership", on_delete=models.CASCADE, related_name="contributions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTE)
    title = models.CharField("a short title (optional)", max_length=200, blank=True)
    text = models.TextField("in your words", max_length=10000, blank=True)
    photo = models.FileField(
        storage=contribution_storage, upload_to="contributions/%Y/%m/", blank=True
    )
    photo_description = models.CharField(
        "what the photo shows",
        max_length=300,
        blank=True,
        help_text="A few words for people who can't see it.",
    )
    photo_agreed_on = models.DateField(null=True, blank=True)
    voice_note = models.FileField(
        storage=contribution_storage, upload_to="contributions/%Y/%m/", blank=True
    )
    visibility = models.CharField(
        "who can see it", max_length=10, choices=Visibility.choices, default=Visibility.STAFF
    )
    session = models.ForeignKey(
        "sessions_app.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    work_area = models.ForeignKey(
        "coproduction.WorkArea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    task = models.ForeignKey(
        "sessions_app.ShortTask",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    diary = models.ForeignKey(
        Diary, null=True, blank=True, on_delete=models.CASCADE, related_name="entries"
    )
    entry_date = models.DateField("the day it is about", null=True, blank=True)
    received_via = models.CharField(max_length=10, choices=Via.choices, default=Via.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PeersManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(visibility="me") | models.Q(kind="diary"),
                name="contribution_only_diary_entries_are_private_to_me",
            )
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} ({self.created_at:%d %b %Y})"

    @property
    def entered_by_staff(self) -> bool:
        return self.received_via != self.Via.ONLINE


class JourneyStep(models.Model):
    """One step of a journey map: what happened, and how it felt."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    what_happened = models.CharField(max_length=500)
    feeling = models.PositiveSmallIntegerField("how it felt", choices=Reflection.Feeling.choices)
    feeling_words = models.CharField("how it felt, in your words", max_length=300, blank=True)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"Step {self.position}"
