"""Every URL of the project, for every role, an outsider and an anonymous visitor.

The URL list comes from walking the resolver, so a new view fails this test until its row
is added to EXPECTED: no view can be added without saying who may use it.
"""

import pytest
from django.urls import get_resolver, reverse

from coproduction.models import Membership
from tests.support.urls import build_url_args, fill, project_urls, walk

Role = Membership.Role
ANON, OUTSIDER = "anonymous", "outsider"
ROLE_ORDER = ["member", "facilitator", "staff", "admin", "trustee", "finance"]
WHO = [ANON, OUTSIDER, *ROLE_ORDER]


def _row(anonymous, outsider, member, facilitator, staff, admin, trustee, finance):
    return dict(
        zip(
            WHO,
            [anonymous, outsider, member, facilitator, staff, admin, trustee, finance],
            strict=True,
        )
    )


# URL name -> (method, expected status for each visitor). "get+post" views are checked
# with GET. 302 for anonymous is the redirect to log in; outsiders get 404; read-only
# roles 403. Person pages are about the cast's member: themselves, or staff for them.
STAFF_ONLY = _row(302, 404, 403, 200, 200, 200, 403, 403)
PERSON_READ = _row(302, 404, 200, 200, 200, 200, 403, 403)
PERSON_WRITE = _row(302, 404, 302, 302, 302, 302, 403, 403)
SELF_ONLY = _row(302, 404, 200, 403, 403, 403, 403, 403)
CLAIM_READ = _row(302, 404, 200, 200, 200, 200, 404, 200)
CLAIM_CHANGE = _row(302, 404, 200, 200, 200, 200, 404, 403)
FINANCE = _row(302, 404, 403, 403, 403, 200, 403, 200)
REPORTS = _row(302, 404, 403, 200, 200, 200, 200, 403)
EXPECTED = {
    "coproduction:home": ("get", _row(302, 302, 302, 302, 302, 302, 302, 302)),
    # Signed links in emails, used without logging in.
    "coproduction:unsubscribe": ("get+post", _row(200, 200, 200, 200, 200, 200, 200, 200)),
    # GOV.UK Notify's receipts carry its bearer token; no one else gets in.
    "coproduction:notify-receipt": ("post", _row(401, 401, 401, 401, 401, 401, 401, 401)),
    "coproduction:invitation-accept": ("get+post", _row(200, 403, 403, 403, 403, 403, 403, 403)),
    "coproduction:collaboration-home": ("get", _row(302, 404, 200, 200, 200, 200, 200, 200)),
    "coproduction:workarea-list": ("get", _row(302, 404, 200, 200, 200, 200, 403, 200)),
    "coproduction:workarea-resourcing": ("get", STAFF_ONLY),
    "coproduction:workarea-join": ("post", _row(302, 404, 302, 302, 302, 302, 403, 403)),
    "coproduction:workarea-leave": ("post", _row(302, 404, 302, 302, 302, 302, 403, 403)),
    "coproduction:invitation-list": ("get", STAFF_ONLY),
    "coproduction:invitation-create": ("get+post", STAFF_ONLY),
    "coproduction:person-add-offline": ("get+post", STAFF_ONLY),
    "coproduction:invitation-revoke": ("post", _row(302, 404, 403, 302, 302, 302, 403, 403)),
    "members:two-factor-required": ("get", _row(302, 302, 200, 302, 302, 302, 200, 302)),
    "members:me": ("get", _row(302, 404, 302, 302, 302, 302, 302, 302)),
    "members:person-list": ("get", STAFF_ONLY),
    "members:person-detail": ("get", PERSON_READ),
    "members:person-profile-edit": ("get+post", PERSON_READ),
    "members:person-access-needs-edit": ("get+post", PERSON_READ),
    "members:person-availability-edit": ("get+post", PERSON_READ),
    # Posting nothing re-shows the form with its errors.
    "members:person-availability-change-create": ("post", PERSON_READ),
    "members:person-availability-change-delete": ("post", PERSON_WRITE),
    "members:person-commitment-create": ("get+post", PERSON_READ),
    # The commitment's reason is private (not shared), so only the person may open it.
    "members:person-commitment-edit": ("get+post", SELF_ONLY),
    "members:person-commitment-delete": ("post", PERSON_WRITE),
    "members:person-step-away": ("get+post", PERSON_READ),
    "members:person-step-back": ("post", PERSON_WRITE),
    "members:person-monitoring-edit": ("get+post", SELF_ONLY),
    "members:person-monitoring-withdraw": ("post", _row(302, 404, 302, 403, 403, 403, 403, 403)),
    # Only staff with a current enhanced DBS check: in the cast, that is the staff member.
    "members:person-guardian-consent-edit": (
        "get+post",
        _row(302, 404, 403, 403, 200, 403, 403, 403),
    ),
    "members:person-export": ("get", SELF_ONLY),
    "members:person-erase": ("get+post", _row(302, 404, 403, 403, 403, 200, 403, 403)),
    # Sessions: the cast's member and staff are invited to the session; nobody else is.
    "sessions:session-list": ("get", PERSON_READ),
    "sessions:session-find-time": ("get", STAFF_ONLY),
    "sessions:session-create": ("get+post", STAFF_ONLY),
    "sessions:session-detail": ("get", PERSON_READ),
    "sessions:session-brief-edit": ("get+post", STAFF_ONLY),
    "sessions:session-edit": ("get+post", STAFF_ONLY),
    # Shared records (here the agenda item): people who can see the session, and the poll pass.
    "coproduction:shared-record": ("get", _row(302, 404, 200, 200, 200, 200, 404, 404)),
    "coproduction:shared-field": ("get+post", _row(302, 404, 200, 200, 200, 200, 404, 404)),
    "coproduction:shared-restore": ("post", _row(302, 404, 302, 302, 302, 302, 404, 404)),
    "coproduction:shared-poll": ("get", _row(200, 200, 200, 200, 200, 200, 200, 200)),
    "coproduction:outbox": ("get", STAFF_ONLY),
    "coproduction:outbox-letters": ("get", STAFF_ONLY),
    "coproduction:outbox-done": ("post", _row(302, 404, 403, 302, 302, 302, 403, 403)),
    "coproduction:my-messages": ("get", _row(302, 404, 200, 200, 200, 200, 200, 200)),
    "coproduction:call-back": ("get+post", _row(302, 404, 200, 200, 200, 200, 200, 200)),
    "reflections:feedback-give": ("get+post", _row(302, 404, 200, 200, 200, 200, 200, 200)),
    "reflections:feedback-record": ("get+post", STAFF_ONLY),
    "reflections:feedback-list": ("get", STAFF_ONLY),
    "reflections:action-board": ("get", _row(302, 404, 200, 200, 200, 200, 200, 200)),
    "reflections:action-from-feedback": ("post", _row(302, 404, 403, 302, 302, 302, 403, 403)),
    "reflections:reflection-list": ("get", PERSON_READ),
    "reflections:reflection-give": ("get+post", PERSON_READ),
    "reflections:action-from-reflection": ("post", _row(302, 404, 403, 302, 302, 302, 403, 403)),
    "reflections:action-from-agenda-item": ("post", _row(302, 404, 403, 302, 302, 302, 403, 403)),
    "reflections:celebration-list": ("get+post", _row(302, 404, 200, 200, 200, 200, 200, 200)),
    "reflections:contribution-list": ("get", PERSON_READ),
    "reflections:contribution-create": ("get+post", PERSON_READ),
    "reflections:contribution-record": ("get+post", STAFF_ONLY),
    # The cast's member shared it with staff: the member, and staff-like roles, see it.
    "reflections:contribution-detail": ("get+post", PERSON_READ),
    "reflections:contribution-photo": ("get", PERSON_READ),
    "reflections:contribution-voice-note": ("get", PERSON_READ),
    "reflections:action-from-contribution": (
        "post",
        _row(302, 404, 403, 302, 302, 302, 403, 403),
    ),
    "reflections:diary-list": ("get+post", PERSON_READ),
    # A diary is its keeper's alone (the cast's member).
    "reflections:diary-detail": ("get+post", _row(302, 404, 200, 404, 404, 404, 403, 403)),
    "sessions:venue-list": ("get+post", STAFF_ONLY),
    "sessions:task-list": ("get", PERSON_READ),
    "sessions:task-create": ("get+post", STAFF_ONLY),
    "sessions:task-detail": ("get+post", PERSON_READ),
    "sessions:session-respond": ("post", _row(302, 404, 302, 404, 302, 404, 403, 403)),
    "sessions:session-attendance": ("post", _row(302, 404, 403, 302, 302, 302, 403, 403)),
    "sessions:session-check-in": ("get+post", _row(302, 404, 200, 404, 200, 404, 403, 403)),
    "sessions:session-ics": ("get", PERSON_READ),
    "sessions:agenda-item-create": ("post", PERSON_READ),
    "sessions:agenda-item-move": ("post", _row(302, 404, 403, 302, 302, 302, 403, 403)),
    "sessions:poll-create": ("post", _row(302, 404, 403, 302, 302, 302, 403, 403)),
    "sessions:poll-detail": ("get", STAFF_ONLY),
    "sessions:poll-confirm": ("post", _row(302, 404, 403, 302, 302, 302, 403, 403)),
    "sessions:calendar-settings": ("get+post", PERSON_READ),
    # Signed links: the link itself is the credential, whoever is logged in.
    "sessions:invite-answer": ("get+post", _row(200, 200, 200, 200, 200, 200, 200, 200)),
    "sessions:poll-answer": ("get+post", _row(200, 200, 200, 200, 200, 200, 200, 200)),
    "sessions:calendar-feed": ("get", _row(200, 200, 200, 200, 200, 200, 200, 200)),
    # Payments: the member's own; staff who approve; finance who pay; trustees see totals only.
    "payments:person-payments": ("get", PERSON_READ),
    "payments:claim-new": ("get+post", PERSON_READ),
    "payments:expense-new": ("get+post", PERSON_READ),
    "payments:payee-details": ("get+post", SELF_ONLY),
    "payments:earnings-limits": ("get+post", SELF_ONLY),
    "payments:statement": ("get", PERSON_READ),
    "payments:jobcentre-letter": ("get", PERSON_READ),
    "payments:claim": ("get", CLAIM_READ),
    # What a claimant (or staff for them) does on a claim's page, one address each.
    "payments:claim-send": ("post", CLAIM_CHANGE),
    "payments:claim-save": ("post", CLAIM_CHANGE),
    "payments:claim-split": ("post", CLAIM_CHANGE),
    "payments:claim-withdraw": ("post", CLAIM_CHANGE),
    "payments:claim-receipt-add": ("post", CLAIM_CHANGE),
    "payments:claim-receipt": ("get", CLAIM_READ),
    "payments:claim-decide": ("post", _row(302, 404, 403, 302, 302, 302, 403, 403)),
    "payments:approvals": ("get", STAFF_ONLY),
    "payments:batches": ("get+post", FINANCE),
    "payments:batch": ("get", FINANCE),
    "payments:batch-export": ("get", FINANCE),
    "payments:batch-bank": ("get", FINANCE),
    "payments:batch-paid": ("post", _row(302, 404, 403, 403, 403, 302, 403, 302)),
    "payments:payment-reverse": ("post", _row(302, 404, 403, 403, 403, 302, 403, 302)),
    "payments:totals": ("get", _row(302, 404, 403, 403, 403, 403, 200, 200)),
    # Trustee progress reports: trustees and staff-like roles; not members or finance.
    "coproduction:report-list": ("get", REPORTS),
    "coproduction:report-create": ("get+post", REPORTS),
    "coproduction:report-detail": ("get", REPORTS),
    "coproduction:report-pdf": ("get", REPORTS),
    "coproduction:report-csv": ("get", REPORTS),
}


