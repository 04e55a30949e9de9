"""Help from a named person, by phone, on every page; and asking for a call back."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from coproduction import outbox
from coproduction.models import Membership, Message
from tests.factories import MembershipFactory, UserFactory


def test_every_page_names_who_to_call_for_help(client, cast, collaboration):
    staff = Membership.objects.get(user=cast["staff"])
    collaboration.help_contact = staff
    collaboration.help_phone = "0300 123 4567"
    collaboration.help_hours = "weekdays, 9 to 5"
    collaboration.save()
    client.force_login(cast["member"])
    for name in ("coproduction:collaboration-home", "reflections:action-board"):
        page = client.get(reverse(name, args=[collaboration.slug])).content.decode()
        assert "Staff Person can help" in page and 'href="tel:03001234567"' in page
        assert "weekdays, 9 to 5" in page and "ask us to call you" in page


def test_a_call_back_goes_on_staffs_call_list_with_what_to_say(client, cast, collaboration):
    client.force_login(cast["member"])
    url = reverse("coproduction:call-back", args=[collaboration.slug])
    response = client.post(url, {"phone": "", "when": "any time"})
    assert "This field is required." in response.content.decode()
    client.post(url, {"phone": "07700 900123", "when": "in the morning", "about": "My claim"})
    message = Message.objects.get(kind=Message.Kind.CALL_BACK)
    assert message.channel == Message.Channel.CALL
    assert "in the morning, on 07700 900123. It is about: My claim" in message.body
    outbox.send_due(now=timezone.now() + timedelta(seconds=1))
    client.force_login(cast["staff"])
    calls = client.get(reverse("coproduction:outbox", args=[collaboration.slug])).content.decode()
    assert "Call Member Person</strong> on" in calls and "It is about: My claim" in calls


def test_an_under_18s_number_is_not_copied_into_the_call_text(client, collaboration):
    young = MembershipFactory(
        collaboration=collaboration,
        user=UserFactory(date_of_birth=timezone.localdate() - timedelta(days=15 * 365)),
    )
    client.force_login(young.user)
    client.post(
        reverse("coproduction:call-back", args=[collaboration.slug]),
        {"phone": "07700 900999", "when": "any time"},
    )
    message = Message.objects.get(kind=Message.Kind.CALL_BACK)
    assert "07700 900999" not in message.body and "on the number we hold" in message.body
