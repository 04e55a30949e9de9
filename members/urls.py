from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("two-factor-required/", views.two_factor_required, name="two-factor-required"),
]
