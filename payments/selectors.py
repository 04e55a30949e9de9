"""Reads of claims and payments whose query shape matters."""

from coproduction.models import Membership
from payments.models import Claim


def member_home(membership: Membership) -> dict[str, object]:
    """For a member's home: their claims waiting for them to check and confirm."""
    return {
        "claims_to_confirm": Claim.objects.filter(
            membership=membership, status=Claim.Status.DRAFT
        ).count()
    }
