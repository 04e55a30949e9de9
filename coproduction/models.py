"""The core of the domain: collaborations (the tenants), their work areas, and who is in them."""

import uuid
from typing import cast

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone

from coproduction.managers import PeersManager
from coproduction.nations import NationsField, default_nations


class MonitoringCondition(models.TextChoices):
    EXPLICIT_CONSENT = "explicit_consent", "Explicit consent"
    EQUALITY_MONITORING = "equality_monitoring", "Equality of opportunity (DPA 2018 Sch. 1 para. 8)"


class Collaboration(models.Model):
    """An organisation and people with lived experience working together: the tenant.

    Everything else belongs to exactly one collaboration.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=150)
    slug = models.SlugField(unique=True, help_text="The short name used in web addresses.")
    summary = models.TextField(
        blank=True, help_text="What the collaboration is for, in plain words."
    )
    organisation = models.CharField(max_length=150, blank=True, help_text="The host organisation.")
    monitoring_lawful_condition = models.CharField(
        "lawful condition for equality monitoring",
        max_length=30,
        choices=MonitoringCondition.choices,
        default=MonitoringCondition.EXPLICIT_CONSENT,
    )
    monitoring_policy_url = models.URLField(
        "appropriate policy document",
        blank=True,
        help_text="Needed for the equality-monitoring condition.",
    )
    reminder_hours = models.CharField(
        "send session reminders this many hours before",
        max_length=50,
        default="168,48",
        help_text="Comma-separated hours; 168 is 7 days.",
    )
    anonymous_threshold = models.PositiveSmallIntegerField(
        "show anonymous responses about one session once there are at least",
        default=3,
        help_text="So that no one can be singled out.",
    )
    refresh_after_days = models.PositiveSmallIntegerField(
        "prompt staff when no member has joined for this many days", default=180
    )
    quiet_hours = models.CharField(
        "quiet hours for under-18s",
        max_length=11,
        default="21:00-08:00",
        help_text="No messages to under-18s in these hours, in their own time zone.",
    )
    small_number_threshold = models.PositiveSmallIntegerField(
        choices=[(5, "5 (counts of 1 to 4 show as <5)"), (10, "10 (counts of 1 to 9 show as <10)")],
        default=5,
        help_text="In reports, counts below this are hidden and small groups never broken down.",
    )
    community_profile = models.JSONField(
        "community profile",
        default=dict,
        blank=True,
        help_text=(
            "The community the collaboration serves, as percentages per equality-monitoring "
            'answer, for example {"ethnicity": {"asian": 12, "white": 70}, "disability": '
            '{"yes": 24}}. Reports compare who takes part with it.'
        ),
    )
    help_contact = models.ForeignKey(
        "Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The named person members can call for help, shown on every page.",
    )
    help_phone = models.CharField("help line", max_length=30, blank=True)
    help_hours = models.CharField(
        "when the help line is answered",
        max_length=100,
        blank=True,
        help_text="For example: Monday to Friday, 9am to 5pm.",
    )
    reply_to_email = models.EmailField(
        "where replies to our emails go",
        blank=True,
        help_text="A team inbox someone reads. Blank: the help contact's own email address.",
    )
    nations = NationsField(
        "UK nations we work in",
        default=default_nations,
        help_text=(
            "Bank holidays differ between the nations. When finding a time, we leave out the "
            "bank holidays of every nation ticked."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkArea(models.Model):
    """A strand of work inside a collaboration, such as "Mental health services"."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="work_areas"
    )
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    target_active_members = models.PositiveSmallIntegerField(
        default=0, help_text="How many active members this area needs. 0 means no target."
    )
    plan_aims = models.TextField("what we want to change", blank=True)
    plan_next_steps = models.TextField("what we will do next", blank=True)
    shared_version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PeersManager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "name"], name="workarea_name_unique_in_collaboration"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's place in one collaboration: their role, status and term."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        FACILITATOR = "facilitator", "Facilitator"
        STAFF = "staff", "Staff"
        TRUSTEE = "trustee", "Trustee"
        FINANCE = "finance", "Finance"
        ADMIN = "admin", "Administrator"

    class DbsLevel(models.TextChoices):
        NONE = "none", "None"
        BASIC = "basic", "Basic"
        STANDARD = "standard", "Standard"
        ENHANCED = "enhanced", "Enhanced"
        ENHANCED_BARRED = "enhanced_barred", "Enhanced with barred list"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        STEPPED_AWAY = "stepped_away", "Stepped away"
        ALUMNI = "alumni", "Alumni"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    organisation = models.CharField(
        max_length=150, blank=True, help_text="For people from a partner organisation."
    )
    work_areas = models.ManyToManyField(WorkArea, blank=True, related_name="memberships")
    dbs_level = models.CharField(
        "DBS check level", max_length=20, choices=DbsLevel.choices, default=DbsLevel.NONE
    )
    dbs_certificate_date = models.DateField(null=True, blank=True)
    term_start = models.DateField(default=timezone.localdate)
    term_end = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PeersManager()

    class Meta:
        ordering = ["collaboration", "user__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "user"], name="membership_one_per_person"
            ),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="membership_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.collaboration})"

    @property
    def is_lived_experience(self) -> bool:
        return self.role == self.Role.MEMBER

    @property
    def is_safeguarding_cleared(self) -> bool:
        """An enhanced DBS check dated within DBS_VALID_YEARS: may see under-18s' details."""
        if self.dbs_level not in (self.DbsLevel.ENHANCED, self.DbsLevel.ENHANCED_BARRED):
            return False
        if self.dbs_certificate_date is None:
            return False
        years = settings.DBS_VALID_YEARS
        return (timezone.localdate() - self.dbs_certificate_date).days <= 365 * years


