"""How and when a message may reach a person: their channel, in their own order and with
their consent per kind of message, and quiet hours for under-18s in their own time zone."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from coproduction.models import Membership, Message
from coproduction.outbox.people import ContactPreferences, preferences_for

Channel = Message.Channel
Category = Message.Category

# The kinds of message a person may say no to (and so are offered an unsubscribe for).
OPTIONAL_CATEGORIES = frozenset({Category.REMINDERS, Category.PROMPTS, Category.NEWS})


def is_optional(category: str) -> bool:
    return category in OPTIONAL_CATEGORIES


def choose_channel(
    membership: Membership, category: str, preferences: ContactPreferences | None
) -> str | None:
    """The first channel in the person's own order that they consent to and that can reach
    them; None if they said no to this kind of message."""
    if (
        preferences is not None
        and is_optional(category)
        and not preferences.consents.get(category, True)
    ):
        return None
    user = membership.user
    usable: dict[str, bool] = {
        Channel.EMAIL: bool(user.email),
        Channel.SMS: bool(user.phone),
        Channel.CALL: bool((preferences and preferences.call_phone) or user.phone),
        Channel.POST: bool(preferences and preferences.postal_address),
    }
    preferred = list(preferences.channels) if preferences else []
    for channel in [*preferred, Channel.EMAIL, Channel.SMS, Channel.CALL]:
        if usable.get(channel):
            return channel
    return None


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> "QuietHours | None":
        try:
            start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
        except ValueError:
            return None
        return cls(start, end)

    def next_allowed(self, moment: datetime, tz: ZoneInfo) -> datetime | None:
        """When a message due at `moment` may go, or None if it may go now."""
        local = moment.astimezone(tz)
        now_time = local.time()
        overnight = self.start > self.end
        inside = (
            (now_time >= self.start or now_time < self.end)
            if overnight
            else self.start <= now_time < self.end
        )
        if not inside:
            return None
        day = (
            local.date() + timedelta(days=1)
            if overnight and now_time >= self.start
            else local.date()
        )
        return datetime.combine(day, self.end, tz)


def quiet_until(message: Message, now: datetime) -> datetime | None:
    """When a message to an under-18 may go, if now is in the collaboration's quiet hours."""
    if message.recipient is None:
        return None  # someone invited to join: we do not know their age yet
    user = message.recipient.user
    if not user.is_under_18:
        return None
    quiet = QuietHours.parse(message.recipient.collaboration.quiet_hours)
    if quiet is None:
        return None
    preferences = preferences_for(user.pk)
    tz = ZoneInfo((preferences and preferences.time_zone) or settings.TIME_ZONE)
    return quiet.next_allowed(now, tz)
