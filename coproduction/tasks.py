from celery import shared_task
from django.core.management import call_command

from coproduction.invitations import invitation_send
from coproduction.models import Invitation
from coproduction.outbox import send_due
from coproduction.reminders import produce_due_messages


@shared_task
def invitation_send_task(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.select_related("collaboration", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if invitation is not None:
        invitation_send(invitation=invitation)


@shared_task
def sessions_clear_expired_task() -> None:
    call_command("clearsessions")


@shared_task
def reminders_produce_task() -> int:
    """Adds due reminders and prompts to the outbox (idempotent)."""
    return produce_due_messages()


@shared_task
def outbox_send_due_task() -> int:
    """Sends every due message in the outbox, each exactly once."""
    return send_due()
