"""Random and hostile values posted to every URL of the project that takes a POST, as every
role that may use it, as plain posts and as HTMX requests: never a server error; a rejected
request changes no row and says why.

The URLs come from walking the resolver and the field names from the forms the project's own
pages show (so a new form is covered as soon as a page links to it); the per-app tests in
tests/<app>/test_hostile_input.py go deeper into each app's forms.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.coproduction.test_access_matrix import ANON, EXPECTED, WHO
from tests.members.test_hostile_input import VALUES
from tests.required_services import service_missing
from tests.support.urls import build_url_args, fill, project_urls

HOSTILE = VALUES | st.sampled_from(
    [
        '=HYPERLINK("http://evil.example","click")',
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "<img src=x onerror=alert(1)>",
        "x" * 20_000,
        "0000-00-00",
        "2026-13-01",
        "-99999999999999999999",
        "1" * 30,
        "\ud7ff\ue000\U0010fffd",
    ]
)


class FormFields(HTMLParser):
    """The names each form on a page posts, by the URL it posts to (action or hx-post)."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url, self.found, self.current = page_url, {}, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        target = attrs.get("hx-post")
        if tag == "form" and (attrs.get("method", "get").lower() == "post" or target):
            self.current = self.found.setdefault(
                target or attrs.get("action") or self.page_url, set()
            )
        elif tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            if self.current is not None:
                self.current.add(attrs["name"])
        elif target:
            self.found.setdefault(target, set())

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def may_post(expected: dict) -> list[str]:
    """The visitors the access matrix lets use a URL: not refused, not sent to log in."""
    return [
        who
        for who in WHO
        if expected[who] not in (403, 404) and not (who == ANON and expected[who] == 302)
    ]


def snapshot_tables() -> list[str]:
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
    return sorted(tables - {"django_session"})  # logging in writes the session, nothing else


def snapshot(tables: list[str]) -> dict[str, str]:
    """A fingerprint of every row of every table, in one query."""
    parts = " UNION ALL ".join(
        f"SELECT '{table}', md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))"  # noqa: S608 - model table names
        f' FROM "{table}" t'
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(parts)
        return dict(cursor.fetchall())


def explained(response) -> bool:
    """The answer says what was wrong: a form with errors, an error message, or a page."""
    if response.status_code >= 400:
        return bool(response.content.strip())
    return form_errors(response) or error_messages(response)


def form_errors(response) -> bool:
    context = response.context
    contexts = [context] if hasattr(context, "flatten") else list(context or [])
    return any(
        value.errors
        for each in contexts
        for key, value in each.flatten().items()
        if hasattr(value, "errors") and getattr(value, "is_bound", False) and "form" in key
    )


def error_messages(response) -> bool:
    stored = getattr(response.wsgi_request, "_messages", None)
    queued = getattr(stored, "_queued_messages", []) if stored is not None else []
    return any(message.level >= message_levels.WARNING for message in queued)


@pytest.mark.django_db
def test_hostile_posts_to_every_url_never_fail_and_rejections_change_nothing(cast, collaboration):
    if connection.vendor != "postgresql":
        service_missing(
            "This test fingerprints every row with PostgreSQL: set DATABASE_URL, "
            "e.g. postgres://postgres@127.0.0.1:5432/coproduction"
        )
    url_args = build_url_args(cast, collaboration)
    clients = {who: Client() for who in WHO}
    for who in WHO:
        if who != ANON:
            clients[who].force_login(cast[who])

    # The forms on every page anyone can see, by the URL name they post to.
    fields: dict[str, set[str]] = {}
    routes = project_urls()
    for route, name in routes:
        method, expected = EXPECTED[name]
        if method == "post":
            continue
        url = fill(route, url_args, name)
        for who in WHO:
            if expected[who] != 200:
                continue
            response = clients[who].get(url)
            if "html" not in response.get("Content-Type", ""):
                continue
            parser = FormFields(url)
            parser.feed(response.content.decode())
            for action, names in parser.found.items():
                try:
                    target = resolve(urlsplit(action).path).view_name
                except Resolver404:
                    continue
                fields.setdefault(target, set()).update(names)

    tables = snapshot_tables()
    posting = [(r, n) for r, n in routes if "post" in EXPECTED[n][0]]
    assert posting, "no URL takes a POST?"
    problems = []
    for route, name in posting:
        url = fill(route, url_args, name)
        names = [*sorted(fields.get(name, set()) - {"csrfmiddlewaretoken"}), "unexpected"]
        for who in may_post(EXPECTED[name][1]):
            problems += hostile_posts(clients[who], url, name, who, names, tables)
    assert not problems, "\n".join(problems)


def hostile_posts(client, url: str, name: str, who: str, names: list[str], tables) -> list[str]:
    """Posts hypothesis's values to `url`; the first problem found, if any."""

    @settings(
        max_examples=6,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        chosen=st.lists(st.sampled_from(names), unique=True),
        values=st.lists(st.lists(HOSTILE, min_size=1, max_size=3), min_size=len(names)),
        htmx=st.booleans(),
    )
    def post(chosen, values, htmx):
        payload = dict(zip(chosen, values, strict=False))
        headers = {"HX-Request": "true"} if htmx else {}
        before = snapshot(tables)
        response = client.post(url, payload, headers=headers)
        assert response.status_code < 500, (name, who, response.status_code)
        rejected = response.status_code >= 400 or form_errors(response) or error_messages(response)
        if rejected:
            assert explained(response), f"{name} as {who}: refused without a reason"
            after = snapshot(tables)
            changed = [t for t in tables if before[t] != after[t]]
            assert not changed, f"{name} as {who} refused but changed {changed}"

    try:
        post()
    except AssertionError as error:  # collect every URL's problem, not just the first
        return [str(error).splitlines()[0]]
    return []


def test_every_posting_url_is_open_to_someone():
    """A posting URL nobody may use would go untested above."""
    for _, name in project_urls():
        method, expected = EXPECTED[name]
        if "post" in method:
            assert may_post(expected), name


MANGLED_TOKENS = ["ab\x00cd", "ab%00cd", "a b", "<script>", "x" * 300]


@pytest.mark.django_db
def test_a_mangled_link_secret_is_not_found_never_a_server_error(cast, collaboration):
    """Links carry secrets (answer links, calendar feeds, invitations, polls): whatever a mail
    client or a person does to one, the answer is 404, not 500. PostgreSQL refuses a NUL byte
    in a query, so this is tried on it."""
    if connection.vendor != "postgresql":
        service_missing("A NUL byte only breaks a query on PostgreSQL: set DATABASE_URL")
    url_args = build_url_args(cast, collaboration)
    client = Client(raise_request_exception=False)
    client.force_login(cast["member"])
    routed = [(route, name) for route, name in project_urls() if "<token:" in route]
    assert len(routed) >= 6, routed
    for route, name in routed:
        for mangled in MANGLED_TOKENS:
            args = {**url_args, "token": mangled, "secret": mangled}
            response = client.get(fill(route, args, name))
            # A pass that is well formed but wrong is refused (403) where the view says so.
            allowed = (404,) if "\x00" in mangled else (403, 404)
            assert response.status_code in allowed, (name, repr(mangled), response.status_code)