class Invitation(models.Model):
    """An invitation from staff for one person to join a collaboration in a given role.

    The link sent to the person carries a signed form of `code`; it works once, until
    `expires_at`, and not after it is revoked.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="invitations"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True, null=True)  # noqa: DJ001 - null: none given
    phone = models.CharField(max_length=20, blank=True, null=True)  # noqa: DJ001 - as email
    role = models.CharField(max_length=20, choices=Membership.Role.choices)
    work_areas = models.ManyToManyField(WorkArea, blank=True, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="invitation_has_email_or_phone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} to {self.collaboration}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class GlossaryTerm(models.Model):
    """A word or phrase the collaboration uses, explained in plain English wherever it appears."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="glossary"
    )
    term = models.CharField(max_length=100)
    explanation = models.TextField()

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "term"], name="glossary_term_unique")
        ]

    def __str__(self) -> str:
        return self.term


class FieldChange(models.Model):
    """One accepted change to one field of a shared record: who, when, from what, to what.

    Shared records (agenda items, session notes, work-area plans) are edited by staff and
    members side by side; this is their history, their credits, and what "restore" restores.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=50)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    version = models.PositiveIntegerField(help_text="The record's version after this change.")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Entered by staff for this member, who is credited.",
    )
    changed_at = models.DateTimeField(default=timezone.now)
    restored_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-version", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "version"], name="fieldchange_record_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.field} v{self.version}"


class Message(models.Model):
    """One message to one person: a row first, sent later, exactly once, by the outbox.

    `dedupe_key` makes scheduling idempotent: whatever runs twice, one purpose gives one row.
    The person is a member (`recipient`), or someone invited to join who is not one yet
    (`invitation`, whose email or phone it goes to).
    """

    class Kind(models.TextChoices):
        BRIEF = "brief", "Brief for a session"
        REMINDER = "reminder", "Session reminder"
        REFLECTION = "reflection", "Reflection prompt"
        STEP_AWAY_CHECK_IN = "step_away_check_in", "Check-in at the end of a step-away"
        EXAM_CHECK_IN = "exam_check_in", "Check-in before exams"
        TERM_ENDING = "term_ending", "Term ending soon"
        TERM_ENDING_STAFF = "term_ending_staff", "A member's term is ending (for staff)"
        NO_NEW_MEMBERS = "no_new_members", "No one has joined for a while (for staff)"
        FEW_VOICES = "few_voices", "A few members do most of the talking (for staff)"
        ACTION_UPDATE = "action_update", "News of something you raised"
        CLAIM_TO_CONFIRM = "claim_to_confirm", "A claim waiting for you to confirm"
        CLAIM_UPDATE = "claim_update", "News of your claim"
        CLAIMS_WAITING = "claims_waiting", "Claims waiting for approval (for staff)"
        CALL_BACK = "call_back", "A call back someone asked for"
        JOIN_INVITATION = "join_invitation", "Invitation to join"
        SESSION_INVITATION = "session_invitation", "Invitation to a session"
        SESSION_CANCELLED = "session_cancelled", "A session is cancelled"
        POLL_INVITATION = "poll_invitation", "Asked when you can come"

    class Category(models.TextChoices):
        REMINDERS = "reminders", "Session reminders"
        PROMPTS = "prompts", "Prompts"
        NEWS = "news", "News"
        SERVICE = "service", "About taking part"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "Text message"
        CALL = "call", "Phone call by staff"
        POST = "post", "Letter by post"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to go"
        SENDING = "sending", "Sending"
        WITH_STAFF = "with_staff", "For staff to call or post"
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="messages"
    )
    recipient = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    category = models.CharField(max_length=20, choices=Category.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    due_at = models.DateTimeField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The provider's own id for it (GOV.UK Notify's, the email provider's), from its answer.
    provider_id = models.CharField(max_length=100, blank=True, db_index=True)
    # When the provider's receipt said it reached the person's phone or mailbox.
    delivered_at = models.DateTimeField(null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    session = models.ForeignKey(
        "sessions_app.Session",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PeersManager()

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["state", "due_at"], name="message_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False, invitation__isnull=True)
                | Q(recipient__isnull=True, invitation__isnull=False),
                name="message_to_a_member_or_an_invitee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.addressee}"

    @property
    def addressee(self) -> str:
        """The name of the person it is for, as staff see it."""
        recipient = self.recipient  # no query when there is none
        if recipient is not None:
            return recipient.user.shown_name
        # A message is to a member or else to an invitee (the check constraint above).
        return cast(Invitation, self.invitation).name


def report_storage() -> Storage:
    return storages["reports"]


class ProgressReport(models.Model):
    """A trustee progress report for one collaboration and period, built in the background.

    `figures` holds the report's numbers after suppression (no names, no free text); the PDF
    and CSV are kept on private storage and served only through a view that checks who asks.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="progress_reports"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    figures = models.JSONField(default=dict, blank=True)
    pdf = models.FileField(storage=report_storage, upload_to="reports/%Y/", blank=True)
    csv = models.FileField(storage=report_storage, upload_to="reports/%Y/", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="report_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"Progress report {self.period_start} to {self.period_end}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY
