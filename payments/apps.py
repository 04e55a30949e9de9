from django.apps import AppConfig
from django.db.models.signals import post_save


def _seed_new_collaboration(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from payments.defaults import seed_rates

        seed_rates(instance)


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Payments"

    def ready(self) -> None:
        from coproduction import home_pages, reminders
        from coproduction.models import Membership
        from payments import message_kinds, selectors
        from payments.reminders import schedule_payment_nudges

        message_kinds.register()
        home_pages.register(roles=[Membership.Role.MEMBER], context=selectors.member_home)
        reminders.register(schedule_payment_nudges)
        post_save.connect(
            _seed_new_collaboration,
            sender="coproduction.Collaboration",
            dispatch_uid="payments-seed-rates",
        )
