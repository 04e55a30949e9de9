"""The core's pages, one module each: home, work areas, invitations, shared records and
messages. Trustee reports have theirs in coproduction/reports/views.py."""
