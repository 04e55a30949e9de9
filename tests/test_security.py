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
    settings.RECEIPT_MAX_BYTES = 1000
    uploads = [
        (cls.__name__, name, field)
        for cls in form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.FileField)
    ]
    assert uploads, "no upload fields found: has the walk broken?"
    for form_name, name, field in uploads:
        big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 5000, "application/pdf")
        with pytest.raises(forms.ValidationError):
            field.clean(big)
        assert form_name and name


def test_request_bodies_and_in_memory_uploads_are_bounded():
    assert 0 < settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert 0 < settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert 0 < settings.RECEIPT_MAX_BYTES <= 20 * 1024 * 1024
