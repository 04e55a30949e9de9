from django.apps import AppConfig


class ReflectionsConfig(AppConfig):
    name = "reflections"
    verbose_name = "Reflections and feedback"

    def ready(self) -> None:
        from reflections import registrations  # models are loaded only once ready() is called

        registrations.register()
