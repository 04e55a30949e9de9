from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "People"

    def ready(self) -> None:
        from members import message_kinds

        message_kinds.register()
