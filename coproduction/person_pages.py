"""What every page about one person needs, whichever app draws it (their profile, their
availability, their payments): whose page it is, and whether it is the viewer's own."""

from coproduction.models import Membership


def person_context(viewer: Membership, subject: Membership, **extra) -> dict:
    return {
        "collaboration": subject.collaboration,
        "subject": subject,
        "is_self": viewer.pk == subject.pk,
        **extra,
    }
