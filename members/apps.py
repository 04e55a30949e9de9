from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "People"

    def ready(self) -> None:
        from members import registrations  # models are loaded only once ready() is called

        registrations.register()
