"""Managers shared by the apps."""

from django.db import models


class PeersManager(models.Manager):
    """Fetches a relation for every row of a list at once, the first time one row needs it
    (Django's FETCH_PEERS): a page that shows each person's name, or each claim's payments,
    makes one more query, not one per row."""

    def get_queryset(self):
        return super().get_queryset().fetch_mode(models.FETCH_PEERS)
