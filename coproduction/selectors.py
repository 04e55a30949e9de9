"""Reads whose query shape matters: each runs a fixed number of queries, whatever the size."""

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from coproduction.models import Collaboration, Invitation, Membership, WorkArea

if TYPE_CHECKING:
    from django.contrib.auth.models import _User  # AUTH_USER_MODEL, for the type checker

Status = Membership.Status
Role = Membership.Role


def memberships_of_user(user: "_User") -> QuerySet[Membership]:
    """The collaborations a person belongs to, for the collaboration chooser."""
    return (
        Membership.objects.filter(user=user)
        .select_related("collaboration")
        .order_by("collaboration__name")
    )


def work_areas_with_people(collaboration: Collaboration) -> QuerySet[WorkArea]:
    """Work areas with their current (not alumni) people, in two queries."""
    people = (
        Membership.objects.exclude(status=Status.ALUMNI)
        .select_related("user", "user__profile")
        .order_by("user__name")
    )
    return collaboration.work_areas.prefetch_related(
        Prefetch("memberships", queryset=people, to_attr="current_memberships")
    )


def work_areas_of_membership(membership: Membership) -> QuerySet[WorkArea]:
    return membership.work_areas.order_by("name")


@dataclass(frozen=True)
class CollaborationAtAGlance:
    """What staff see first: people by status and role, pending invitations, terms ending."""

    active_members: int
    stepped_away_members: int
    alumni: int
    team: int
    open_invitations: int
    terms_ending_soon: list[Membership]


def collaboration_at_a_glance(collaboration: Collaboration) -> CollaborationAtAGlance:
    today = timezone.localdate()
    counts = Membership.objects.filter(collaboration=collaboration).aggregate(
        active_members=Count("pk", filter=Q(role=Role.MEMBER, status=Status.ACTIVE)),
        stepped_away_members=Count("pk", filter=Q(role=Role.MEMBER, status=Status.STEPPED_AWAY)),
        alumni=Count("pk", filter=Q(status=Status.ALUMNI)),
        team=Count("pk", filter=~Q(role=Role.MEMBER) & ~Q(status=Status.ALUMNI)),
    )
    open_invitations = Invitation.objects.filter(
        collaboration=collaboration,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).count()
    terms_ending_soon = list(
        Membership.objects.filter(
            collaboration=collaboration,
            term_end__range=(today, today + timedelta(days=60)),
        )
        .exclude(status=Status.ALUMNI)
        .select_related("user")
        .order_by("term_end")[:20]
    )
    return CollaborationAtAGlance(
        open_invitations=open_invitations, terms_ending_soon=terms_ending_soon, **counts
    )


def open_invitations(collaboration: Collaboration) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(
            collaboration=collaboration,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )
