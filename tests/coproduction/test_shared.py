import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduction import shared
from coproduction.models import FieldChange, Membership
from coproduction.shared_records import record_type
from sessions_app.models import AgendaItem, Session, SessionInvite
from tests.factories import CollaborationFactory, MembershipFactory, UserFactory, enable_totp
from tests.required_services import service_missing

AGENDA = record_type("agenda-item")


@pytest.fixture
def item(collaboration, cast, member):
    session = Session.objects.create(
        collaboration=collaboration,
        title="Planning",
        starts_at=timezone.now() + timedelta(days=5),
        ends_at=timezone.now() + timedelta(days=5, hours=1),
    )
    for user in (member, cast["staff"]):
        SessionInvite.objects.create(session=session, membership=Membership.objects.get(user=user))
    return AgendaItem.objects.create(
        session=session,
        title="Buses",
        description="Too few",
        proposed_by=Membership.objects.get(user=member),
    )


def save(item, user, base, **changes):
    return shared.shared_save(
        record_type=AGENDA, instance=item, changes=changes, base_version=base, user=user
    )


def field_url(item, field, collaboration):
    return reverse(
        "coproduction:shared-field", args=[collaboration.slug, "agenda-item", item.code, field]
    )


def test_edits_to_different_fields_from_the_same_version_both_land(item, cast, member):
    assert save(item, member, 1, title="Night buses").accepted
    result = save(item, cast["staff"], 1, description="They stop at 11pm")  # stale, other field
    assert result.accepted and result.version == 3
    item.refresh_from_db()
    assert (item.title, item.description) == ("Night buses", "They stop at 11pm")


def test_edits_to_the_same_field_conflict_and_nothing_is_lost(item, cast, member):
    save(item, member, 1, title="Night buses")
    result = save(item, cast["staff"], 1, title="Late buses", description="Both")
    assert not result.accepted
    assert result.conflicts == {"title": {"theirs": "Night buses", "yours": "Late buses"}}
    item.refresh_from_db()
    assert (item.title, item.description) == ("Night buses", "Too few")  # none of the refused save
    assert save(
        item, cast["staff"], result.version, title="Night and late buses", description="Both"
    ).accepted


def test_every_accepted_change_is_in_the_history_with_who_and_credits(
    client, item, cast, member, collaboration
):
    save(item, member, 1, title="Night buses")
    shared.shared_save(
        record_type=AGENDA,
        instance=item,
        changes={"outcome": "Write to the council"},
        base_version=2,
        user=cast["staff"],
        on_behalf_of=Membership.objects.get(user=member),
    )
    changes = list(shared.history(AGENDA, item))
    assert [(c.field, c.old_value, c.new_value, c.version) for c in changes] == [
        ("outcome", "", "Write to the council", 3),
        ("title", "Buses", "Night buses", 2),
    ]
    client.force_login(member)
    page = client.get(
        reverse("coproduction:shared-record", args=[collaboration.slug, "agenda-item", item.code])
    )
    text = page.content.decode()
    assert f"entered by staff for {member.shown_name}" in text
    assert f"{member.shown_name} (member): 2 changes" in text


def test_an_earlier_value_can_be_restored_and_the_restore_is_history_too(
    client, item, cast, collaboration
):
    save(item, cast["staff"], 1, title="Wrong title")
    change = shared.history(AGENDA, item).get()
    client.force_login(cast["staff"])
    client.post(
        reverse(
            "coproduction:shared-restore",
            args=[collaboration.slug, "agenda-item", item.code, change.pk],
        )
    )
    item.refresh_from_db()
    assert item.title == "Buses"
    latest = shared.history(AGENDA, item).first()
    assert latest.restored_from == change and latest.version == 3


