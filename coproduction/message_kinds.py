"""The core's own kinds of message, as the outbox needs to know them."""

from coproduction.models import Invitation, Message
from coproduction.outbox import kinds

Kind = Message.Kind


def join_invitation_still_wanted(message: Message) -> str:
    invitation = (
        Invitation.objects.filter(pk=message.invitation_id).first()
        if message.invitation_id is not None
        else None  # not to an invitee: no invitation to look for
    )
    if invitation is None or not invitation.is_open:
        return "The invitation was used, withdrawn or has run out."
    return ""


def register() -> None:
    kinds.register(Kind.CALL_BACK, always_wanted=True)  # they asked for it themselves
    kinds.register(Kind.JOIN_INVITATION, still_wanted=join_invitation_still_wanted)
