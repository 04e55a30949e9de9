"""`manage.py check --deploy`: what a production site needs for its messages to reach people.

Django's own checks refuse a development email backend; these say the same of texts, and of
delivery receipts that could not come back.
"""

from collections.abc import Sequence

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def messages_reach_people(
    app_configs: Sequence[AppConfig] | None, **kwargs: object
) -> list[Warning]:
    problems = []
    if settings.SMS_BACKEND.endswith(("ConsoleSMSBackend", "LocmemSMSBackend")):
        problems.append(
            Warning(
                "Text messages are printed to the log, not sent: people without email never "
                "get a login code, reminder or invitation.",
                hint="Set SMS_BACKEND=notify (GOV.UK Notify) or http, with its settings.",
                id="coproduction.W001",
            )
        )
    if settings.SMS_BACKEND.endswith("NotifySMSBackend") and not settings.NOTIFY_CALLBACK_TOKEN:
        problems.append(
            Warning(
                "GOV.UK Notify's delivery receipts will be refused: staff will not see which "
                "texts failed to arrive.",
                hint="Set NOTIFY_CALLBACK_TOKEN, and the same token and SITE_URL/hooks/notify/ "
                "as the callback in Notify.",
                id="coproduction.W002",
            )
        )
    backend = settings.MAILERS["default"]["BACKEND"]
    if backend.startswith("anymail.") and not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        problems.append(
            Warning(
                "Your email provider's bounces and complaints cannot come back: staff will not "
                "see which emails failed to arrive.",
                hint="Set ANYMAIL_WEBHOOK_SECRET=user:password, and the provider's tracking "
                "webhook to https://user:password@your-site/hooks/email/<provider>/tracking/.",
                id="coproduction.W003",
            )
        )
    return problems
