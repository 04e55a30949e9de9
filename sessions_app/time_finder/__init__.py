"""The time finder: finding times that the people invited can actually make.

Time is cut into 15-minute slots (in UTC) across the window. Each invitee gets one row of
levels - free, rather not, usually busy, can't - built from their usual week, one-off
changes, commitments (in their own time zone) and any step-away (`availability`). A
candidate start is then scored by what each invitee's worst level is over the session's
length, weighting lived-experience members above staff, with a small preference for people's
preferred time of day and against leaving out the people who were left out before
(`ranking`). Candidates without an available facilitator, or without a safeguarding-cleared
adult when under-18s are invited, are not suggested; nor are bank holidays, Christmas Eve and
New Year's Eve unless asked for (`days_off`). `grid` lays the answer out as people by times.
"""

from sessions_app.time_finder.levels import Attendee, Invitee, Level, Result, Suggestion
from sessions_app.time_finder.ranking import suggest_times

__all__ = ["Attendee", "Invitee", "Level", "Result", "Suggestion", "suggest_times"]
