"""Feedback, read-only: it is an audit record of what people told us. Anonymous feedback has
no author to show (it never had one), and nothing here links it to anyone."""

from typing import cast

from django.contrib import admin

from coproduction.admin_site import ReadOnlyAdmin
from reflections.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["kind", "collaboration", "received_on", "received_via", "named_by"]
    list_filter = ["collaboration", "kind", "received_via"]
    fields = ["collaboration", "session", "kind", "text", "named_by", "received_on", "received_via"]
    # All of them (the same list): names only, though fields may also hold groups of names.
    readonly_fields = cast(list[str], fields)
    # No search or filter by author: a list narrowed to "no author" would set anonymous
    # feedback apart by what is around it.

    @admin.display(description="Named by")
    def named_by(self, feedback: Feedback) -> str:
        author = feedback.author if feedback.author_id else None
        return str(author.user) if author is not None else "Anonymous"
