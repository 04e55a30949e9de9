"""Reads of sessions and short tasks shared by several pages."""

from django.db.models import Q

from coproduction.models import Membership
from coproduction.permissions import is_staff_like
from sessions_app.models import ShortTask


def tasks_for(viewer: Membership):
    """Staff see every task; members those for everyone, their work areas or their sessions."""
    tasks = ShortTask.objects.filter(collaboration=viewer.collaboration)
    if is_staff_like(viewer):
        return tasks
    return tasks.filter(
        Q(work_area__isnull=True, session__isnull=True)
        | Q(work_area__in=viewer.work_areas.all())
        | Q(session__invites__membership=viewer)
    ).distinct()
