from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from coproduction.permissions import Action, may

# The navigation of a collaboration: (label, URL name, the action it needs).
_COLLABORATION_NAV = [
    ("Home", "coproduction:collaboration-home", Action.VIEW_HOME),
    ("Sessions", "sessions:session-list", Action.VIEW_SESSIONS),
    ("Tasks", "sessions:task-list", Action.VIEW_SESSIONS),
    ("Share something", "reflections:contribution-list", Action.REFLECT),
    ("Work areas", "coproduction:workarea-list", Action.VIEW_WORK_AREAS),
    ("People", "members:person-list", Action.VIEW_PEOPLE),
    ("Messages", "coproduction:outbox", Action.VIEW_PEOPLE),
    ("Feedback", "reflections:feedback-list", Action.VIEW_FEEDBACK),
    ("You said, we did", "reflections:action-board", Action.VIEW_HOME),
    ("Reflections", "reflections:reflection-list", Action.REFLECT),
    ("Celebrations", "reflections:celebration-list", Action.VIEW_HOME),
    ("Invitations", "coproduction:invitation-list", Action.MANAGE_INVITATIONS),
    ("Claims", "payments:approvals", Action.APPROVE_CLAIMS),
    ("Payments", "payments:batches", Action.MANAGE_PAYMENTS),
    ("Payment totals", "payments:totals", Action.VIEW_PAYMENT_TOTALS),
    ("Reports", "coproduction:report-list", Action.VIEW_REPORTS),
]


def site(request: HttpRequest) -> dict[str, object]:
    """The site name, and the collaboration's navigation links this person may use."""
    context: dict[str, object] = {"site_name": settings.SITE_NAME}
    membership = getattr(request, "membership", None)
    if membership is not None:
        slug = membership.collaboration.slug
        links = []
        for label, url_name, action in _COLLABORATION_NAV:
            if may(membership, action):
                url = reverse(url_name, args=[slug])
                links.append({"label": label, "url": url, "current": request.path == url})
        context["feedback_url"] = reverse("reflections:feedback-give", args=[slug])
        context["call_back_url"] = reverse("coproduction:call-back", args=[slug])
        context["help"] = membership.collaboration
        me = reverse("members:me", args=[slug])
        links.append(
            {
                "label": "About me",
                "url": me,
                "current": request.path.startswith(f"/c/{slug}/people/{membership.code}/")
                and "/payments/" not in request.path,
            }
        )
        if membership.role == membership.Role.MEMBER:
            pay = reverse("payments:person-payments", args=[slug, membership.code])
            current = request.path.startswith(pay)
            links.append({"label": "My payments", "url": pay, "current": current})
        context["collaboration_nav"] = links
    return context
