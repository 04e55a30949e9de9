"""Reads whose query shape matters: each runs a fixed number of queries, whatever the size."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from coproduction.models import Collaboration, Invitation, Membership, WorkArea

Status = Membership.Status
Role = Membership.Role


def memberships_of_user(user) -> QuerySet[Membership]:
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


@dataclass
class WaitingForMember:
    invites_to_answer: int
    claims_to_confirm: int
    tasks_to_answer: int

    def __bool__(self) -> bool:
        return bool(self.invites_to_answer or self.claims_to_confirm or self.tasks_to_answer)


def next_sessions_of(membership: Membership, limit: int = 5) -> list:
    """The person's next sessions (not cancelled), soonest first, with their invitation."""
    from sessions_app.models import Session, SessionInvite

    return list(
        SessionInvite.objects.filter(
            membership=membership,
            session__ends_at__gte=timezone.now(),
            session__status__in=[Session.Status.PROPOSED, Session.Status.SCHEDULED],
        )
        .select_related("session", "session__venue")
        .order_by("session__starts_at")[:limit]
    )


def waiting_for(membership: Membership, next_invites: list) -> WaitingForMember:
    """What is waiting for the person to do: invitations, claims to confirm, open tasks."""
    from payments.models import Claim
    from sessions_app.models import SessionInvite
    from sessions_app.selectors import tasks_for

    tasks = tasks_for(membership).filter(deadline__gte=timezone.localdate())
    tasks = tasks.exclude(answers__membership=membership)
    return WaitingForMember(
        invites_to_answer=sum(
            1 for i in next_invites if i.response == SessionInvite.Response.PENDING
        ),
        claims_to_confirm=Claim.objects.filter(
            membership=membership, status=Claim.Status.DRAFT
        ).count(),
        tasks_to_answer=tasks.distinct().count(),
    )
