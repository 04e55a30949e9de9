from django.contrib import admin

from sessions_app.models import AgendaItem, Poll, PollOption, Session, SessionInvite, Venue


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "collaboration",
        "step_free",
        "hearing_loop",
        "accessible_toilet",
        "quiet_room",
    ]
    list_filter = ["collaboration"]


class SessionInviteInline(admin.TabularInline):
    model = SessionInvite
    extra = 0
    autocomplete_fields = ["membership"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["title", "position", "minutes", "outcome"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "collaboration", "starts_at", "status", "mode"]
    list_filter = ["collaboration", "status", "kind"]
    inlines = [AgendaItemInline, SessionInviteInline]
    filter_horizontal = ["facilitators"]


class PollOptionInline(admin.TabularInline):
    model = PollOption
    extra = 0


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["title", "collaboration", "status", "created_at"]
    inlines = [PollOptionInline]
