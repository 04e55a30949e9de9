"""Taking part without a meeting: words, photos, voice notes, journey maps and diaries."""

import html
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from mutagen.wave import WAVE
from PIL import Image

from coproduction.models import Membership
from members.models import GuardianConsent
from reflections.models import Action, Contribution
from sessions_app.models import Session, ShortTask, TaskAnswer
from tests.factories import MembershipFactory, UserFactory, WorkAreaFactory
from tests.support.forms import date_fields
from tests.support.media import GPS, photo_with_location, upload, voice_note

pytestmark = pytest.mark.django_db
SLUG = "river-valley"


def url(name, *args):
    return reverse(f"reflections:{name}", args=[SLUG, *args])


def photo_file(name="bus-stop.jpg"):
    return upload(photo_with_location(), name, "image/jpeg")


def voice_file(seconds=1.0, name="note.wav"):
    return upload(voice_note(seconds), name, "audio/wav")


def text(response) -> str:
    return html.unescape(response.content.decode())


def share(client, **data):
    return client.post(url("contribution-create"), {"visibility": "staff", **data})


def test_a_photo_is_kept_without_its_location_or_camera_details(client, member):
    client.force_login(member)
    response = share(
        client,
        text="The stop has no shelter",
        photo=photo_file(),
        photo_description="A bus stop in the rain",
        photo_agreed="on",
    )
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    kept = contribution.photo.read()
    image = Image.open(io.BytesIO(kept))
    assert not image.getexif() and not image.getexif().get_ifd(GPS)
    assert b"PhoneMaker" not in kept and b"at home" not in kept
    assert contribution.photo_agreed_on == timezone.localdate()
    served = client.get(url("contribution-photo", contribution.code))
    assert served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == kept
    page = client.get(url("contribution-detail", contribution.code)).content.decode()
    assert 'alt="A bus stop in the rain"' in page


def test_a_voice_note_loses_its_tags_and_plays_in_the_browser(client, member):
    client.force_login(member)
    assert b"Mill Lane" in voice_note(2.0) and b"Home Street" in voice_note(2.0)
    share(client, voice_note=voice_file(2.0))
    contribution = Contribution.objects.get()
    kept = contribution.voice_note.read()
    assert b"Home Street" not in kept and b"+51.5" not in kept and b"Mill Lane" not in kept
    assert WAVE(io.BytesIO(kept)).info.length == pytest.approx(2.0)
    page = client.get(url("contribution-detail", contribution.code)).content.decode()
    assert "<audio controls" in page
    served = client.get(url("contribution-voice-note", contribution.code))
    assert served["Content-Type"] == "audio/wav" and served["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("field", "data", "name", "message"),
    [
        ("photo", b"#!/bin/sh\nrm -rf /", "photo.jpg", "This isn't a photo we can read"),
        ("photo", voice_note(), "photo.jpg", "This isn't a photo we can read"),
        ("voice_note", photo_with_location(), "note.mp3", "This isn't a voice recording"),
        ("voice_note", b"ID3" + b"\0" * 64, "note.mp3", "This isn't a voice recording"),
    ],
)
def test_a_file_of_the_wrong_real_type_is_refused_and_the_words_are_kept(
    client, member, field, data, name, message
):
    client.force_login(member)
    response = share(
        client,
        text="My words about the clinic",
        photo_agreed="on",
        **{field: upload(data, name, "image/jpeg")},
    )
    page = text(response)
    assert response.status_code == 200 and message in page
    assert "My words about the clinic" in page  # the rest of the form is still filled in
    assert not Contribution.objects.exists()


def test_a_file_too_large_is_refused_with_its_size_and_the_limit(client, member, settings):
    settings.VOICE_NOTE_MAX_BYTES = 20_000
    client.force_login(member)
    response = share(
        client, text="Longer story", title="The waiting room", voice_note=voice_file(3.0)
    )
    page = text(response)
    assert "This file is 48.1 KB. The most we can take is 19.5 KB." in page
    assert "Longer story" in page and "The waiting room" in page
    assert not Contribution.objects.exists()


def test_a_good_file_beside_a_mistake_is_asked_for_again(client, member):
    client.force_login(member)
    response = share(client, voice_note=voice_file(), photo=photo_file())  # photo not agreed
    page = response.content.decode()
    assert "Tick this to send the photo" in page
    assert "Please choose this file again" in page
    assert not Contribution.objects.exists()


