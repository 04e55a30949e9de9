from django.utils import timezone

from coproduction.models import Collaboration, Membership
from reflections.models import Feedback


def feedback_give(
    *,
    collaboration: Collaboration,
    kind: str,
    text: str,
    author: Membership | None,
    session=None,
    received_via: str = Feedback.Via.ONLINE,
) -> Feedback:
    """Stores feedback. With no author it is anonymous: only the day is kept, nothing else."""
    return Feedback.objects.create(
        collaboration=collaboration,
        kind=kind,
        text=text,
        author=author,
        session=session,
        received_on=timezone.localdate(),
        received_via=received_via,
    )
