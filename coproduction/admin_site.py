from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse

NOT_AN_ADMINISTRATOR = "This part of the site is for its administrators only."


class TwoFactorAdminSite(admin.AdminSite):
    """Django's admin, open only to admin-site users who have two-factor switched on.

    Its own password form is replaced by the site's login (codes, then two-factor); someone
    logged in who is not an administrator is told so (403), not sent to log in again.
    """

    site_header = "Co-production administration"
    site_title = "Co-production administration"

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def refusing_non_administrators(request, *args, **kwargs):
            if request.user.is_authenticated and not request.user.is_staff:
                raise PermissionDenied(NOT_AN_ADMINISTRATOR)
            return inner(request, *args, **kwargs)

        return refusing_non_administrators

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and is_mfa_enabled(request.user)

    def login(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponseRedirect:
        index = reverse("admin:index")
        if request.user.is_authenticated and request.user.is_staff:
            return redirect(f"{reverse('mfa_activate_totp')}?next={index}")
        if request.user.is_authenticated:
            # Sending them to log in would send them straight back here, round and round.
            raise PermissionDenied(NOT_AN_ADMINISTRATOR)
        return redirect(f"{reverse('account_login')}?next={index}")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Money and audit records (claims, payments, messages, reports, feedback): administrators
    look, and nobody adds, edits or deletes here. They change only through their own pages,
    which keep their rules (payments are reversed, never edited)."""

    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
