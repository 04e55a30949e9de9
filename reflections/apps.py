from django.apps import AppConfig


class ReflectionsConfig(AppConfig):
    name = "reflections"
    verbose_name = "Reflections and feedback"

    def ready(self) -> None:
        # Imported here: models are not ready when this module is.
        from coproduction import shared_records
        from reflections.shared_records import ACTION

        shared_records.register(ACTION)
