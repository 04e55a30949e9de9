"""Who may see a contribution, on top of the one permission policy
(coproduction/permissions.py)."""

from coproduction.models import Membership
from coproduction.permissions import Action, is_staff_like, may
from reflections.models import Contribution


def may_see_contribution(viewer: Membership, contribution: Contribution) -> bool:
    """A contribution (and its photo or voice note): its author; staff once it is shared with
    staff or everyone; everyone taking part once it is shared with everyone."""
    if contribution.collaboration_id != viewer.collaboration_id or not may(viewer, Action.REFLECT):
        return False
    if viewer.pk == contribution.membership_id:
        return True
    if contribution.visibility == "everyone":
        return True
    return contribution.visibility == "staff" and is_staff_like(viewer)
