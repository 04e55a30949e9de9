from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

import coproduction.converters  # noqa: F401 - registers <token:...>
from coproduction.outbox import views as outbox_hooks
from coproduction.views import home, invitations, messages, shared, work_areas

app_name = "coproduction"

collaboration_patterns: list[URLPattern | URLResolver] = [
    path("", home.collaboration_home, name="collaboration-home"),
    path("work-areas/", work_areas.workarea_list, name="workarea-list"),
    path("work-areas/resourcing/", work_areas.workarea_resourcing, name="workarea-resourcing"),
    path("work-areas/<uuid:code>/join/", work_areas.workarea_join, name="workarea-join"),
    path("work-areas/<uuid:code>/leave/", work_areas.workarea_leave, name="workarea-leave"),
    path("invitations/", invitations.invitation_list, name="invitation-list"),
    path("invitations/new/", invitations.invitation_create, name="invitation-create"),
    path("invitations/offline/", invitations.person_add_offline, name="person-add-offline"),
    path(
        "invitations/<uuid:code>/revoke/", invitations.invitation_revoke, name="invitation-revoke"
    ),
    path("outbox/", messages.outbox_list, name="outbox"),
    path("outbox/letters.pdf", messages.outbox_letters_pdf, name="outbox-letters"),
    path("outbox/<uuid:code>/done/", messages.outbox_done, name="outbox-done"),
    path("me/messages/", messages.my_messages, name="my-messages"),
    path("help/call-me/", messages.call_back, name="call-back"),
    path("reports/", include("coproduction.reports.urls")),
    path("shared/<str:kind>/<uuid:code>/", shared.shared_record, name="shared-record"),
    path(
        "shared/<str:kind>/<uuid:code>/restore/<int:change_id>/",
        shared.shared_restore,
        name="shared-restore",
    ),
    path("shared/<str:kind>/<uuid:code>/<str:field>/", shared.shared_field, name="shared-field"),
]

coproduction_patterns: list[URLPattern | URLResolver] = [
    path("", home.home, name="home"),
    path("join/<token:token>/", invitations.invitation_accept, name="invitation-accept"),
    path("shared/poll/<token:token>/", shared.shared_poll, name="shared-poll"),
    path("messages/stop/<token:token>/", outbox_hooks.unsubscribe, name="unsubscribe"),
    path("hooks/notify/", outbox_hooks.notify_receipt, name="notify-receipt"),
    path("c/<slug:collaboration_slug>/", include(collaboration_patterns)),
]

urlpatterns = [
    path("", include((coproduction_patterns, "coproduction"))),
    path("", include("members.urls")),
    path("", include("sessions_app.urls")),
    path("", include("reflections.urls")),
    path("", include("payments.urls")),
    path("accounts/", include("allauth.urls")),
    # Email providers' delivery receipts (bounces, complaints), through django-anymail.
    path("hooks/email/", include("anymail.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "coproduction.errors.server_error"
