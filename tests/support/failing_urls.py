"""The project's URLs and one view that fails, holding personal data as a real view would,
for the tests of error reports."""

from django.urls import path

from coproduction.urls import urlpatterns as project_urlpatterns

handler500 = "coproduction.errors.server_error"


def fails(request):
    access_needs = request.POST.get("needs", "")  # noqa: F841 - a local an error report must not show
    raise RuntimeError("the sky fell")


urlpatterns = [path("fails/", fails), *project_urlpatterns]
