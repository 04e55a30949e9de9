"""Anonymous feedback can never be traced to its author."""

from datetime import timedelta

from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coproduction.models import Membership
from reflections.models import Feedback
from sessions_app.models import Session, SessionInvite
from tests.factories import MembershipFactory

SECRET = "The chair talked over me all evening"


def _every_table_row():
    """Every row of every table, as text, including history, outbox and sessions."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                yield table, dict(zip(columns, row, strict=True))


def test_anonymous_feedback_leaves_nothing_that_links_it_to_its_author(
    client, collaboration, member
):
    author = Membership.objects.get(user=member)
    client.force_login(member)
    response = client.post(
        reverse("reflections:feedback-give", args=[collaboration.slug]),
        {"kind": "concern", "text": SECRET, "anonymous": "on"},
        REMOTE_ADDR="203.0.113.77",
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.author is None and feedback.is_anonymous
    identifiers = {str(author.code), member.email, member.name, "203.0.113.77"}
    found = []
    for table, row in _every_table_row():
        values = {str(value) for value in row.values() if value is not None}
        if not any(SECRET in value for value in values):
            continue
        found.append(table)
        assert not identifiers & values, f"{table} links the feedback to its author"
        people = [k for k, v in row.items() if v is not None and ("user" in k or "author" in k)]
        assert not people, f"{table} has author columns set: {people}"
        assert not any(isinstance(v, type(timezone.now())) for v in row.values()), "no exact time"
    assert found == [Feedback._meta.db_table]
    history_models = [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    assert all(m.instance_type is not Feedback for m in history_models)


def test_named_feedback_keeps_the_name(client, collaboration, member):
    client.force_login(member)
    client.post(
        reverse("reflections:feedback-give", args=[collaboration.slug]),
        {"kind": "idea", "text": "More snacks"},
    )
    assert Feedback.objects.get().author.user == member


def test_anonymous_responses_about_a_session_wait_until_there_are_enough(
    client, cast, collaboration
):
    session = Session.objects.create(
        collaboration=collaboration,
        title="Big meeting",
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() - timedelta(days=1) + timedelta(hours=1),
    )
    people = [MembershipFactory(collaboration=collaboration) for _ in range(3)]
    for person in people:
        SessionInvite.objects.create(session=session, membership=person)
    staff_page = reverse("reflections:feedback-list", args=[collaboration.slug])
    for n, person in enumerate(people):
        client.force_login(person.user)
        client.post(
            reverse("reflections:feedback-give", args=[collaboration.slug]),
            {
                "kind": "concern",
                "text": f"Anonymous view {n}",
                "anonymous": "on",
                "session": session.pk,
            },
        )
        client.force_login(cast["staff"])
        page = client.get(staff_page).content.decode()
        if n < 2:
            assert "Anonymous view" not in page and "held back until there are 3" in page
    assert all(f"Anonymous view {n}" in page for n in range(3))


def test_staff_record_feedback_from_a_phone_call_anonymously_if_asked(client, cast, collaboration):
    client.force_login(cast["staff"])
    client.post(
        reverse("reflections:feedback-record", args=[collaboration.slug]),
        {"kind": "concern", "text": "Said on the phone", "received_via": "phone", "author": ""},
    )
    feedback = Feedback.objects.get()
    assert feedback.is_anonymous and feedback.received_via == "phone"


def test_every_page_offers_the_route(client, member, collaboration):
    client.force_login(member)
    page = client.get(
        reverse("coproduction:collaboration-home", args=[collaboration.slug])
    ).content.decode()
    assert "Tell us we got something wrong" in page


def test_feedback_becomes_an_action_on_the_board_and_a_named_raiser_hears_of_changes(
    client, cast, collaboration, member, django_capture_on_commit_callbacks
):
    from coproduction.models import Message
    from reflections.models import Action

    client.force_login(member)
    client.post(
        reverse("reflections:feedback-give", args=[collaboration.slug]),
        {"kind": "concern", "text": "Sessions end too late"},
    )
    feedback = Feedback.objects.get()
    client.force_login(cast["staff"])
    client.post(
        reverse("reflections:action-from-feedback", args=[collaboration.slug, feedback.pk]),
        {"title": "Finish by 8pm"},
    )
    action = Action.objects.get()
    assert action.raised_by.user == member and action.raised == "Sessions end too late"

    field_url = reverse(
        "coproduction:shared-field", args=[collaboration.slug, "action", action.code, "status"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(field_url, {"base_version": 1, "value": "done"}).status_code == 302
    news = Message.objects.get(kind="action_update")
    assert news.recipient.user == member and "Finish by 8pm" in news.body
    assert "\\n" not in news.body and "\nWhat we are doing: Finish by 8pm\n" in news.body

    assert (
        client.post(field_url, {"base_version": 2, "value": "finished-ish"}).status_code == 200
    )  # not a status
    client.force_login(member)
    board = client.get(
        reverse("reflections:action-board", args=[collaboration.slug])
    ).content.decode()
    assert "Sessions end too late" in board and "Finish by 8pm" in board and "Done" in board


def test_an_anonymous_raiser_is_never_contacted(
    client, cast, collaboration, member, django_capture_on_commit_callbacks
):
    from coproduction.models import Message
    from reflections.models import Action

    client.force_login(member)
    client.post(
        reverse("reflections:feedback-give", args=[collaboration.slug]),
        {"kind": "concern", "text": "Private worry", "anonymous": "on"},
    )
    client.force_login(cast["staff"])
    client.post(
        reverse(
            "reflections:action-from-feedback", args=[collaboration.slug, Feedback.objects.get().pk]
        ),
        {"title": "Look at it"},
    )
    action = Action.objects.get()
    assert action.raised_by is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "coproduction:shared-field",
                args=[collaboration.slug, "action", action.code, "status"],
            ),
            {"base_version": 1, "value": "in_progress"},
        )
    assert not Message.objects.exists()
