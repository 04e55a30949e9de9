from django.urls import path

from reflections import contribution_views, views

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
    path(C + "contributions/", contribution_views.contribution_list, name="contribution-list"),
    path(
        C + "contributions/new/",
        contribution_views.contribution_create,
        name="contribution-create",
    ),
    path(
        C + "contributions/record/",
        contribution_views.contribution_record,
        name="contribution-record",
    ),
    path(
        C + "contributions/<uuid:code>/",
        contribution_views.contribution_detail,
        name="contribution-detail",
    ),
    path(
        C + "contributions/<uuid:code>/photo/",
        contribution_views.contribution_file,
        {"part": "photo"},
        name="contribution-photo",
    ),
    path(
        C + "contributions/<uuid:code>/voice-note/",
        contribution_views.contribution_file,
        {"part": "voice_note"},
        name="contribution-voice-note",
    ),
    path(
        C + "contributions/<uuid:code>/action/",
        contribution_views.action_from_contribution,
        name="action-from-contribution",
    ),
    path(C + "diaries/", contribution_views.diary_list, name="diary-list"),
    path(C + "diaries/<uuid:code>/", contribution_views.diary_detail, name="diary-detail"),
]
