"""Middleware of our own."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class RequestSizeLimitMiddleware:
    """Refuses a request body bigger than any form here could need, before anything reads
    it: file fields check their own limits, but Django would first stream a huge upload to a
    temporary file. 413, with a plain message."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(
                "This is more than we can take in one go. Please send smaller files, "
                "or one at a time.",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
