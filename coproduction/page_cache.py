"""A page someone has just seen is kept for them, until anything in the database changes.

Rendering a page costs 10-60 ms of Python (queries built, templates and form widgets drawn);
handing back a page already drawn costs well under one. People look at the same few pages
over and over (home, the next session, their claims), and htmx asks for the same fragments
again, so a page is kept in the shared cache for the session that saw it.

It can never show anything out of date, because of how it is invalidated: every statement
that writes to the database, from any view, task, command or shell, moves one shared data
version on (`note_writes`, wrapped round every database connection), and a kept page is only
ever found under the version it was drawn at. A kept page also belongs to one minute, so
"today" and "in 10 minutes" are never more than a minute old.

What is kept: GET requests for an HTML page of our own apps, answered 200, by a signed-in
person whose browser holds its CSRF cookie, with no messages waiting, that set no cookie
(other than the CSRF cookie the browser already has) and changed nothing in the session. So a
page may show only what is in the database, the session, the request and the clock; a view
that one day shows something else (the cache, a file being made) must keep its pages out. The
CSP nonce is swapped for each answer's own. The view's permission checks ran when the page was
drawn for this very session; a change to someone's role or membership is a write, and a
log-out changes the session, so no page kept before either is handed back after it.

Only with a shared cache (Redis): a cache per process could not see another's writes.
"""

import hashlib
import logging
import secrets
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import DEFAULT_CACHE_ALIAS, cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

VERSION_KEY = "page-cache:data-version"
NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"
OUR_APPS = ("coproduction.", "members.", "sessions_app.", "payments.", "reflections.")
# Statements that only read, or manage a transaction; anything else counts as a write.
READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET ", "SHOW", "EXPLAIN")
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-Trigger", "HX-Boosted", "HX-History-Restore-Request")


# --- The data version: moved on by every write ------------------------------------------------


def _fresh_version() -> int:
    """A new version starts anywhere: if the cache lost only the version, counting again from
    1 could find pages kept long ago."""
    return secrets.randbelow(2**62)


def data_version() -> int:
    return cast(int, cache.get_or_set(VERSION_KEY, _fresh_version, timeout=None))


def bump() -> None:
    """Moves the data version on, so no page kept until now is found again."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet, or lost
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)
    except Exception:  # pages kept before can be found again, until their minute is over
        log.warning("page cache: could not move the data version on", exc_info=True)


def is_write(sql: str) -> bool:
    return not sql.lstrip()[:10].upper().startswith(READS)


def note_writes(execute, sql, params, many, context):
    """A database execute wrapper: after a write, moves the data version on at once and again
    when its transaction commits, so a page drawn in between, from what was still the old
    data, is kept under a version nobody looks for any more."""
    result = execute(sql, params, many, context)
    if settings.PAGE_CACHE and is_write(sql):
        connection = context["connection"]
        bump()
        if connection.in_atomic_block and not any(
            func is bump for _, func, _ in connection.run_on_commit
        ):
            connection.on_commit(bump)
    return result


def watch_writes(connection, **kwargs) -> None:
    if note_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(note_writes)


def watch_every_connection() -> None:
    """From app loading on: every connection, including any opened before it."""
    connection_created.connect(watch_writes, dispatch_uid="page-cache-watch-writes")
    for connection in connections.all(initialized_only=True):
        watch_writes(connection)


# --- Keeping and finding pages -----------------------------------------------------------------


class KeepableRequest(HttpRequest):
    """A request as this middleware sees it: `_page_cache_ours` is set once the view is
    known, and Django's CSP middleware sets `_csp_nonce` when a page uses a nonce."""

    _page_cache_ours: bool
    _csp_nonce: object


