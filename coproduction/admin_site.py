from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse


class TwoFactorAdminSite(admin.AdminSite):
    """Django's admin, open only to admin-site users who have two-factor switched on.

    Its own password form is replaced by the site's login (codes, then two-factor).
    """

    site_header = "Co-production administration"
    site_title = "Co-production administration"

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and is_mfa_enabled(request.user)

    def login(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponseRedirect:
        index = reverse("admin:index")
        if request.user.is_authenticated and request.user.is_staff:
            return redirect(f"{reverse('mfa_activate_totp')}?next={index}")
        return redirect(f"{reverse('account_login')}?next={index}")
