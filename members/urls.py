from django.urls import include, path

from members import views

app_name = "members"

person_patterns = [
    path("", views.person_detail, name="person-detail"),
    path("profile/", views.person_profile_edit, name="person-profile-edit"),
    path("access-needs/", views.person_access_needs_edit, name="person-access-needs-edit"),
    path("availability/", views.person_availability_edit, name="person-availability-edit"),
    path(
        "availability/changes/",
        views.person_availability_change_create,
        name="person-availability-change-create",
    ),
    path(
        "availability/changes/<uuid:code>/delete/",
        views.person_availability_change_delete,
        name="person-availability-change-delete",
    ),
    path("commitments/new/", views.person_commitment_create, name="person-commitment-create"),
    path("commitments/<uuid:code>/", views.person_commitment_edit, name="person-commitment-edit"),
    path(
        "commitments/<uuid:code>/delete/",
        views.person_commitment_delete,
        name="person-commitment-delete",
    ),
    path("step-away/", views.person_step_away, name="person-step-away"),
    path("step-back/", views.person_step_back, name="person-step-back"),
    path("equality-monitoring/", views.person_monitoring_edit, name="person-monitoring-edit"),
    path(
        "equality-monitoring/withdraw/",
        views.person_monitoring_withdraw,
        name="person-monitoring-withdraw",
    ),
    path(
        "guardian-consent/", views.person_guardian_consent_edit, name="person-guardian-consent-edit"
    ),
    path("my-data/", views.person_export, name="person-export"),
    path("erase/", views.person_erase, name="person-erase"),
]

urlpatterns = [
    path("two-factor-required/", views.two_factor_required, name="two-factor-required"),
    path("c/<slug:collaboration_slug>/me/", views.me, name="me"),
    path("c/<slug:collaboration_slug>/people/", views.person_list, name="person-list"),
    path("c/<slug:collaboration_slug>/people/<uuid:person_code>/", include(person_patterns)),
]
