"""Request types for views, as in django-htmx's example app.

`HtmxMiddleware` gives every request `htmx`; `collaboration_view` gives it `membership`
(for templates). Annotating a view's request with these lets the type checker see both.
"""

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from coproduction.models import Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import _User  # AUTH_USER_MODEL, for the type checker


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class SignedInRequest(HtmxHttpRequest):
    """The request a `login_required` view receives."""

    user: "_User"  # signed in: never AnonymousUser here


class CollaborationRequest(SignedInRequest):
    """The request a `collaboration_view` receives."""

    membership: Membership
