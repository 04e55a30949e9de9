"""Structured logs: one JSON object a line in production (plain text in the demo), each with
the id of the request or task it belongs to, through structlog and django-structlog.

The request id is also sent back as X-Request-ID, and the error page shows it, so a person
who calls for help can quote it and staff can find the lines. Logs name the route a request
took ("GET answer/<token:token>/"), never its path: paths carry the secrets of answer links,
calendar feeds and invitations.
"""

from collections.abc import Callable
from typing import Any

import structlog
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import Resolver404, resolve
from django_structlog import signals
from structlog.typing import Processor

_SHARED_PROCESSORS: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """Django's LOGGING, with structlog formatting stdlib records (Django's, Celery's) too.
    Errors also go to ADMINS by email, when there are any (errors.py keeps them anonymous)."""
    renderer = (
        structlog.processors.JSONRenderer()
        if log_format == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    handlers = ["console", "mail_admins"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,
                    renderer,
                ],
                "foreign_pre_chain": _SHARED_PROCESSORS,
            },
        },
        "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "structured"},
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["require_debug_false"],
                "include_html": False,
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"handlers": handlers, "level": level, "propagate": False},
            "django_structlog": {"handlers": handlers, "level": level, "propagate": False},
            "celery": {"handlers": handlers, "level": level, "propagate": False},
            "coproduction": {"handlers": handlers, "level": level, "propagate": False},
            # WeasyPrint logs every layout step of every page at INFO.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


def structlog_configure() -> None:
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED_PROCESSORS,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.UnicodeDecoder(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def current_request_id() -> str:
    return str(structlog.contextvars.get_contextvars().get("request_id", ""))


class RequestIdHeaderMiddleware:
    """Sends the request's id back as X-Request-ID (just inside django-structlog's middleware,
    which gives each request its id)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request_id := current_request_id():
            response["X-Request-ID"] = request_id
        return response


def route_of(request: HttpRequest) -> str:
    """The route a request took ("answer/<token:token>/"), not its path: paths carry the
    secrets of answer links, calendar feeds and invitations."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "(no such page)"
    return match.route


def _log_the_route_not_the_path(
    sender: object, request: HttpRequest, log_kwargs: dict[str, Any], **kwargs: object
) -> None:
    log_kwargs["request"] = f"{request.method} {route_of(request)}"
    log_kwargs.pop("user_agent", None)


def connect() -> None:
    """Connects the route-not-path rule to django-structlog's three request log lines."""
    for name in ("request", "request_finished", "request_failed"):
        signal = getattr(signals, f"bind_extra_{name}_metadata")
        signal.connect(_log_the_route_not_the_path, dispatch_uid=f"log-route-not-path-{name}")