def test_every_project_url_has_an_expected_row():
    names = {name for _, name in project_urls()}
    assert None not in names, "every URL pattern needs a name"
    assert names == set(EXPECTED), f"add these to EXPECTED: {names - set(EXPECTED)}"


@pytest.fixture
def url_args(cast, collaboration):
    return build_url_args(cast, collaboration)


@pytest.mark.parametrize("who", WHO)
def test_access_matrix(client, cast, url_args, who):
    if who != ANON:
        client.force_login(cast[who])
    failures = []
    for route, name in project_urls():
        method, expected = EXPECTED[name]
        url = fill(route, url_args, name)
        status = (client.post if method == "post" else client.get)(url).status_code
        if status != expected[who]:
            failures.append(
                f"{method.upper()} {url} ({name}): expected {expected[who]}, got {status}"
            )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("who", [ANON, Role.MEMBER])
def test_wrong_method_is_refused_with_405(client, cast, url_args, who):
    if who != ANON:
        client.force_login(cast[who])
    for route, name in project_urls():
        method, _ = EXPECTED[name]
        if method == "get+post":
            continue
        url = fill(route, url_args, name)
        wrong = client.get if method == "post" else client.post
        assert wrong(url).status_code == 405, f"{name} accepted the wrong method"


@pytest.mark.parametrize("who", WHO)
def test_admin_site_needs_an_admin_user_with_two_factor(client, cast, who):
    if who != ANON:
        client.force_login(cast[who])
    response = client.get("/admin/")
    if who == ANON:
        assert response.status_code == 302
        login = client.get(response["Location"])
        assert login["Location"].startswith(reverse("account_login"))
        return
    # No one in the cast is an admin-site user: they are told so, not sent round a loop.
    assert response.status_code == 403
    assert "for its administrators only" in response.content.decode()
    assert client.get(reverse("admin:login")).status_code == 403


