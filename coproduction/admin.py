from django.contrib import admin

from coproduction.admin_site import ReadOnlyAdmin
from coproduction.models import (
    Collaboration,
    GlossaryTerm,
    Invitation,
    Membership,
    Message,
    ProgressReport,
    WorkArea,
)


class WorkAreaInline(admin.TabularInline):
    model = WorkArea
    extra = 0


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "organisation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [WorkAreaInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "collaboration", "role", "status", "term_end", "dbs_level"]
    list_filter = ["collaboration", "role", "status"]
    search_fields = ["user__name", "user__email"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["work_areas"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["name", "collaboration", "role", "created_at", "accepted_at", "revoked_at"]
    list_filter = ["collaboration", "role"]
    readonly_fields = ["code", "invited_by", "accepted_at", "accepted_by"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "collaboration"]
    list_filter = ["collaboration"]
    search_fields = ["term"]


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["subject", "recipient", "kind", "channel", "state", "due_at", "sent_at"]
    list_filter = ["collaboration", "state", "channel", "kind"]
    search_fields = ["subject", "recipient__user__name"]
    date_hierarchy = "due_at"
    list_select_related = ["recipient__user"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["collaboration", "period_start", "period_end", "status", "created_at"]
    list_filter = ["collaboration", "status"]
    exclude = ["figures"]
