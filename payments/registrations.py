"""What the payments app gives the core (from PaymentsConfig.ready): its kinds of message,
its part of a member's home, its nudges, and a rate card for each new collaboration."""

from django.db.models.signals import post_save

from coproduction import home_pages, reminders, work_queue
from coproduction.models import Collaboration, Membership
from payments import message_kinds, queue_items, selectors
from payments.defaults import seed_rates
from payments.reminders import produce_payment_nudges


def _seed_new_collaboration(
    sender: type[Collaboration],
    instance: Collaboration,
    created: bool,
    raw: bool = False,
    **kwargs: object,
) -> None:
    if created and not raw:
        seed_rates(instance)


def register() -> None:
    message_kinds.register()
    home_pages.register(roles=[Membership.Role.MEMBER], context=selectors.member_home)
    reminders.register(produce_payment_nudges)
    work_queue.register(queue_items.claims_to_approve, place=work_queue.CLAIMS)
    work_queue.register(queue_items.payments_to_make, place=work_queue.PAYMENTS)
    post_save.connect(
        _seed_new_collaboration, sender=Collaboration, dispatch_uid="payments-seed-rates"
    )
