"""A page someone has seen is handed back to them, never to anyone else, and never after
anything in the database has changed."""

import re
import subprocess
import sys
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduction import page_cache
from coproduction.models import Collaboration, Membership
from tests.required_services import redis_url_or_skip, service_missing
from tests.support.workers import worker_env

NONCE = re.compile(r'nonce="([^"]+)"')


def home(collaboration) -> str:
    return reverse("coproduction:collaboration-home", args=[collaboration.slug])


def seen_once(user, url) -> Client:
    """A browser that has logged in and seen `url`: it now holds its CSRF cookie."""
    client = Client()
    client.force_login(user)
    assert client.get(url).status_code == 200
    assert "csrftoken" in client.cookies
    return client


def test_a_page_seen_again_is_handed_back_with_no_queries_and_its_own_nonce(
    member, collaboration, django_assert_num_queries, monkeypatch
):
    url = home(collaboration)
    client = seen_once(member, url)
    drawn = client.get(url)

    def not_needed(self, request):
        raise AssertionError("a kept page is handed back before the session is loaded")

    monkeypatch.setattr(SessionMiddleware, "process_request", not_needed)
    with django_assert_num_queries(0):
        kept = client.get(url)
    assert kept.status_code == 200
    assert set(kept.headers) == set(drawn.headers), "the same headers as when it was drawn"
    nonces = set(NONCE.findall(kept.text))
    assert len(nonces) == 1, "the page has a script with a nonce"
    (nonce,) = nonces
    assert f"'nonce-{nonce}'" in kept["Content-Security-Policy"]
    assert nonce not in drawn.text, "each answer has a nonce of its own"
    assert kept.text == drawn.text.replace(NONCE.findall(drawn.text)[0], nonce)


@pytest.mark.parametrize("how", ["save", "update", "raw SQL"])
def test_any_write_to_the_database_shows_at_once(member, collaboration, how):
    url = home(collaboration)
    client = seen_once(member, url)
    assert "River Valley Youth Panel" in client.get(url).text
    if how == "save":
        collaboration.name = "Renamed Panel"
        collaboration.save()
    elif how == "update":
        Collaboration.objects.filter(pk=collaboration.pk).update(name="Renamed Panel")
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE coproduction_collaboration SET name = %s WHERE id = %s",
                ["Renamed Panel", collaboration.pk],
            )
    assert "Renamed Panel" in client.get(url).text


def test_one_persons_page_is_never_handed_to_anyone_else(cast, collaboration):
    url = home(collaboration)
    as_member, as_staff = seen_once(cast["member"], url), seen_once(cast["staff"], url)
    as_member.get(url), as_staff.get(url)  # now with the CSRF cookie: kept
    assert not _drawn(as_member, url) and not _drawn(as_staff, url)
    assert unnonced(as_member.get(url).text) != unnonced(as_staff.get(url).text)
    # The same person on a second device is a session of its own, drawn afresh, even
    # holding the same CSRF cookie.
    another_device = Client()
    another_device.force_login(cast["member"])
    another_device.cookies["csrftoken"] = as_member.cookies["csrftoken"].value
    assert _drawn(another_device, url)


@pytest.mark.parametrize(
    "engine",
    [
        "django.contrib.sessions.backends.cached_db",
        # Logging out of a session kept only in the cache writes nothing to the database:
        # the kept page's session is what refuses it.
        "django.contrib.sessions.backends.cache",
    ],
)
def test_a_logged_out_session_gets_no_kept_page(member, collaboration, settings, engine):
    settings.SESSION_ENGINE = engine
    url = home(collaboration)
    client = seen_once(member, url)
    client.get(url)
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    client.post(reverse("account_logout"))
    replayed = Client()
    for name, value in cookies.items():
        replayed.cookies[name] = value
    response = replayed.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_csrf_cookie_is_moved_on_with_a_kept_page_as_with_a_drawn_one(member, collaboration):
    url = home(collaboration)
    client = seen_once(member, url)
    drawn = client.get(url)
    kept = client.get(url)
    assert not _drawn(client, url)
    assert drawn.cookies["csrftoken"].value == kept.cookies["csrftoken"].value
    assert kept.cookies["csrftoken"]["max-age"] == drawn.cookies["csrftoken"]["max-age"] > 0


