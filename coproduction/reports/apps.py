from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """An app of its own, so that its tasks are found and it stays a top layer; its model,
    ProgressReport, is the core's."""

    name = "coproduction.reports"
    label = "reports"
    verbose_name = "Progress reports"