def test_without_javascript_a_save_is_a_plain_post_and_a_conflict_shows_both(
    client, item, member, cast, collaboration
):
    client.force_login(member)
    response = client.post(
        field_url(item, "title", collaboration), {"base_version": 1, "value": "Night buses"}
    )
    assert response.status_code == 302
    client.force_login(cast["staff"])
    response = client.post(
        field_url(item, "title", collaboration), {"base_version": 1, "value": "Late buses"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Their version" in page and "Night buses" in page and "Late buses" in page
    assert 'name="base_version" value="2"' in page


def test_with_htmx_the_field_swaps_in_place(client, item, member, collaboration):
    client.force_login(member)
    editor = client.get(field_url(item, "title", collaboration), headers={"HX-Request": "true"})
    assert (
        editor.content.decode()
        .lstrip()
        .startswith('<div class="shared-field shared-field--editing"')
    )
    saved = client.post(
        field_url(item, "title", collaboration),
        {"base_version": 1, "value": "Night buses"},
        headers={"HX-Request": "true"},
    )
    html = saved.content.decode()
    assert saved.status_code == 200 and "<html" not in html and "Night buses" in html


@pytest.mark.parametrize(
    ("base", "value", "message"),
    [
        ("x", "T", "out of date"),
        ("1", "", "cannot be empty"),
        ("1", "a\x00b", "cannot save"),
        ("99", "T", "out of date"),
    ],
)
def test_bad_saves_are_refused_with_a_message_and_change_nothing(
    client, item, member, collaboration, base, value, message
):
    client.force_login(member)
    response = client.post(
        field_url(item, "title", collaboration), {"base_version": base, "value": value}
    )
    assert response.status_code == 200 and message in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Buses" and not FieldChange.objects.exists()


def test_polling_answers_304_from_the_cache_with_no_database_query(
    item, member, cast, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client = Client()
    viewer = Membership.objects.get(user=member)
    url = reverse("coproduction:shared-poll", args=[shared.poll_token(AGENDA, item, viewer)])
    first = client.get(url)
    state = json.loads(first.content)
    assert state["fields"]["title"] == "Buses" and state["version"] == 1
    with django_assert_num_queries(0):
        unchanged = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304

    with django_capture_on_commit_callbacks(execute=True):  # the cache moves on at commit
        save(item, cast["staff"], 1, title="Night buses")
    shared.forget_local_state()  # in real use the half-second memo simply runs out
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert (
        changed.status_code == 200
        and json.loads(changed.content)["fields"]["title"] == "Night buses"
    )


@pytest.mark.parametrize("how", ["removed from the collaboration", "account closed"])
def test_a_poll_pass_shows_nothing_more_once_its_holder_may_not_see_the_record(
    item, member, cast, how, django_capture_on_commit_callbacks
):
    client = Client()
    viewer = Membership.objects.get(user=member)
    url = reverse("coproduction:shared-poll", args=[shared.poll_token(AGENDA, item, viewer)])
    assert client.get(url).status_code == 200
    if how == "removed from the collaboration":
        viewer.delete()
    else:
        member.is_active = False
        member.save()
    with django_capture_on_commit_callbacks(execute=True):
        save(item, cast["staff"], 1, title="Night buses")
    shared.forget_local_state()
    changed = client.get(url)
    assert changed.status_code in (403, 404) and b"Night buses" not in changed.content
    assert client.get(url + "?editing=title").status_code in (403, 404)
    staff_pass = shared.poll_token(AGENDA, item, Membership.objects.get(user=cast["staff"]))
    seen_by_staff = client.get(reverse("coproduction:shared-poll", args=[staff_pass]))
    assert json.loads(seen_by_staff.content)["editing"] == [], "not shown as editing"


def test_polling_shows_who_else_is_editing_which_field(item, member, cast):
    client = Client()
    staff_pass = shared.poll_token(AGENDA, item, Membership.objects.get(user=cast["staff"]))
    member_pass = shared.poll_token(AGENDA, item, Membership.objects.get(user=member))
    client.get(reverse("coproduction:shared-poll", args=[staff_pass]) + "?editing=outcome")
    state = json.loads(client.get(reverse("coproduction:shared-poll", args=[member_pass])).content)
    assert state["editing"] == [{"name": cast["staff"].shown_name, "field": "outcome"}]


def test_a_forged_poll_pass_is_refused(client, db):
    assert client.get(reverse("coproduction:shared-poll", args=["forged"])).status_code == 403


def test_members_edit_the_work_area_plan_only_in_their_own_areas(
    client, collaboration, member, cast
):
    from coproduction.models import WorkArea

    area = WorkArea.objects.create(collaboration=collaboration, name="Transport")
    url = reverse(
        "coproduction:shared-field",
        args=[collaboration.slug, "work-area-plan", area.code, "plan_aims"],
    )
    client.force_login(member)
    assert client.post(url, {"base_version": 1, "value": "Cheaper fares"}).status_code == 403
    Membership.objects.get(user=member).work_areas.add(area)
    assert client.post(url, {"base_version": 1, "value": "Cheaper fares"}).status_code == 302
    area.refresh_from_db()
    assert area.plan_aims == "Cheaper fares"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_many_people_editing_at_once_over_http_lose_no_edit(live_server):
    """Threads post edits through HTTP at once, some to the same field, some to others."""
    if connection.vendor != "postgresql":
        service_missing("The concurrency test needs PostgreSQL: set DATABASE_URL")
    collaboration = CollaborationFactory(slug="busy")
    session = Session.objects.create(
        collaboration=collaboration,
        title="S",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=1),
    )
    item = AgendaItem.objects.create(session=session, title="Start")
    people = []
    for _ in range(12):
        membership = MembershipFactory(
            collaboration=collaboration, user=UserFactory(), role=Membership.Role.STAFF
        )
        enable_totp(membership.user)
        people.append(membership)
    cookies = []
    for membership in people:
        client = Client()
        client.force_login(membership.user)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    fields = ["title", "title", "title", "description", "outcome", "minutes"]
    barrier = threading.Barrier(len(people))
    outcomes = []

    def edit(n: int) -> None:
        field = fields[n % len(fields)]
        value = str(10 + n) if field == "minutes" else f"{field} by {n}"
        url = live_server.url + reverse(
            "coproduction:shared-field", args=["busy", "agenda-item", item.code, field]
        )
        opener = urllib.request.build_opener()
        opener.addheaders = [
            ("Cookie", f"{settings.SESSION_COOKIE_NAME}={cookies[n]}; csrftoken={'a' * 32}"),
            ("X-CSRFToken", "a" * 32),
        ]
        data = urllib.parse.urlencode({"base_version": 1, "value": value}).encode()
        barrier.wait()
        try:
            status = opener.open(url, data=data, timeout=30).status
        except urllib.error.HTTPError as error:
            status = error.code
        outcomes.append((n, field, value, status))

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    accepted = [o for o in outcomes if o[3] in (200, 302)]
    refused = [o for o in outcomes if o[3] == 409]
    assert len(outcomes) == len(people) and len(accepted) + len(refused) == len(people), outcomes
    history = list(FieldChange.objects.filter(object_id=item.pk).order_by("version"))
    # Every accepted edit is in the history; every refusal was a conflict on a field someone
    # else had already changed; all edits started from version 1, so per field exactly one wins.
    assert sorted((c.field, c.new_value) for c in history) == sorted((o[1], o[2]) for o in accepted)
    assert {o[1] for o in accepted} == set(fields)
    assert all(sum(1 for o in accepted if o[1] == field) == 1 for field in set(fields))
    item.refresh_from_db()
    for change in history:
        stored = getattr(item, change.field)
        assert str(stored) == change.new_value
    assert item.shared_version == 1 + len(accepted)


def test_a_choice_is_shown_by_its_label_on_the_page_in_polls_and_in_history(
    client, cast, collaboration
):
    from coproduction.shared_records import record_type
    from reflections.models import Action

    action = Action.objects.create(collaboration=collaboration, title="Finish by 8pm")
    staff = Membership.objects.get(user=cast["staff"])
    kind = record_type("action")
    shared.shared_save(
        record_type=kind,
        instance=action,
        changes={"status": "done"},
        base_version=1,
        user=cast["staff"],
    )
    client.force_login(cast["staff"])
    page = client.get(
        reverse("coproduction:shared-record", args=[collaboration.slug, "action", action.code])
    ).content.decode()
    assert 'data-value="done">Done</div>' in page and "<strong>After:</strong> Done" in page
    poll = reverse("coproduction:shared-poll", args=[shared.poll_token(kind, action, staff)])
    state = json.loads(client.get(poll).content)
    assert state["fields"]["status"] == "done" and state["shown"]["status"] == "Done"
