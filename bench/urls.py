from django.http import HttpRequest, HttpResponse
from django.urls import path

from coproduction.urls import urlpatterns as project_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    """The baseline: a Django view that does nothing, through the same middleware."""
    return HttpResponse("ok", content_type="text/plain")


# The project's own patterns, not include()d: including coproduction.urls would put every
# URL name under a second namespace, and pages could not reverse their links.
urlpatterns = [path("bench/bare/", bare), *project_urlpatterns]
