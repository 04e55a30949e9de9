"""How to reach a person, from their profile, for the outbox (registered in
MembersConfig.ready()): the core's outbox asks here and never imports this app."""

from django.urls import reverse

from coproduction.models import Membership, Message
from coproduction.outbox.people import ContactPreferences
from members.models import Channel, Profile

# Each optional kind of message, and the profile's yes or no to it.
CONSENT_FIELD: dict[str, str] = {
    Message.Category.REMINDERS: "consent_reminders",
    Message.Category.PROMPTS: "consent_prompts",
    Message.Category.NEWS: "consent_news",
}


class ProfileContactPreferences:
    def preferences(self, user_id: int) -> ContactPreferences | None:
        profile = Profile.objects.filter(user_id=user_id).first()
        if profile is None:
            return None
        return ContactPreferences(
            channels=tuple(profile.channels or ()),
            consents={category: getattr(profile, name) for category, name in CONSENT_FIELD.items()},
            call_phone=profile.call_phone,
            postal_address=profile.postal_address,
            time_zone=profile.time_zone,
        )

    def stop(self, user_id: int, category: str) -> None:
        Profile.objects.get_or_create(user_id=user_id)
        Profile.objects.filter(user_id=user_id).update(**{CONSENT_FIELD[category]: False})

    def page(self, membership: Membership) -> str:
        return reverse(
            "members:person-profile-edit", args=[membership.collaboration.slug, membership.code]
        )

    def keep_offline_contact(self, user_id: int, *, postal_address: str, call_phone: str) -> None:
        channels = [
            channel
            for channel, given in ((Channel.POST, postal_address), (Channel.CALL, call_phone))
            if given
        ]
        Profile.objects.update_or_create(
            user_id=user_id,
            defaults={
                "postal_address": postal_address,
                "call_phone": call_phone,
                "channels": channels,
            },
        )
