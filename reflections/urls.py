from django.urls import path

from reflections.views import actions, celebrations, contributions, feedback, reflections

app_name = "reflections"

C = "c/<slug:collaboration_slug>/"

urlpatterns = [
    path(C + "feedback/new/", feedback.feedback_give, name="feedback-give"),
    path(C + "feedback/record/", feedback.feedback_record, name="feedback-record"),
    path(C + "feedback/", feedback.feedback_list, name="feedback-list"),
    path(
        C + "feedback/<uuid:code>/action/",
        actions.action_from_feedback,
        name="action-from-feedback",
    ),
    path(C + "you-said-we-did/", actions.action_board, name="action-board"),
    path(C + "reflections/", reflections.reflection_list, name="reflection-list"),
    path(C + "reflections/new/", reflections.reflection_give, name="reflection-give"),
    path(
        C + "reflections/<uuid:code>/action/",
        actions.action_from_reflection,
        name="action-from-reflection",
    ),
    path(
        C + "agenda-items/<uuid:code>/action/",
        actions.action_from_agenda_item,
        name="action-from-agenda-item",
    ),
    path(C + "celebrations/", celebrations.celebration_list, name="celebration-list"),
    path(C + "contributions/", contributions.contribution_list, name="contribution-list"),
    path(
        C + "contributions/new/",
        contributions.contribution_create,
        name="contribution-create",
    ),
    path(
        C + "contributions/record/",
        contributions.contribution_record,
        name="contribution-record",
    ),
    path(
        C + "contributions/<uuid:code>/",
        contributions.contribution_detail,
        name="contribution-detail",
    ),
    path(
        C + "contributions/<uuid:code>/photo/",
        contributions.contribution_file,
        {"part": "photo"},
        name="contribution-photo",
    ),
    path(
        C + "contributions/<uuid:code>/voice-note/",
        contributions.contribution_file,
        {"part": "voice_note"},
        name="contribution-voice-note",
    ),
    path(
        C + "contributions/<uuid:code>/action/",
        contributions.action_from_contribution,
        name="action-from-contribution",
    ),
    path(C + "diaries/", contributions.diary_list, name="diary-list"),
    path(C + "diaries/<uuid:code>/", contributions.diary_detail, name="diary-detail"),
]
