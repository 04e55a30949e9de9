from django.urls import path

from reflections import views

app_name = "reflections"

C = "c/<slug:collaboration_slug>/"

urlpatterns = [
    path(C + "feedback/new/", views.feedback_give, name="feedback-give"),
    path(C + "feedback/record/", views.feedback_record, name="feedback-record"),
    path(C + "feedback/", views.feedback_list, name="feedback-list"),
    path(
        C + "feedback/<uuid:code>/action/", views.action_from_feedback, name="action-from-feedback"
    ),
    path(C + "you-said-we-did/", views.action_board, name="action-board"),
    path(C + "reflections/", views.reflection_list, name="reflection-list"),
    path(C + "reflections/new/", views.reflection_give, name="reflection-give"),
    path(
        C + "reflections/<uuid:code>/action/",
        views.action_from_reflection,
        name="action-from-reflection",
    ),
    path(
        C + "agenda-items/<uuid:code>/action/",
        views.action_from_agenda_item,
        name="action-from-agenda-item",
    ),
    path(C + "celebrations/", views.celebration_list, name="celebration-list"),
]