def test_photos_need_a_separate_consent_and_from_the_guardian_for_under_18s(client, member):
    young = UserFactory(
        name="Young Person", date_of_birth=timezone.localdate() - timedelta(days=15 * 365)
    )
    membership = MembershipFactory(
        collaboration=Membership.objects.get(user=member).collaboration, user=young
    )
    client.force_login(young)
    response = share(client, text="My street", photo=photo_file(), photo_agreed="on")
    assert "your parent or carer, and you, need to agree to photos" in response.content.decode()
    consent = GuardianConsent.objects.create(
        user=young,
        guardian_name="Pat Parent",
        relationship="mother",
        consent_given_on=timezone.localdate(),
        young_person_agreed_on=timezone.localdate(),
        photo_consent_guardian=True,
        photo_consent_young_person=False,
    )
    response = share(client, text="My street", photo=photo_file())
    assert "need to agree to photos" in response.content.decode()
    consent.photo_consent_young_person = True
    consent.save()
    share(client, text="My street", photo=photo_file())
    assert Contribution.objects.get().membership == membership


def test_private_contributions_are_invisible_to_other_members(client, cast, collaboration):
    author = Membership.objects.get(user=cast["member"])
    private = Contribution.objects.create(
        collaboration=collaboration, membership=author, text="For staff only", visibility="staff"
    )
    Contribution.objects.create(
        collaboration=collaboration, membership=author, text="For all of us", visibility="everyone"
    )
    other = MembershipFactory(collaboration=collaboration)
    client.force_login(other.user)
    listed = client.get(url("contribution-list")).content.decode()
    assert "For all of us" in listed and "For staff only" not in listed
    assert client.get(url("contribution-detail", private.code)).status_code == 404
    client.force_login(cast["staff"])
    assert "For staff only" in client.get(url("contribution-list")).content.decode()
    client.force_login(cast["outsider"])
    assert client.get(url("contribution-detail", private.code)).status_code == 404


