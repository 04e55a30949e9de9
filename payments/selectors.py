"""Reads of claims and payments whose query shape matters."""

from coproduction.models import Collaboration, Membership
from payments.models import Claim
from payments.services import late_claims

# Claims to approve (and late ones) shown at a time, the longest waiting first: a screenful
# or two on a phone, and a page light enough to draw and send quickly.
APPROVALS_SHOWN = 20


def member_home(membership: Membership) -> dict[str, object]:
    """For a member's home: their claims waiting for them to check and confirm."""
    return {
        "claims_to_confirm": Claim.objects.filter(
            membership=membership, status=Claim.Status.DRAFT
        ).count()
    }


def late_claims_page(collaboration: Collaboration) -> dict[str, object]:
    """The longest-late claims, a page of them, and how many there are in all."""
    late = late_claims(collaboration)
    return {
        "claims": list(late.select_related("membership__user__profile")[:APPROVALS_SHOWN]),
        "count": late.count(),
    }
