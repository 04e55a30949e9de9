from django.urls import path

import coproduction.converters  # noqa: F401 - registers <token:...>
from sessions_app.views import calendars, polls, sessions, taking_part, tasks

app_name = "sessions"

C = "c/<slug:collaboration_slug>/"
S = C + "sessions/<uuid:session_code>/"

urlpatterns = [
    path(C + "tasks/", tasks.task_list, name="task-list"),
    path(C + "tasks/new/", tasks.task_create, name="task-create"),
    path(C + "tasks/<uuid:code>/", tasks.task_detail, name="task-detail"),
    path(C + "sessions/", sessions.session_list, name="session-list"),
    path(C + "sessions/find-a-time/", sessions.session_find_time, name="session-find-time"),
    path(C + "sessions/new/", sessions.session_create, name="session-create"),
    path(S, sessions.session_detail, name="session-detail"),
    path(S + "brief/", sessions.session_brief_edit, name="session-brief-edit"),
    path(S + "change/", sessions.session_edit, name="session-edit"),
    path(S + "answer/", taking_part.session_respond, name="session-respond"),
    path(S + "attendance/", taking_part.session_attendance, name="session-attendance"),
    path(S + "check-in/<token:secret>/", taking_part.session_check_in, name="session-check-in"),
    path(S + "session.ics", taking_part.session_ics, name="session-ics"),
    path(S + "agenda/", taking_part.agenda_item_create, name="agenda-item-create"),
    path(S + "agenda/<uuid:code>/move/", taking_part.agenda_item_move, name="agenda-item-move"),
    path(C + "venues/", sessions.venue_list, name="venue-list"),
    path(C + "polls/new/", polls.poll_create, name="poll-create"),
    path(C + "polls/<uuid:code>/", polls.poll_detail, name="poll-detail"),
    path(C + "polls/<uuid:code>/confirm/", polls.poll_confirm, name="poll-confirm"),
    path(C + "me/calendar/", calendars.calendar_settings, name="calendar-settings"),
    path("answer/<token:token>/", taking_part.invite_answer, name="invite-answer"),
    path("poll/<token:token>/", polls.poll_answer, name="poll-answer"),
    path("calendar/<token:token>.ics", calendars.calendar_feed, name="calendar-feed"),
]
