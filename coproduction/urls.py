from django.contrib import admin
from django.urls import include, path

from coproduction import views

app_name = "coproduction"

collaboration_patterns = [
    path("", views.collaboration_home, name="collaboration-home"),
    path("work-areas/", views.workarea_list, name="workarea-list"),
    path("invitations/", views.invitation_list, name="invitation-list"),
    path("invitations/new/", views.invitation_create, name="invitation-create"),
    path("invitations/<uuid:code>/revoke/", views.invitation_revoke, name="invitation-revoke"),
]

coproduction_patterns = [
    path("", views.home, name="home"),
    path("join/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("healthz", views.health, name="health"),
    path("c/<slug:collaboration_slug>/", include(collaboration_patterns)),
]

urlpatterns = [
    path("", include((coproduction_patterns, "coproduction"))),
    path("people/", include("members.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