def test_someone_removed_from_the_collaboration_is_refused_at_once(member, collaboration):
    url = home(collaboration)
    client = seen_once(member, url)
    assert client.get(url).status_code == 200
    Membership.objects.filter(user=member, collaboration=collaboration).delete()
    assert client.get(url).status_code in (403, 404)


def test_a_message_is_shown_once(member, collaboration):
    membership = Membership.objects.get(user=member, collaboration=collaboration)
    url = reverse("members:person-detail", args=[collaboration.slug, membership.code])
    client = seen_once(member, url)
    client.get(url)
    client.post(reverse("members:person-step-back", args=[collaboration.slug, membership.code]))
    assert "Welcome back!" in client.get(url).text
    assert "Welcome back!" not in client.get(url).text
    assert "Welcome back!" not in client.get(url).text


def test_a_kept_page_is_for_one_minute_of_the_clock(member, collaboration):
    url = home(collaboration)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client = seen_once(member, url)
        client.get(url)
        assert not _drawn(client, url)
        clock.shift(timedelta(minutes=1))
        assert _drawn(client, url)


def test_htmx_fragments_are_kept_apart_from_whole_pages(member, collaboration):
    membership = Membership.objects.get(user=member, collaboration=collaboration)
    url = reverse("members:person-availability-edit", args=[collaboration.slug, membership.code])
    client = seen_once(member, url)
    whole = unnonced(client.get(url).text)
    fragment = unnonced(client.get(url, headers={"HX-Request": "true"}).text)
    assert whole != fragment
    assert unnonced(client.get(url).text) == whole
    assert unnonced(client.get(url, headers={"HX-Request": "true"}).text) == fragment


def test_without_the_cache_pages_are_drawn_as_usual(member, collaboration, monkeypatch):
    url = home(collaboration)
    client = seen_once(member, url)

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(page_cache.cache, "get_many", unreachable)
    response = client.get(url)
    assert response.status_code == 200 and "River Valley Youth Panel" in response.text


@pytest.mark.django_db(transaction=True)
def test_a_write_in_a_transaction_moves_the_version_on_again_when_it_commits():
    before = page_cache.data_version()
    with transaction.atomic():
        Collaboration.objects.create(name="New", slug="new")
        during = page_cache.data_version()
        assert during > before
    assert page_cache.data_version() > during


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_write_made_by_another_process_shows_at_once(member, collaboration, settings, tmp_path):
    """As when a Celery worker or a shell changes something: the kept page is not found."""
    if connection.vendor != "postgresql":
        service_missing("This test needs PostgreSQL: set DATABASE_URL")
    shared = urlsplit(redis_url_or_skip())._replace(path="/14").geturl()  # a database of its own
    settings.CACHES = {"default": {"BACKEND": "coproduction.cache.RedisCache", "LOCATION": shared}}
    from django.core.cache import cache

    cache.clear()
    url = home(collaboration)
    client = seen_once(member, url)
    client.get(url)
    assert not _drawn(client, url)
    env = worker_env(shared, tmp_path / "delivered.log", SHARED_CACHE_URL=shared)
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from coproduction.models import Collaboration; "
            "Collaboration.objects.filter(slug='river-valley').update(name='Renamed elsewhere')",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
        timeout=60,
    )
    try:
        assert "Renamed elsewhere" in client.get(url).text
    finally:
        cache.clear()


def test_reading_moves_nothing_on(collaboration):
    before = page_cache.data_version()
    list(Collaboration.objects.all())
    assert page_cache.data_version() == before


def test_the_redis_cache_keeps_one_client_per_pool():
    from coproduction.cache import RedisCache

    cache = RedisCache(redis_url_or_skip(), {"KEY_PREFIX": "test-page-cache"})
    cache.set("answer", 42)
    assert cache.get("answer") == 42
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.delete("answer")


def unnonced(text: str) -> str:
    return NONCE.sub("", text)


def _drawn(client, url) -> bool:
    """Whether the page was drawn (it asked the database), rather than handed back."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries) > 0
