from django.urls import reverse

from coproduction.models import Membership


def person_payments_url(subject: Membership) -> str:
    """A member's payments page."""
    return reverse("payments:person-payments", args=[subject.collaboration.slug, subject.code])
