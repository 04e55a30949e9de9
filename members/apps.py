from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "People"

    def ready(self) -> None:
        # Imported here: models are not ready when this module is.
        from coproduction import reminders, resourcing
        from coproduction.outbox import people
        from members import message_kinds, selectors
        from members.contact import ProfileContactPreferences
        from members.reminders import schedule_check_ins

        message_kinds.register()
        reminders.register(schedule_check_ins)
        people.register(ProfileContactPreferences())
        resourcing.register(selectors.work_area_resourcing)
