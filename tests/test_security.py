"""Security headers and limits that hold for every page and every form, found by walking
the URL resolver and the apps' form modules, so new pages and forms are covered.

(Login rate limits: tests/members/test_login.py; the deploy check with production settings:
tests/coproduction/test_settings.py.)"""

import importlib
import inspect

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.coproduction.test_access_matrix import ANON, EXPECTED, WHO
from tests.support.urls import build_url_args, fill, project_urls

APPS = ["coproduction", "members", "sessions_app", "payments", "reflections"]


@pytest.mark.django_db
def test_every_html_page_carries_the_content_security_policy_with_a_nonce(cast, collaboration):
    url_args = build_url_args(cast, collaboration)
    missing, seen = [], 0
    for route, name in project_urls():
        method, expected = EXPECTED[name]
        if method == "post":
            continue
        for who in WHO:
            if expected[who] != 200:
                continue
            client = Client()
            if who != ANON:
                client.force_login(cast[who])
            response = client.get(fill(route, url_args, name))
            if "text/html" not in response.get("Content-Type", ""):
                continue
            seen += 1
            policy = response.headers.get("Content-Security-Policy", "")
            if "'nonce-" not in policy or "default-src 'self'" not in policy:
                missing.append(f"{name} as {who}")
    assert seen > 30, "the walk found too few pages to mean anything"
    assert not missing, missing


def form_classes():
    for app in APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_upload_field_refuses_a_file_over_the_limit(settings):
    """Every file field checks its file (CheckedFileField), and a real, good file of its
    kind is refused when it is over the field's limit and kept when it is under."""
    from coproduction.uploads import CheckedFileField, VoiceNoteField
    from tests.support.media import encoded, picture, voice_note

    uploads = [
        (f"{cls.__name__}.{name}", field)
        for cls in form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.FileField)
    ]
    assert len(uploads) >= 3, "too few upload fields found: has the walk broken?"
    for where, field in uploads:
        assert isinstance(field, CheckedFileField), f"{where} does not check its files"
        if isinstance(field, VoiceNoteField):
            data, name, kind = voice_note(1.0), "note.wav", "audio/wav"
        else:
            data, name, kind = encoded(picture((200, 200)), "PNG"), "photo.png", "image/png"
        setattr(settings, field.max_bytes_setting, len(data) - 1)
        with pytest.raises(forms.ValidationError, match=r"(most we can take|can be up to)"):
            field.clean(SimpleUploadedFile(name, data, kind))
        setattr(settings, field.max_bytes_setting, len(data) * 2)
        assert field.clean(SimpleUploadedFile(name, data, kind)), where


def test_request_bodies_and_in_memory_uploads_are_bounded():
    assert 0 < settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert 0 < settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert 0 < settings.RECEIPT_MAX_BYTES <= 20 * 1024 * 1024
    assert 0 < settings.PHOTO_MAX_BYTES <= 20 * 1024 * 1024
    assert 0 < settings.VOICE_NOTE_MAX_BYTES <= 50 * 1024 * 1024


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(client, settings):
    settings.MAX_REQUEST_BYTES = 1000
    response = client.generic(
        "POST", "/accounts/login/", b"x" * 2000, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "more than we can take" in response.content.decode()
    assert client.post("/accounts/login/", {"login": "a"}).status_code != 413


@pytest.mark.django_db
def test_the_shared_poll_endpoints_error_answers_carry_the_content_security_policy(
    cast, collaboration, settings
):
    """A refused pass (403), a record gone (404) and a body too big (413): every answer the
    poll endpoint gives has the policy, not only its 200s."""
    from sessions_app.models import AgendaItem

    args = build_url_args(cast, collaboration)
    client = Client(raise_request_exception=False)
    good = f"/shared/poll/{args['token']['shared-poll']}/"
    answers = {"refused": client.get("/shared/poll/not-a-pass/")}
    settings.MAX_REQUEST_BYTES = 10
    answers["too big"] = client.post(good, {"x": "y" * 100})
    settings.MAX_REQUEST_BYTES = 10**7
    AgendaItem.objects.all().delete()
    answers["gone"] = client.get(good + "?editing=title")
    assert {name: a.status_code for name, a in answers.items()} == {
        "refused": 403,
        "too big": 413,
        "gone": 404,
    }
    for name, answer in answers.items():
        assert "default-src 'self'" in answer.headers.get("Content-Security-Policy", ""), name
