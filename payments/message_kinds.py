"""The messages about claims, as the outbox needs to know them. Registered in
PaymentsConfig.ready()."""

from coproduction.models import Message
from coproduction.outbox import kinds
from payments.models import Claim

Kind = Message.Kind


def claim_to_confirm_still_wanted(message: Message) -> str:
    """The nudge to confirm a draft claim, while it is still a draft (key: claim-confirm:<id>)."""
    claim_id = message.dedupe_key.rsplit(":", 1)[-1]
    if not Claim.objects.filter(pk=claim_id, status=Claim.Status.DRAFT).exists():
        return "The claim was confirmed or withdrawn."
    return ""


def register() -> None:
    # News of their own money reaches people whether they are away or have left.
    kinds.register(
        Kind.CLAIM_TO_CONFIRM,
        still_wanted=claim_to_confirm_still_wanted,
        reaches_people_stepped_away=True,
    )
    kinds.register(Kind.CLAIM_UPDATE, reaches_people_who_left=True)
