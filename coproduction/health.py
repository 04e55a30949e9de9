"""/healthz, for docker compose's probe and a load balancer's: the database answers, the cache
(Redis, which is also Celery's broker) keeps and gives back a value, and a Celery worker
answers a ping through the broker, so messages are going out. Checks by django-health-check.

It is answered by a middleware at the very top, before the host check and the https
redirect: a probe inside the container asks http://127.0.0.1:8000/healthz, whose host is in
no ALLOWED_HOSTS and which SECURE_SSL_REDIRECT would send to https. It reads nothing from
the request, so answering it for any host is safe. Plain text, 200 or 500, naming each
check; `?format=json` for JSON.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from asgiref.sync import async_to_sync
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from health_check.checks import Cache, Database
from health_check.contrib.celery import Ping
from health_check.views import HealthCheckView

PATH = "/healthz"


class PlainHealthCheckView(HealthCheckView):
    """django-health-check's view, answering in plain text where it would draw a page."""

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        response: HttpResponse = self.render_to_response_text(response_kwargs.get("status", 200))
        return response


# A check, or a check with its options.
type HealthCheck = type[object] | tuple[type[object], dict[str, object]]


def health_checks() -> list[HealthCheck]:
    checks: list[HealthCheck] = [Database, Cache]
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        # A worker seen now: it answers a ping through the broker, within two seconds.
        checks.append((Ping, {"timeout": timedelta(seconds=2), "limit": 1}))
    return checks


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.view = async_to_sync(PlainHealthCheckView.as_view(checks=health_checks()))

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            response: HttpResponse = self.view(request)
            return response
        return self.get_response(request)
