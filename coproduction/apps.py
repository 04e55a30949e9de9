from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoproductionConfig(AppConfig):
    default = True
    name = "coproduction"
    verbose_name = "Collaborations"

    def ready(self):
        # Imported here: models are not ready when this module is.
        from anymail.signals import tracking

        from coproduction import (
            checks,  # noqa: F401 - registers the deploy checks
            message_kinds,
            reminders,
            shared_records,
        )
        from coproduction.outbox.receipts import email_receipt_record
        from coproduction.page_cache import watch_every_connection

        watch_every_connection()
        message_kinds.register()
        shared_records.register(shared_records.WORK_AREA_PLAN)
        reminders.register(reminders.schedule_term_endings)
        reminders.register(reminders.schedule_no_new_members)
        tracking.connect(email_receipt_record, dispatch_uid="coproduction-outbox-email-receipts")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin site, with two-factor required of everyone who uses it."""

    default = False
    default_site = "coproduction.admin_site.TwoFactorAdminSite"