class PageCacheMiddleware:
    """Hands back a kept page, or keeps the page drawn for this request.

    It goes just before the session middleware, so that a kept page is handed back without
    the session being loaded, the URL resolved, or the middleware after it run: all of that
    ran when the page was drawn, for this same session, path, minute and data version. The
    session is checked in the same round trip to the cache as the page: the page is only
    handed back while the session holds what it held when the page was drawn, so a log-out,
    a new login, a message waiting or anything else put in the session means drawing again.
    The middleware before it (security headers, the CSP header with this answer's nonce)
    still runs on every answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        store = import_string(settings.SESSION_ENGINE).SessionStore
        self.session_prefix: str = getattr(store, "cache_key_prefix", "")
        if settings.PAGE_CACHE and (
            not self.session_prefix or settings.SESSION_CACHE_ALIAS != DEFAULT_CACHE_ALIAS
        ):
            raise ImproperlyConfigured(
                "PAGE_CACHE needs sessions kept in the default cache (SESSION_ENGINE "
                "cached_db or cache): a kept page is checked against its session there."
            )

    def __call__(self, request: KeepableRequest) -> HttpResponse:
        session_key = self._session_key(request)
        if session_key is None:
            return self.get_response(request)
        session_cache_key = self.session_prefix + session_key
        key = self._key(request, session_key)
        try:
            found = cache.get_many([VERSION_KEY, session_cache_key, key])  # one round trip
            version = found.get(VERSION_KEY)
            if version is None:
                version = data_version()
        except Exception:  # without the cache, the page is drawn as usual
            log.warning("page cache: could not read", exc_info=True)
            return self.get_response(request)
        kept = found.get(key)
        if kept is not None and kept[0] == version and kept[1] == found.get(session_cache_key):
            return self._answer(request, kept)
        response = self.get_response(request)
        if self._keepable(request, response, session_key):
            self._keep(key, version, request, response)
        return response

    def process_view(
        self, request: KeepableRequest, view_func: Callable[..., HttpResponse], *_: object
    ) -> None:
        request._page_cache_ours = view_func.__module__.startswith(OUR_APPS)

    @staticmethod
    def _session_key(request: HttpRequest) -> str | None:
        """The session cookie of a GET that may have a kept page, if it looks like one."""
        if not settings.PAGE_CACHE or request.method != "GET":
            return None
        cookies = request.COOKIES
        session_key = cookies.get(settings.SESSION_COOKIE_NAME, "")
        if (
            len(session_key) == 32
            and session_key.isalnum()
            and settings.CSRF_COOKIE_NAME in cookies
            and CookieStorage.cookie_name not in cookies  # a message waiting
        ):
            return session_key
        return None

    @staticmethod
    def _key(request: HttpRequest, session_key: str) -> str:
        parts = [
            session_key,
            request.COOKIES[settings.CSRF_COOKIE_NAME],  # the page's form tokens come from it
            request.scheme,
            request.META.get("HTTP_HOST", ""),
            request.get_full_path(),
            timezone.now().strftime("%Y-%m-%dT%H:%M"),
            *(request.headers.get(name, "") for name in HTMX_HEADERS),
        ]
        return "page-cache:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()

    @staticmethod
    def _keepable(request: HttpRequest, response: HttpResponse, session_key: str) -> bool:
        session = getattr(request, "session", None)
        messages = getattr(request, "_messages", None)
        return (
            getattr(request, "_page_cache_ours", False)
            and response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and renews_only_the_csrf_cookie(request, response)
            and session is not None
            and session.session_key == session_key
            and not session.modified
            and session.get(SESSION_KEY) is not None
            and SessionStorage.session_key not in session
            and not (messages is not None and messages.added_new)
        )

    @staticmethod
    def _keep(key: str, version: int, request: HttpRequest, response: HttpResponse) -> None:
        content = response.content
        nonce = getattr(request, "_csp_nonce", None)
        if nonce:  # drawn into the page: each answer gets its own
            content = content.replace(str(nonce).encode(), NONCE_PLACEHOLDER)
        headers = [(k, v) for k, v in response.items() if k.lower() != "content-length"]
        session = dict(request.session.items())
        try:
            cache.set(key, (version, session, content, headers, response.cookies), timeout=120)
        except Exception:  # the page was drawn: it is just not kept
            log.warning("page cache: could not keep a page", exc_info=True)

    @staticmethod
    def _answer(request: KeepableRequest, kept) -> HttpResponse:
        _, _, content, headers, cookies = kept
        if NONCE_PLACEHOLDER in content:
            content = content.replace(NONCE_PLACEHOLDER, str(request._csp_nonce).encode())
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(content))
        response.cookies = cookies  # the CSRF cookie's expiry, moved on as when it was drawn
        return response


def renews_only_the_csrf_cookie(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the only cookie the response sets is the CSRF cookie the browser already has
    (Django sets it again on every page with a form, to move its expiry on)."""
    return all(
        name == settings.CSRF_COOKIE_NAME and morsel.value == request.COOKIES.get(name)
        for name, morsel in response.cookies.items()
    )
