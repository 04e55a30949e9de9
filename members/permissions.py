"""Who may see what of a person's own records, on top of the one permission policy
(coproduction/permissions.py): access needs go to the person and staff-like roles only; why
someone is unavailable or away, to them, and to staff only if they shared it."""

from coproduction.models import Membership
from coproduction.permissions import is_staff_like


def may_see_access_needs(viewer: Membership, subject: Membership) -> bool:
    return viewer.pk == subject.pk or is_staff_like(viewer)


def may_see_reason(viewer: Membership, subject: Membership, *, shared: bool) -> bool:
    """Why someone is unavailable or away: only they know, unless they shared it with staff."""
    return viewer.pk == subject.pk or (shared and is_staff_like(viewer))
