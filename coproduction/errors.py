"""Error reports without personal data: the email to ADMINS and, with SENTRY_DSN, Sentry.

A report says where the code failed and on which route, with the request id to find its
log lines. It carries no posted values, query values, cookies, headers that identify a
person, local variables, names or email addresses: people's access needs, reasons and
payments must not travel in an error report.
"""

from collections.abc import ItemsView
from types import FrameType
from typing import Any, cast

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter
from django.views.decorators.csrf import requires_csrf_token
from sentry_sdk.types import Event, Hint

from coproduction.logs import current_request_id, route_of

CLEANSED = "********"
# Request details an error report may keep: they say how the request came, not who sent it.
SAFE_META = {
    "REQUEST_METHOD",
    "PATH_INFO",
    "SERVER_NAME",
    "SERVER_PORT",
    "SERVER_PROTOCOL",
    "HTTP_HOST",
    "CONTENT_TYPE",
    "CONTENT_LENGTH",
    "HTTP_ACCEPT",
    "HTTP_HX_REQUEST",
    "wsgi.url_scheme",
}


class PersonalDataFilter(SafeExceptionReporterFilter):
    """Django's filter hides settings that look secret; this hides every value a person sent
    and every local variable too (when DEBUG is off, as in production)."""

    def get_post_parameters(self, request: HttpRequest | None) -> dict[str, Any]:
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return dict.fromkeys(request.POST, CLEANSED)

    def get_safe_request_meta(self, request: HttpRequest) -> dict[str, Any]:
        if not self.is_active(request):
            return super().get_safe_request_meta(request)
        return {
            name: value if name in SAFE_META else CLEANSED for name, value in request.META.items()
        }

    def get_safe_cookies(self, request: HttpRequest) -> dict[str, Any]:
        if not self.is_active(request):
            return super().get_safe_cookies(request)
        return dict.fromkeys(request.COOKIES, CLEANSED)

    def get_traceback_frame_variables(
        self, request: HttpRequest | None, tb_frame: FrameType
    ) -> ItemsView[str, Any]:
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        # (name, CLEANSED) pairs, as Django's own gives (name, value) pairs: a dict's items.
        return dict.fromkeys(tb_frame.f_locals, CLEANSED).items()


class PersonalDataReporter(ExceptionReporter):
    """Also keeps the person (only their id) and the query values out of the report."""

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        if self.request is not None and self.filter.is_active(self.request):
            user_pk = getattr(getattr(self.request, "user", None), "pk", None)
            data["user_str"] = f"user {user_pk}" if user_pk else "[anonymous]"
            data["request_GET_items"] = [(name, CLEANSED) for name in self.request.GET]
            # The route, not the address: addresses carry query values and link secrets.
            data["request_insecure_uri"] = route_of(self.request)
            data["request_FILES_items"] = [(name, CLEANSED) for name in self.request.FILES]
        return data


_SENTRY_SAFE_HEADERS = {"Host", "Content-Type", "Content-Length", "Accept", "Hx-Request"}


def sentry_scrub(event: Event, hint: Hint) -> Event:
    """Sentry's before_send: what leaves the server is the error, where, and the request id."""
    # An Event is a plain dict: scrubbed in place, key by key, whatever Sentry put in it.
    data = cast(dict[str, Any], event)
    request = data.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.title() in _SENTRY_SAFE_HEADERS}
    user = data.get("user")
    if isinstance(user, dict):
        data["user"] = {"id": user["id"]} if "id" in user else {}
    for crumb in (data.get("breadcrumbs") or {}).get("values", []):
        crumb.pop("data", None)
    for exception in (data.get("exception") or {}).get("values", []):
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    if request_id := current_request_id():
        data.setdefault("tags", {})["request_id"] = request_id
    return event


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponseServerError:
    """The 500 page, with the request id a person can quote when they call for help. Drawn
    with no context processors or queries: the database may be what failed."""
    page = loader.get_template("500.html").render({"request_id": current_request_id()})
    return HttpResponseServerError(page)
