from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from members.models import Commitment, MonitoringQuestion, StepAway, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["name"]
    list_display = ["name", "email", "phone", "is_staff", "is_active"]
    search_fields = ["name", "email", "phone"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "email", "phone", "phone_verified", "date_of_birth", "password"]},
        ),
        (
            "Admin site",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["name", "email", "phone", "password1", "password2"]},
        )
    ]


# Equality monitoring answers are deliberately not registered: nobody reads them one by one.
@admin.register(MonitoringQuestion)
class MonitoringQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "collaboration", "position"]
    list_filter = ["collaboration"]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "kind", "strength", "starts_on", "ends_on", "rrule"]
    list_filter = ["kind", "strength"]
    search_fields = ["user__name"]


@admin.register(StepAway)
class StepAwayAdmin(SimpleHistoryAdmin):
    list_display = ["membership", "started_on", "return_on", "ended_on"]
