"""Feedback, named or anonymous. (Reflections, actions and celebrations arrive next.)

Anonymous feedback holds no link to its author: no user or membership key, no IP address, no
timestamp finer than the day, no history rows, no outbox message.
"""

import uuid

from django.db import models


class Feedback(models.Model):
    class Kind(models.TextChoices):
        CONCERN = "concern", "Something we got wrong"
        IDEA = "idea", "An idea"
        PRAISE = "praise", "Something that went well"

    class Via(models.TextChoices):
        ONLINE = "online", "Online"
        PHONE = "phone", "By phone"
        POST = "post", "By post"
        IN_PERSON = "in_person", "In person"

    # A random key, not a counter: a counter would give away the order feedback arrived in.
    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collaboration = models.ForeignKey(
        "coproduction.Collaboration", on_delete=models.CASCADE, related_name="feedback"
    )
    session = models.ForeignKey(
        "sessions_app.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CONCERN)
    text = models.TextField(max_length=5000)
    # Only for named feedback. Anonymous feedback has no author, and nothing else that points
    # to one: the day it arrived, never the time.
    author = models.ForeignKey(
        "coproduction.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    received_on = models.DateField()
    received_via = models.CharField(max_length=10, choices=Via.choices, default=Via.ONLINE)

    class Meta:
        ordering = ["-received_on", "code"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.received_on})"

    @property
    def is_anonymous(self) -> bool:
        return self.author_id is None
