from django.urls import path

import coproduction.converters  # noqa: F401 - registers <token:...>
from sessions_app import task_views, views

app_name = "sessions"

C = "c/<slug:collaboration_slug>/"
S = C + "sessions/<uuid:session_code>/"

urlpatterns = [
    path(C + "tasks/", task_views.task_list, name="task-list"),
    path(C + "tasks/new/", task_views.task_create, name="task-create"),
    path(C + "tasks/<uuid:code>/", task_views.task_detail, name="task-detail"),
    path(C + "sessions/", views.session_list, name="session-list"),
    path(C + "sessions/find-a-time/", views.session_find_time, name="session-find-time"),
    path(C + "sessions/new/", views.session_create, name="session-create"),
    path(S, views.session_detail, name="session-detail"),
    path(S + "brief/", views.session_brief_edit, name="session-brief-edit"),
    path(S + "change/", views.session_edit, name="session-edit"),
    path(S + "answer/", views.session_respond, name="session-respond"),
    path(S + "attendance/", views.session_attendance, name="session-attendance"),
    path(S + "check-in/<token:secret>/", views.session_check_in, name="session-check-in"),
    path(S + "session.ics", views.session_ics, name="session-ics"),
    path(S + "agenda/", views.agenda_item_create, name="agenda-item-create"),
    path(S + "agenda/<uuid:code>/move/", views.agenda_item_move, name="agenda-item-move"),
    path(C + "venues/", views.venue_list, name="venue-list"),
    path(C + "polls/new/", views.poll_create, name="poll-create"),
    path(C + "polls/<uuid:code>/", views.poll_detail, name="poll-detail"),
    path(C + "polls/<uuid:code>/confirm/", views.poll_confirm, name="poll-confirm"),
    path(C + "me/calendar/", views.calendar_settings, name="calendar-settings"),
    path("answer/<token:token>/", views.invite_answer, name="invite-answer"),
    path("poll/<token:token>/", views.poll_answer, name="poll-answer"),
    path("calendar/<token:token>.ics", views.calendar_feed, name="calendar-feed"),
]
