"""What the outbox needs to know of a person to reach them: their channels in their own
order, their yes or no to each optional kind of message, a number for calls, an address for
letters, their time zone, and where they change all that. The app that keeps people's
profiles (members) provides it, registered in its AppConfig.ready(); the outbox imports no
app.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from coproduction.models import Membership


@dataclass(frozen=True)
class ContactPreferences:
    channels: tuple[str, ...] = ()
    # Category -> whether they want it; a category not named here is wanted.
    consents: Mapping[str, bool] = field(default_factory=dict)
    call_phone: str = ""
    postal_address: str = ""
    time_zone: str = ""


class ContactPreferencesSource(Protocol):
    def preferences(self, user_id: int) -> ContactPreferences | None:
        """The person's preferences as they are now; None if they never set any."""

    def stop(self, user_id: int, category: str) -> None:
        """They want no more messages of this optional category."""

    def page(self, membership: Membership) -> str:
        """The path where they choose how we contact them."""

    def keep_offline_contact(self, user_id: int, *, postal_address: str, call_phone: str) -> None:
        """For someone who takes part by post or phone only: where letters and calls go."""


_source: ContactPreferencesSource | None = None


def register(source: ContactPreferencesSource) -> None:
    global _source
    _source = source


def _registered() -> ContactPreferencesSource:
    if _source is None:
        raise RuntimeError("No app has registered where people's contact preferences are kept.")
    return _source


def preferences_for(user_id: int) -> ContactPreferences | None:
    return _registered().preferences(user_id)


def stop(user_id: int, category: str) -> None:
    _registered().stop(user_id, category)


def preferences_page(membership: Membership) -> str:
    return _registered().page(membership)


def keep_offline_contact(user_id: int, *, postal_address: str, call_phone: str) -> None:
    _registered().keep_offline_contact(
        user_id, postal_address=postal_address, call_phone=call_phone
    )
