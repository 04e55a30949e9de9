"""Included in the core's collaboration URLs, in its "coproduction" namespace."""

from django.urls import path

from coproduction.reports import views

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("new/", views.report_create, name="report-create"),
    path("<uuid:code>/", views.report_detail, name="report-detail"),
    path("<uuid:code>/report.pdf", views.report_pdf, name="report-pdf"),
    path("<uuid:code>/figures.csv", views.report_csv, name="report-csv"),
]
