from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoproductionConfig(AppConfig):
    default = True
    name = "coproduction"
    verbose_name = "Collaborations"

    def ready(self) -> None:
        from coproduction import registrations  # models are loaded only once ready() is called

        registrations.register()


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin site, with two-factor required of everyone who uses it."""

    default = False
    default_site = "coproduction.admin_site.TwoFactorAdminSite"
