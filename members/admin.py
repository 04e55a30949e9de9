from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from members.models import User


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
