"""Feelings are drawn faces (SVG) with their words, never emoji, which show as empty boxes
where no emoji font is installed."""

import re

import pytest
from django.urls import reverse

from reflections.faces import feeling_face
from reflections.models import Reflection
from tests.reflections.test_reflections import SLUG, page, reflect
from tests.reflections.test_reflections import session as session  # the fixture

pytestmark = pytest.mark.django_db
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
WORDS = [label for _, label in Reflection.Feeling.choices]


def test_each_face_is_a_different_picture_hidden_from_screen_readers():
    faces = [feeling_face(value) for value, _ in Reflection.Feeling.choices]
    assert len(set(faces)) == 5
    for face in faces:
        assert face.startswith("<svg") and 'aria-hidden="true"' in face
        assert 'focusable="false"' in face


def test_the_reflection_form_offers_five_faces_to_tap_each_with_its_word(client, cast):
    content = page(client, cast["member"], "reflections:reflection-give")
    assert not EMOJI.search(content)
    tiles = re.findall(
        r'<label for="[^"]+" class="feeling-faces__choice"><input type="radio" name="feeling"'
        r' value="(\d)"[^>]*><svg class="face face--\1"[^>]*>.*?</svg><span>([^<]+)</span>',
        content,
    )
    assert [word for _, word in tiles] == WORDS
    assert "---------" not in content


def test_reflections_and_journey_steps_show_the_face_beside_the_word(client, cast, session):
    assert reflect(client, cast["member"], session, "everyone").status_code == 302
    listed = page(client, cast["member"])
    assert not EMOJI.search(listed)
    assert re.search(r'How it felt: <svg class="face face--2".*?</svg> Not good', listed)


def test_a_journey_map_step_shows_its_face(client, cast):
    client.force_login(cast["member"])
    url = reverse("reflections:contribution-create", args=[SLUG]) + "?kind=journey"
    form = client.get(url).content.decode()
    assert not EMOJI.search(form) and 'class="face face--5"' in form
