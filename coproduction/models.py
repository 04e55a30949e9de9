"""The core of the domain: collaborations (the tenants), their work areas, and who is in them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


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
    small_number_threshold = models.PositiveSmallIntegerField(
        default=5, help_text="Counts below this are shown as '<5' and never broken down."
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
