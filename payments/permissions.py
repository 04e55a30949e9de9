"""Who may see and change a claim, on top of the one permission policy
(coproduction/permissions.py)."""

from coproduction.models import Membership
from coproduction.permissions import Action, is_staff_like, may
from payments.models import Claim

Status = Membership.Status


def may_see_claim(viewer: Membership, claim: Claim) -> bool:
    """A claim (and its receipt): the claimant, staff who approve, and finance who pay."""
    return (
        viewer.pk == claim.membership_id
        or is_staff_like(viewer)
        or may(viewer, Action.MANAGE_PAYMENTS)
    )


def may_change_claim(viewer: Membership, claim: Claim) -> bool:
    """The claimant (not once they have left), or staff entering it for them."""
    if viewer.pk == claim.membership_id:
        return viewer.status != Status.ALUMNI
    return is_staff_like(viewer)
