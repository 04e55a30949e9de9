"""Every write to a person's own records. History (who changed what, when) is kept by
django-simple-history, which takes the person making the change from the request."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from coproduction.models import Membership
from members.models import (
    COMMITMENT_FIELDS,
    PROFILE_FIELDS,
    AccessNeeds,
    Availability,
    AvailabilityChange,
    Commitment,
    GuardianConsent,
    MonitoringResponse,
    Profile,
    StepAway,
    User,
)

Status = Membership.Status


class AlreadyAway(Exception):
    """The person has already stepped away."""


@transaction.atomic
def profile_save(*, user: User, data: dict[str, Any], date_of_birth: date | None) -> Profile:
    fields = {name: data[name] for name in (*PROFILE_FIELDS, "channels")}
    profile, _ = Profile.objects.update_or_create(user=user, defaults=fields)
    if user.date_of_birth != date_of_birth:
        User.objects.filter(pk=user.pk).update(date_of_birth=date_of_birth)
        user.date_of_birth = date_of_birth
    return profile


def access_needs_save(*, user: User, data: dict[str, Any]) -> AccessNeeds:
    needs, _ = AccessNeeds.objects.update_or_create(user=user, defaults=data)
    return needs


def _person_time_zone(user: User) -> str:
    profile = Profile.objects.filter(user=user).only("time_zone").first()
    return profile.time_zone if profile else "Europe/London"


def commitment_save(
    *, user: User, data: dict[str, Any], commitment: Commitment | None = None
) -> Commitment:
    fields = {name: data[name] for name in COMMITMENT_FIELDS}
    if commitment is None:
        return Commitment.objects.create(user=user, time_zone=_person_time_zone(user), **fields)
    for name, value in fields.items():
        setattr(commitment, name, value)
    commitment.save(update_fields=list(fields))
    return commitment


def commitment_delete(*, commitment: Commitment) -> None:
    commitment.delete()


def availability_set_weekly(*, user: User, cells: list[str]) -> Availability:
    availability, _ = Availability.objects.update_or_create(
        user=user, defaults={"weekly": sorted(cells)}
    )
    return availability


def availability_change_add(*, user: User, data: dict[str, Any]) -> AvailabilityChange:
    fields = {name: data[name] for name in ("date", "period", "available", "note")}
    return AvailabilityChange.objects.create(user=user, **fields)


def availability_change_delete(*, change: AvailabilityChange) -> None:
    change.delete()


@transaction.atomic
def membership_step_away(
    *, membership: Membership, return_on: date | None, reason: str, share_reason: bool
) -> StepAway:
    """Pauses taking part, without penalty: not invited, not counted missing, not prompted."""
    if StepAway.objects.filter(membership=membership, ended_on__isnull=True).exists():
        raise AlreadyAway
    step_away = StepAway.objects.create(
        membership=membership, return_on=return_on, reason=reason, share_reason=share_reason
    )
    Membership.objects.filter(pk=membership.pk).update(status=Status.STEPPED_AWAY)
    membership.status = Status.STEPPED_AWAY
    return step_away


@transaction.atomic
def membership_step_back(*, membership: Membership) -> None:
    for step_away in StepAway.objects.filter(membership=membership, ended_on__isnull=True):
        step_away.ended_on = timezone.localdate()
        step_away.save(update_fields=["ended_on"])
    Membership.objects.filter(pk=membership.pk, status=Status.STEPPED_AWAY).update(
        status=Status.ACTIVE
    )
    membership.status = Status.ACTIVE


def step_away_due_prompts(*, today: date) -> list[StepAway]:
    """Claims the step-aways whose return date has come, so each person is asked once."""
    due = list(
        StepAway.objects.filter(
            ended_on__isnull=True, return_on__lte=today, return_prompted_on__isnull=True
        ).select_related("membership__user", "membership__collaboration")
    )
    claimed = []
    for step_away in due:
        if StepAway.objects.filter(pk=step_away.pk, return_prompted_on__isnull=True).update(
            return_prompted_on=today
        ):
            claimed.append(step_away)
    return claimed


def monitoring_save(
    *, membership: Membership, data: dict[str, Any], answers: dict[str, str]
) -> MonitoringResponse:
    fields = {name: data[name] for name in ("age_band", "ethnicity", "disability", "gender")}
    response, _ = MonitoringResponse.objects.update_or_create(
        membership=membership,
        defaults={**fields, "answers": answers, "consented_at": timezone.now()},
    )
    return response


def monitoring_withdraw(*, membership: Membership) -> None:
    """Deletes the answers for good: they are kept in no history."""
    MonitoringResponse.objects.filter(membership=membership).delete()


def guardian_consent_save(*, user: User, data: dict[str, Any]) -> GuardianConsent:
    consent, _ = GuardianConsent.objects.update_or_create(user=user, defaults=data)
    return consent
