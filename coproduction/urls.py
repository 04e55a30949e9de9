from django.contrib import admin
from django.urls import include, path

import coproduction.converters  # noqa: F401 - registers <token:...>
from coproduction import views
from coproduction.outbox import views as outbox_views

app_name = "coproduction"

collaboration_patterns = [
    path("", views.collaboration_home, name="collaboration-home"),
    path("work-areas/", views.workarea_list, name="workarea-list"),
    path("work-areas/resourcing/", views.workarea_resourcing, name="workarea-resourcing"),
    path("work-areas/<uuid:code>/join/", views.workarea_join, name="workarea-join"),
    path("work-areas/<uuid:code>/leave/", views.workarea_leave, name="workarea-leave"),
    path("invitations/", views.invitation_list, name="invitation-list"),
    path("invitations/new/", views.invitation_create, name="invitation-create"),
    path("invitations/offline/", views.person_add_offline, name="person-add-offline"),
    path("invitations/<uuid:code>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("outbox/", views.outbox_list, name="outbox"),
    path("outbox/letters.pdf", views.outbox_letters_pdf, name="outbox-letters"),
    path("outbox/<uuid:code>/done/", views.outbox_done, name="outbox-done"),
    path("me/messages/", views.my_messages, name="my-messages"),
    path("help/call-me/", views.call_back, name="call-back"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/new/", views.report_create, name="report-create"),
    path("reports/<uuid:code>/", views.report_detail, name="report-detail"),
    path("reports/<uuid:code>/report.pdf", views.report_pdf, name="report-pdf"),
    path("reports/<uuid:code>/figures.csv", views.report_csv, name="report-csv"),
    path("shared/<str:kind>/<uuid:code>/", views.shared_record, name="shared-record"),
    path(
        "shared/<str:kind>/<uuid:code>/restore/<int:change_id>/",
        views.shared_restore,
        name="shared-restore",
    ),
    path("shared/<str:kind>/<uuid:code>/<str:field>/", views.shared_field, name="shared-field"),
]

coproduction_patterns = [
    path("", views.home, name="home"),
    path("join/<token:token>/", views.invitation_accept, name="invitation-accept"),
    path("shared/poll/<token:token>/", views.shared_poll, name="shared-poll"),
    path("messages/stop/<token:token>/", outbox_views.unsubscribe, name="unsubscribe"),
    path("hooks/notify/", outbox_views.notify_receipt, name="notify-receipt"),
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
