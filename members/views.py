from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET


@require_GET
@login_required
def two_factor_required(request: HttpRequest) -> HttpResponse:
    """Explains, in plain words, why a staff role needs an authenticator app."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if is_mfa_enabled(request.user):
        return redirect(next_url or "coproduction:home")
    return render(request, "members/two_factor_required.html", {"next": next_url})
