from django.urls import path

from reflections import views

app_name = "reflections"

C = "c/<slug:collaboration_slug>/"

urlpatterns = [
    path(C + "feedback/new/", views.feedback_give, name="feedback-give"),
    path(C + "feedback/record/", views.feedback_record, name="feedback-record"),
    path(C + "feedback/", views.feedback_list, name="feedback-list"),
]
