"""Erasure: a person's personal data is removed; what the law requires is kept, anonymised.

Memberships stay (as alumni, under an anonymous name) so that aggregate figures in past
reports still add up. Claims and payments are financial records, kept for six years;
bank details and private earnings limits are erased, and so are their contributions, diaries,
task answers (with any photo or voice note), and feedback and reflections given with their
name.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone

from coproduction.models import Invitation, Membership, Message
from members.models import (
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
from payments.models import EarningsLimit, PayeeDetails
from reflections.models import Action, Contribution, Diary, Feedback, Reflection
from sessions_app.models import TaskAnswer

ERASED_NAME = "Erased member"
RAISED_BY_ERASED = "Raised by someone who has since left."
_PERSONAL_MODELS = (
    Profile,
    AccessNeeds,
    Availability,
    AvailabilityChange,
    Commitment,
    GuardianConsent,
)


@transaction.atomic
def person_erase(*, user: User) -> None:
    memberships = Membership.objects.filter(user=user)
    for model in _PERSONAL_MODELS:
        model.objects.filter(user=user).delete()
        model.history.filter(user_id=user.pk).delete()
    StepAway.objects.filter(membership__in=memberships).delete()
    StepAway.history.filter(membership_id__in=memberships.values("pk")).delete()
    MonitoringResponse.objects.filter(membership__in=memberships).delete()
    # Their own words, photos, voice notes, journey maps and diaries go, files and all.
    for contribution in Contribution.objects.filter(membership__in=memberships):
        for stored in (contribution.photo, contribution.voice_note):
            if stored:
                stored.delete(save=False)
        contribution.delete()
    Diary.objects.filter(membership__in=memberships).delete()
    # Feedback and reflections with their name go (anonymous ones have no link to them).
    Feedback.objects.filter(author__in=memberships).delete()
    Reflection.objects.filter(author__in=memberships).delete()
    # Their words copied onto "you said, we did" go; the action itself stays.
    Action.objects.filter(raised_by__in=memberships).update(raised=RAISED_BY_ERASED)
    TaskAnswer.objects.filter(membership__in=memberships).delete()
    # Bank details and private limits go; claims and payments stay (financial records).
    PayeeDetails.objects.filter(membership__in=memberships).delete()
    EarningsLimit.objects.filter(membership__in=memberships).delete()
    for history_model in (*_PERSONAL_MODELS, StepAway):
        history_model.history.filter(history_user_id=user.pk).update(history_user=None)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Invitation.objects.filter(accepted_by=user).delete()
    if user.email:
        Invitation.objects.filter(email__iexact=user.email).delete()
    if user.phone:
        Invitation.objects.filter(phone=str(user.phone)).delete()
    # Messages to them, and messages to staff about them (their name is in the text).
    Message.objects.filter(recipient__in=memberships).delete()
    for membership_id in memberships.values_list("pk", flat=True):
        Message.objects.filter(dedupe_key__startswith=f"term-staff:{membership_id}:").delete()
    memberships.update(status=Membership.Status.ALUMNI, organisation="")
    User.objects.filter(pk=user.pk).update(
        name=ERASED_NAME,
        email=None,
        phone=None,
        phone_verified=False,
        date_of_birth=None,
        offline_agreement="",
        is_active=False,
        is_staff=False,
        is_superuser=False,
        password="!",  # noqa: S106 - an unusable password hash
        erased_at=timezone.now(),
    )
