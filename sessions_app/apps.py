from django.apps import AppConfig


class SessionsAppConfig(AppConfig):
    name = "sessions_app"
    verbose_name = "Sessions"

    def ready(self) -> None:
        from coproduction import reminders
        from sessions_app import message_kinds
        from sessions_app.reminders import schedule_few_voices, schedule_session_messages

        message_kinds.register()
        reminders.register(schedule_session_messages)
        reminders.register(schedule_few_voices)
