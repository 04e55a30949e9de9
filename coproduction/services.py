"""Every write to collaborations, memberships and invitations goes through here."""

import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from coproduction.inputs import normalize_email_address
from coproduction.models import Collaboration, Invitation, Membership, Message, WorkArea
from coproduction.outbox import people
from coproduction.tasks import invitation_send_task

if TYPE_CHECKING:
    # AUTH_USER_MODEL, for the type checker: the core imports no app (members has the model).
    from django.contrib.auth.models import _User

User = get_user_model()


class InvitationNoLongerValid(Exception):
    """The invitation was used, revoked or has expired."""


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def membership_default_term_end(start: date) -> date:
    """A new member's term ends after MEMBERSHIP_TERM_MONTHS (24 by default)."""
    return _add_months(start, settings.MEMBERSHIP_TERM_MONTHS) - timedelta(days=1)


@transaction.atomic
def invitation_create(
    *,
    collaboration: Collaboration,
    invited_by: "_User",
    name: str,
    role: str,
    email: str | None = None,
    phone: str | None = None,
    work_areas: list[WorkArea] | tuple[WorkArea, ...] = (),
) -> Invitation:
    """Records an invitation and sends its link (by email, else by text) once saved."""
    invitation = Invitation.objects.create(
        collaboration=collaboration,
        invited_by=invited_by,
        name=name,
        role=role,
        email=normalize_email_address(email) if email else None,
        phone=phone or None,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.work_areas.set(work_areas)
    invitation_send_task.delay_on_commit(invitation.pk)
    return invitation


@transaction.atomic
def person_add_offline(
    *,
    collaboration: Collaboration,
    added_by: "_User",
    name: str,
    role: str,
    postal_address: str,
    call_phone: str,
    how_agreed: str,
    work_areas: list[WorkArea] | tuple[WorkArea, ...] = (),
) -> Membership:
    """Adds someone who takes part by post or phone call and has neither email nor a mobile,
    so can't be invited: staff record that they agreed, and how. They never log in; letters
    and calls for them come to staff through the outbox."""
    user = User.objects.create(
        name=name,
        offline_only=True,
        offline_agreement=f"{how_agreed} (recorded by {added_by.name or added_by})",
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    people.keep_offline_contact(user.pk, postal_address=postal_address, call_phone=call_phone)
    membership = Membership.objects.create(
        collaboration=collaboration,
        user=user,
        role=role,
        term_start=timezone.localdate(),
        term_end=membership_default_term_end(timezone.localdate()),
    )
    membership.work_areas.set(work_areas)
    return membership


def work_area_join(*, membership: Membership, work_area: WorkArea) -> None:
    membership.work_areas.add(work_area)


def work_area_leave(*, membership: Membership, work_area: WorkArea) -> None:
    membership.work_areas.remove(work_area)


def invitation_revoke(*, invitation: Invitation) -> bool:
    """Stops an unused invitation from working; False if it was already used or revoked."""
    return bool(
        Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
    )


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, name: str, user: "_User | None" = None
) -> Membership:
    """Turns an invitation into a membership, creating the person's account if needed.

    Following the link proves the person holds the email address (or phone) it was sent
    to, so that address is stored as verified. The invitation works once: a second accept
    raises InvitationNoLongerValid.
    """
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now)
    if not claimed:
        raise InvitationNoLongerValid

    if user is None:
        user = _user_for_invitation(invitation, name=name)
    if invitation.email:
        _mark_email_verified(user, invitation.email)
    elif invitation.phone and str(user.phone) == invitation.phone:
        User.objects.filter(pk=user.pk).update(phone_verified=True)

    membership, created = Membership.objects.get_or_create(
        collaboration=invitation.collaboration,
        user=user,
        defaults={
            "role": invitation.role,
            "term_start": timezone.localdate(),
            "term_end": membership_default_term_end(timezone.localdate()),
        },
    )
    if not created:
        # Coming back (for example from alumni) with the role they were invited to.
        Membership.objects.filter(pk=membership.pk).update(
            role=invitation.role, status=Membership.Status.ACTIVE
        )
        membership.refresh_from_db()
    membership.work_areas.add(*invitation.work_areas.all())
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    return membership


def _user_for_invitation(invitation: Invitation, *, name: str) -> "_User":
    existing = None
    if invitation.email:
        existing = User.objects.filter(email=invitation.email).first()
    elif invitation.phone:
        existing = User.objects.filter(phone=invitation.phone).first()
    if existing is not None:
        return existing
    return User.objects.create_user(
        email=invitation.email,
        phone=invitation.phone,
        name=name,
        phone_verified=bool(invitation.phone and not invitation.email),
    )


def _mark_email_verified(user: "_User", email: str) -> None:
    address, _ = EmailAddress.objects.get_or_create(
        user=user,
        email=email,
        defaults={"primary": not EmailAddress.objects.filter(user=user).exists()},
    )
    if not address.verified:
        EmailAddress.objects.filter(pk=address.pk).update(verified=True)
    if not EmailAddress.objects.filter(user=user, primary=True).exists():
        EmailAddress.objects.filter(pk=address.pk).update(primary=True)


def call_back_request(*, membership: Membership, phone: str, when: str, about: str) -> Message:
    """A member asks to be phoned: a call on staff's list, with what to say."""
    name = membership.user.shown_name
    # An under-18's number is shown only to staff with a current DBS check (the call list
    # does that), so it is not copied into the text.
    number = "on the number we hold" if membership.user.is_under_18 else f"on {phone}"
    return Message.objects.create(
        collaboration=membership.collaboration,
        recipient=membership,
        kind=Message.Kind.CALL_BACK,
        category=Message.Category.SERVICE,
        channel=Message.Channel.CALL,
        subject=f"Call {name} back",
        body=f"{name} asked for a call back {when}, {number}."
        + (f" It is about: {about}" if about else ""),
        due_at=timezone.now(),
        dedupe_key=f"call-back:{membership.pk}:{uuid.uuid4()}",
    )