def test_a_contribution_entered_by_staff_is_credited_to_the_member(client, cast, collaboration):
    author = Membership.objects.get(user=cast["member"])
    client.force_login(cast["staff"])
    response = client.post(
        url("contribution-record"),
        {
            "member": author.pk,
            "received_via": "post",
            "text": "A letter about the youth club",
            "visibility": "everyone",
        },
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.membership == author and contribution.entered_by == cast["staff"]
    client.force_login(cast["member"])
    page = client.get(url("contribution-list")).content.decode()
    assert "Member Person" in page and "by post, entered by staff" in page


def test_a_journey_map_of_three_steps_is_drawn_as_a_picture(client, member):
    client.force_login(member)
    steps = {
        "steps-TOTAL_FORMS": "10",
        "steps-INITIAL_FORMS": "0",
        "steps-0-what_happened": "Waited six weeks for a letter",
        "steps-0-feeling": "2",
        "steps-1-what_happened": "First appointment",
        "steps-1-feeling": "4",
        "steps-1-feeling_words": "listened to at last",
        "steps-2-what_happened": "Moved to adult services",
        "steps-2-feeling": "1",
    }
    response = client.post(
        url("contribution-create") + "?kind=journey",
        {"title": "Getting mental health support", "visibility": "everyone", **steps},
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.kind == "journey"
    assert contribution.steps.first().what_happened == "Waited six weeks for a letter"
    assert [s.feeling for s in contribution.steps.all()] == [2, 4, 1]
    page = client.get(url("contribution-detail", contribution.code)).content.decode()
    assert "<svg" in page and "step 1: not good; step 2: good; step 3: awful" in page
    assert page.count('class="journey__dot"') == 3 and "listened to at last" in page
    assert re.search(r'How it felt: <svg class="face face--4".*?</svg> Good: listened', page)


def test_a_journey_map_needs_a_step(client, member):
    client.force_login(member)
    response = client.post(
        url("contribution-create") + "?kind=journey",
        {
            "title": "Nothing yet",
            "visibility": "staff",
            "steps-TOTAL_FORMS": "10",
            "steps-INITIAL_FORMS": "0",
        },
    )
    assert "Fill in at least one step" in response.content.decode()
    assert not Contribution.objects.exists()


def test_contributions_appear_in_their_session_work_area_and_task(client, cast, collaboration):
    author = Membership.objects.get(user=cast["member"])
    session = Session.objects.create(
        collaboration=collaboration,
        title="Planning day",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
    )
    area = WorkAreaFactory(collaboration=collaboration, name="Transport")
    task = ShortTask.objects.create(
        collaboration=collaboration,
        title="Photos of bus stops",
        brief="Take two.",
        deadline=timezone.localdate() + timedelta(days=5),
    )
    for text, link in [
        ("About the day", {"session": session}),
        ("About buses", {"work_area": area}),
        ("For the task", {"task": task}),
    ]:
        Contribution.objects.create(
            collaboration=collaboration, membership=author, text=text, visibility="everyone", **link
        )
    client.force_login(cast["staff"])
    session_page = client.get(reverse("sessions:session-detail", args=[SLUG, session.code]))
    assert "About the day" in session_page.content.decode()
    assert "About buses" not in session_page.content.decode()
    by_area = client.get(url("contribution-list") + f"?work_area={area.code}").content.decode()
    assert "About buses" in by_area and "About the day" not in by_area
    task_page = client.get(reverse("sessions:task-detail", args=[SLUG, task.code])).content.decode()
    assert "For the task" in task_page
    assert client.get(url("contribution-list") + "?work_area=not-a-code").status_code == 200


def test_a_task_answer_can_carry_a_photo_and_still_makes_a_claim(client, cast, collaboration):
    task = ShortTask.objects.create(
        collaboration=collaboration,
        title="Photos of bus stops",
        brief="Take two.",
        deadline=timezone.localdate() + timedelta(days=5),
    )
    client.force_login(cast["member"])
    client.post(
        reverse("sessions:task-detail", args=[SLUG, task.code]),
        {
            "text": "No shelter here",
            "visibility": "staff",
            "photo": photo_file(),
            "photo_agreed": "on",
        },
    )
    answer = TaskAnswer.objects.get()
    contribution = Contribution.objects.get()
    assert contribution.task == task and contribution.membership == answer.membership
    assert contribution.visibility == "staff" and contribution.photo
    assert answer.membership.claims.count() == 1


def test_staff_turn_a_contribution_into_an_action_crediting_the_member(client, cast, collaboration):
    author = Membership.objects.get(user=cast["member"])
    private = Contribution.objects.create(
        collaboration=collaboration,
        membership=author,
        text="My worry about the nurse",
        visibility="staff",
    )
    client.force_login(cast["staff"])
    client.post(url("action-from-contribution", private.code), {"title": "Talk to the clinic"})
    action = Action.objects.get()
    assert action.contribution == private and action.raised_by == author
    assert "nurse" not in action.raised  # shared with staff only: the board is for everyone
    again = client.post(url("action-from-contribution", private.code), {"title": "Again"})
    assert again.status_code == 302 and Action.objects.count() == 1
    client.force_login(cast["member"])
    assert client.post(url("action-from-contribution", private.code)).status_code == 403


def test_a_diary_is_private_until_an_entry_is_shared(client, cast):
    client.force_login(cast["member"])
    start = timezone.localdate()
    response = client.post(
        url("diary-list"), {"title": "My exam season", **date_fields("starts_on", start)}
    )
    diary = cast["member"].memberships.get().diaries.get()
    assert response.status_code == 302
    client.post(
        url("diary-detail", diary.code),
        {
            "text": "Revision all day, no time for the panel",
            "visibility": "me",
            **date_fields("entry_date", start),
        },
    )
    entry = diary.entries.get()
    assert entry.visibility == "me" and entry.kind == "diary"
    client.force_login(cast["staff"])
    assert client.get(url("contribution-detail", entry.code)).status_code == 404
    assert client.get(url("diary-detail", diary.code)).status_code == 404
    client.force_login(cast["member"])
    client.post(url("contribution-detail", entry.code), {"visibility": "staff"})
    client.force_login(cast["staff"])
    page = client.get(url("contribution-detail", entry.code)).content.decode()
    assert "Revision all day" in page
    assert (
        client.post(url("contribution-detail", entry.code), {"visibility": "me"}).status_code == 404
    )


def test_only_diary_entries_can_be_kept_to_yourself(client, member):
    client.force_login(member)
    response = share(client, text="Hidden?", visibility="me")
    assert "Select a valid choice" in response.content.decode()
    assert not Contribution.objects.exists()


def test_an_empty_contribution_is_refused_plainly(client, member):
    client.force_login(member)
    response = share(client)
    assert "Write something, add a photo or add a voice note" in response.content.decode()


def test_contributions_are_in_the_persons_export_and_go_when_they_are_erased(client, cast):
    from django.core.files.base import ContentFile

    from members import erasure
    from reflections.models import Diary

    membership = Membership.objects.get(user=cast["member"])
    diary = Diary.objects.create(
        membership=membership, title="MINE-diary", starts_on=timezone.localdate()
    )
    contribution = Contribution(
        collaboration=membership.collaboration,
        membership=membership,
        text="MINE-words",
        diary=diary,
        kind="diary",
        visibility="me",
    )
    contribution.photo.save("p.jpg", ContentFile(photo_with_location()), save=False)
    contribution.save()
    stored = contribution.photo.name
    client.force_login(cast["member"])
    export = client.get(
        reverse("members:person-export", args=[SLUG, membership.code]) + "?format=json"
    ).content.decode()
    assert "MINE-words" in export and "MINE-diary" in export
    erasure.person_erase(user=cast["member"])
    assert not Contribution.objects.exists() and not Diary.objects.exists()
    assert not contribution.photo.storage.exists(stored)


def test_a_voice_note_is_served_in_parts_for_phones_that_ask(client, member):
    client.force_login(member)
    share(client, voice_note=voice_file(1.0))
    contribution = Contribution.objects.get()
    whole = contribution.voice_note.read()
    address = url("contribution-voice-note", contribution.code)
    first = client.get(address, headers={"Range": "bytes=0-1"})
    assert first.status_code == 206 and first.content == whole[:2]
    assert first["Content-Range"] == f"bytes 0-1/{len(whole)}"
    tail = client.get(address, headers={"Range": "bytes=-10"})
    assert tail.content == whole[-10:]
    beyond = client.get(address, headers={"Range": f"bytes={len(whole)}-"})
    assert beyond.status_code == 416
    plain = client.get(address)
    assert plain.status_code == 200 and plain["Accept-Ranges"] == "bytes"


def test_a_task_for_another_work_area_is_not_named_to_a_member(client, cast, collaboration):
    elsewhere = ShortTask.objects.create(
        collaboration=collaboration,
        title="Secret planning for the youth club",
        brief="b",
        work_area=WorkAreaFactory(collaboration=collaboration),
        deadline=timezone.localdate() + timedelta(days=3),
    )
    client.force_login(cast["member"])
    assert client.get(url("contribution-list") + f"?task={elsewhere.code}").status_code == 404
    form = client.get(url("contribution-create") + f"?task={elsewhere.code}").content.decode()
    assert "Secret planning" not in form
    client.force_login(cast["staff"])
    staff_form = client.get(url("contribution-create") + f"?task={elsewhere.code}")
    assert "Secret planning" in staff_form.content.decode()


def test_a_range_too_long_to_be_real_gets_the_whole_file(client, member):
    client.force_login(member)
    share(client, voice_note=voice_file(1.0))
    contribution = Contribution.objects.get()
    address = url("contribution-voice-note", contribution.code)
    response = client.get(address, headers={"Range": "bytes=" + "9" * 5000 + "-"})
    assert response.status_code == 200


def test_words_leave_the_action_board_when_taken_back_or_erased(client, cast, collaboration):
    from members import erasure

    author = Membership.objects.get(user=cast["member"])
    shared = Contribution.objects.create(
        collaboration=collaboration,
        membership=author,
        text="The lift is broken",
        visibility="everyone",
    )
    client.force_login(cast["staff"])
    client.post(url("action-from-contribution", shared.code), {"title": "Fix the lift"})
    assert Action.objects.get().raised == "The lift is broken"
    client.force_login(cast["member"])
    client.post(url("contribution-detail", shared.code), {"visibility": "staff"})
    board = client.get(url("action-board")).content.decode()
    assert "The lift is broken" not in board and "Fix the lift" in board
    erasure.person_erase(user=cast["member"])
    assert Action.objects.get().raised == erasure.RAISED_BY_ERASED


def test_named_feedback_and_reflections_go_when_a_person_is_erased(cast, collaboration):
    from members import erasure
    from reflections.models import Feedback, Reflection

    author = Membership.objects.get(user=cast["member"])
    today = timezone.localdate()
    Feedback.objects.create(
        collaboration=collaboration, text="MINE named", author=author, received_on=today
    )
    Feedback.objects.create(collaboration=collaboration, text="anonymous", received_on=today)
    Reflection.objects.create(
        collaboration=collaboration, went_well="MINE", author=author, written_on=today
    )
    erasure.person_erase(user=cast["member"])
    assert list(Feedback.objects.values_list("text", flat=True)) == ["anonymous"]
    assert not Reflection.objects.exists()
