"""Reads of people's records, shaped for one screen each, with what the viewer may see."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import chain
from typing import TypedDict

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from coproduction.models import Collaboration, Membership, WorkArea
from coproduction.permissions import is_staff_like, may_see_contact_details
from coproduction.resourcing import AreaWeek
from members.availability_instants import describe_commitment
from members.models import (
    AccessNeeds,
    Availability,
    AvailabilityChange,
    Commitment,
    GuardianConsent,
    MonitoringResponse,
    Profile,
    StepAway,
)
from members.permissions import may_see_access_needs, may_see_reason

Status = Membership.Status


class HistoryEntry(TypedDict):
    """One change to a person's records, as their page lists it."""

    what: str
    how: str  # added, changed or removed
    when: datetime
    by: str
    on_behalf: bool


@dataclass
class PersonPage:
    subject: Membership
    is_self: bool
    profile: Profile | None
    show_contact: bool
    show_access_needs: bool
    access_needs: AccessNeeds | None
    availability: Availability | None
    changes: list[AvailabilityChange]
    commitments: list[tuple[Commitment, bool, str]]  # (commitment, reason visible?, plain words)
    step_away: StepAway | None
    show_step_away_reason: bool
    guardian_consent: GuardianConsent | None
    monitoring: MonitoringResponse | None
    history: list[HistoryEntry] = field(default_factory=list)


def person_page(viewer: Membership, subject: Membership) -> PersonPage:
    user = subject.user
    is_self = viewer.pk == subject.pk
    profile = Profile.objects.filter(user=user).first()
    show_access = may_see_access_needs(viewer, subject)
    step_away = StepAway.objects.filter(membership=subject, ended_on__isnull=True).first()
    commitments = list(Commitment.objects.filter(user=user))
    return PersonPage(
        subject=subject,
        is_self=is_self,
        profile=profile,
        show_contact=may_see_contact_details(viewer, subject),
        show_access_needs=show_access,
        access_needs=AccessNeeds.objects.filter(user=user).first() if show_access else None,
        availability=Availability.objects.filter(user=user).first(),
        changes=list(AvailabilityChange.objects.filter(user=user, date__gte=timezone.localdate())),
        commitments=[
            (c, may_see_reason(viewer, subject, shared=c.share_reason), describe_commitment(c))
            for c in commitments
        ],
        step_away=step_away,
        show_step_away_reason=bool(
            step_away and may_see_reason(viewer, subject, shared=step_away.share_reason)
        ),
        guardian_consent=GuardianConsent.objects.filter(user=user).first()
        if is_self or is_staff_like(viewer)
        else None,
        monitoring=MonitoringResponse.objects.filter(membership=subject).first()
        if is_self
        else None,
        history=person_history(subject) if is_self or is_staff_like(viewer) else [],
    )


_LABELS = {
    "profile": "Profile",
    "accessneeds": "Access needs",
    "availability": "Usual availability",
    "availabilitychange": "A one-off change to availability",
    "commitment": "A commitment",
    "stepaway": "Stepping away",
    "guardianconsent": "Guardian consent",
}


def person_history(subject: Membership, limit: int = 20) -> list[HistoryEntry]:
    """The latest changes to the person's records: what, when, and who made them."""
    user = subject.user
    rows = chain(
        Profile.history.filter(user_id=user.pk).select_related("history_user")[:limit],
        AccessNeeds.history.filter(user_id=user.pk).select_related("history_user")[:limit],
        Availability.history.filter(user_id=user.pk).select_related("history_user")[:limit],
        AvailabilityChange.history.filter(user_id=user.pk).select_related("history_user")[:limit],
        Commitment.history.filter(user_id=user.pk).select_related("history_user")[:limit],
        StepAway.history.filter(membership_id=subject.pk).select_related("history_user")[:limit],
        GuardianConsent.history.filter(user_id=user.pk).select_related("history_user")[:limit],
    )
    entries: list[HistoryEntry] = []
    for row in rows:
        changed_by = row.history_user
        entries.append(
            {
                "what": _LABELS[row.instance_type._meta.model_name],
                "how": {"+": "added", "~": "changed", "-": "removed"}[row.history_type],
                "when": row.history_date,
                "by": changed_by.shown_name if changed_by else "the system",
                "on_behalf": changed_by is not None and changed_by.pk != user.pk,
            }
        )
    entries.sort(key=lambda entry: entry["when"], reverse=True)
    return entries[:limit]


def people_of_collaboration(collaboration: Collaboration) -> QuerySet[Membership]:
    """Everyone in the collaboration with their open step-away, for the staff list.

    Each membership has `open_step_aways` (a list), which the staff list's template reads.
    """
    open_step_aways = StepAway.objects.filter(ended_on__isnull=True)
    return (
        Membership.objects.filter(collaboration=collaboration)
        .select_related("user", "user__profile")
        .prefetch_related(
            Prefetch("step_aways", queryset=open_step_aways, to_attr="open_step_aways")
        )
        .order_by("status", "user__name")
    )


def work_area_resourcing(
    collaboration: Collaboration, weeks: int = 8
) -> list[tuple[WorkArea, list[AreaWeek]]]:
    """For each work area, how many members can take part in each of the coming weeks.

    A member counts in a week unless they are alumni, stepped away over that week (until
    their planned return), or have an exam period that overlaps it.
    """
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    starts = [monday + timedelta(weeks=n) for n in range(weeks)]
    horizon = starts[-1] + timedelta(days=7)
    # Each member's open step-aways and exam periods, prefetched: `step_aways.all()` and
    # `user.commitments.all()` below read those, with no query of their own.
    members = list(
        Membership.objects.filter(collaboration=collaboration, role=Membership.Role.MEMBER)
        .exclude(status=Status.ALUMNI)
        .prefetch_related(
            "work_areas",
            Prefetch("step_aways", queryset=StepAway.objects.filter(ended_on__isnull=True)),
            Prefetch(
                "user__commitments",
                queryset=Commitment.objects.filter(
                    kind=Commitment.Kind.EXAM, starts_on__lt=horizon
                ),
            ),
        )
    )

    def can_take_part(membership: Membership, week_start: date) -> bool:
        week_end = week_start + timedelta(days=6)
        for away in membership.step_aways.all():  # the open ones
            if away.return_on is None or away.return_on > week_start:
                return False
        for exam in membership.user.commitments.all():  # the exam periods
            exam_end = exam.ends_on or exam.starts_on
            if not exam.rrule and exam.starts_on <= week_end and exam_end >= week_start:
                return False
        return True

    result = []
    for area in collaboration.work_areas.all():
        in_area = [m for m in members if area in m.work_areas.all()]
        cells = []
        for start in starts:
            count = sum(1 for m in in_area if can_take_part(m, start))
            cells.append(
                AreaWeek(
                    start,
                    count,
                    bool(area.target_active_members) and count < area.target_active_members,
                )
            )
        result.append((area, cells))
    return result
