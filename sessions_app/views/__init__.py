"""The sessions app's pages, one module each: sessions, taking part, polls, calendars and
short tasks."""