def test_admin_site_opens_for_a_superuser_with_two_factor(client, cast):
    from tests.factories import UserFactory, enable_totp

    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 302  # two-factor first
    enable_totp(superuser)
    assert client.get("/admin/").status_code == 200


def test_allauth_pages_answer_anonymous_visitors_without_error(client, db):
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith("accounts/") and "<" not in route:
            assert client.get("/" + route).status_code < 500, name


def test_administrators_see_money_and_audit_records_read_only(client, cast, collaboration):
    from django.apps import apps

    from tests.factories import UserFactory, enable_totp

    superuser = UserFactory(is_staff=True, is_superuser=True)
    enable_totp(superuser)
    client.force_login(superuser)
    build_url_args(cast, collaboration)  # one of every record, claims and payments included
    for label in [
        "payments.Claim",
        "payments.Payment",
        "payments.PaymentBatch",
        "coproduction.Message",
        "coproduction.ProgressReport",
        "reflections.Feedback",
    ]:
        model = apps.get_model(label)
        opts = model._meta
        listing = f"/admin/{opts.app_label}/{opts.model_name}/"
        assert client.get(listing).status_code == 200, label
        assert client.get(listing + "add/").status_code == 403, label
        obj = model.objects.first()
        page = client.get(f"{listing}{obj.pk}/change/")
        assert page.status_code == 200, label
        assert 'type="submit" value="Save"' not in page.content.decode(), label
        assert client.post(f"{listing}{obj.pk}/delete/", {"post": "yes"}).status_code == 403
        assert model.objects.filter(pk=obj.pk).exists()
