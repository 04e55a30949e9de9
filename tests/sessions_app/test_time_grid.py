"""The grid of who can come when, on "find a time" and on a poll's page: a real table (headers
with scope, a caption, each cell's state in words), people grouped members first, reasons
only where shared, names as the permission policy gives them; and the tick box that brings
bank holidays back."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduction.models import Membership, WorkArea
from members.models import Commitment, Profile
from sessions_app.forms import planning as session_forms
from sessions_app.models import Poll, PollAnswer, PollOption
from sessions_app.time_finder import suggest_times
from sessions_app.time_finder.grid import suggestions_grid
from tests.factories import MembershipFactory, UserFactory
from tests.support.forms import date_fields

LONDON = ZoneInfo("Europe/London")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
STATES = {"Can come", "Would rather not", "Can't come"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list["Node | str"] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag: str, **attrs: str) -> list["Node"]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag and all(
                    attrs[name] in child.attrs.get(name.rstrip("_"), "").split()
                    if name == "class_"
                    else child.attrs.get(name) == attrs[name]
                    for name in attrs
                ):
                    found.append(child)
                found += child.find_all(tag, **attrs)
        return found

    def find(self, tag: str, **attrs: str) -> "Node":
        (only,) = self.find_all(tag, **attrs)
        return only


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(page)
    return builder.root


def words(node: Node) -> str:
    return " ".join(node.text().split())


@pytest.fixture
def people(collaboration, cast):
    """Staff (with two-factor, from the cast), a facilitator, and three members: one sitting
    an exam who shares why, one with a health appointment kept private, one under 18."""
    staff = Membership.objects.get(user=cast["staff"])
    facilitator = Membership.objects.get(user=cast["facilitator"])
    sam = MembershipFactory(collaboration=collaboration, user=UserFactory(name="Sam Exams"))
    quinn = MembershipFactory(collaboration=collaboration, user=UserFactory(name="Quinn Private"))
    aisha = MembershipFactory(
        collaboration=collaboration,
        user=UserFactory(name="Aisha Young", date_of_birth=date(2011, 5, 1)),
    )
    day = date(2027, 5, 11)  # a Tuesday
    Commitment.objects.create(
        user=sam.user, kind="exam", share_reason=True, starts_on=day, ends_on=day
    )
    Commitment.objects.create(
        user=quinn.user,
        kind="health",
        share_reason=False,
        starts_on=day,
        start_time=time(9),
        end_time=time(17),
    )
    return {"staff": staff, "facilitator": facilitator, "sam": sam, "quinn": quinn, "aisha": aisha}


def find_time(client, collaboration, people, first_day, last_day, **extra):
    with time_machine.travel(datetime(2027, 4, 20, 12, tzinfo=UTC)):
        client.force_login(people["staff"].user)
        return client.get(
            reverse("sessions:session-find-time", args=[collaboration.slug]),
            {
                "people": [p.pk for p in people.values()],
                **date_fields("first_day", first_day),
                **date_fields("last_day", last_day),
                "duration": "60",
                "earliest": "9",
                "latest": "21",
                **extra,
            },
        )


def test_find_a_time_shows_a_table_of_people_by_times(client, collaboration, people):
    response = find_time(client, collaboration, people, date(2027, 5, 11), date(2027, 5, 11))
    assert response.status_code == 200
    page = parse(response.content.decode())
    table = page.find("table", class_="time-grid__table")
    assert words(table.find("caption")) == "Who can come at each suggested time"
    region = page.find("div", class_="time-grid")
    assert region.attrs["role"] == "region" and region.attrs["tabindex"] == "0"
    assert region.attrs["aria-labelledby"] == table.find("caption").attrs["id"]

    heads = table.find("thead").find_all("th")
    assert all(th.attrs["scope"] == "col" for th in heads)
    suggestions = page.find("ol", class_="suggestions").find_all("li", class_="card")
    assert len(heads) == 1 + len(suggestions) >= 2
    assert words(heads[1]).startswith("1. Tue 11 May")

    groups = table.find_all("tbody")
    assert [words(g.find("th", scope="rowgroup")) for g in groups] == [
        "Members with lived experience",
        "Staff and facilitators",
    ]
    members = [words(th) for th in groups[0].find_all("th", scope="row")]
    assert members == ["Aisha Young", "Quinn Private", "Sam Exams"]
    staff = [words(th) for th in groups[1].find_all("th", scope="row")]
    assert staff == ["Facilitator Person", "Staff Person"]
    for row in groups[0].find_all("tr")[1:] + groups[1].find_all("tr")[1:]:
        cells = row.find_all("td")
        assert len(cells) == len(suggestions)
        for cell in cells:
            icon = cell.find("span", class_="cell__icon")
            assert icon.attrs["aria-hidden"] == "true" and words(icon) in {"✓", "(✓)", "✗"}
            state = words(cell.find("span", class_="visually-hidden")).rstrip(":")
            assert state in STATES
    sam_row = next(r for r in groups[0].find_all("tr") if "Sam Exams" in words(r))
    assert {words(td) for td in sam_row.find_all("td")} == {"✗ Can't come: exams"}
    totals = table.find("tfoot").find_all("tr")
    assert [words(t.find("th")) for t in totals] == ["Members who can come", "Staff who can come"]


def test_a_reason_not_shared_never_appears_and_a_shared_one_does(client, collaboration, people):
    response = find_time(client, collaboration, people, date(2027, 5, 11), date(2027, 5, 11))
    page = response.content.decode()
    assert "exams" in page
    assert "health" not in page.lower()
    tree = parse(page)
    quinn_row = next(r for r in tree.find("table").find_all("tr") if "Quinn Private" in words(r))
    quinn = [words(td) for td in quinn_row.find_all("td")]
    assert "✗ Can't come" in quinn  # the daytime appointment: busy, and no reason given
    assert set(quinn) <= {"✓ Can come", "✗ Can't come"}
    # The phone's list for each time keeps to the same rule.
    for people_list in tree.find_all("ul", class_="time-people"):
        assert "health" not in words(people_list).lower()


def test_the_grid_gives_under_18s_names_as_the_policy_does(collaboration, people):
    result = suggest_times(
        collaboration=collaboration,
        invitees=list(people.values()),
        first_day=date(2027, 5, 12),
        last_day=date(2027, 5, 12),
        duration_minutes=60,
    )
    as_member = suggestions_grid(result, people["sam"])
    names = [row.name for group in as_member.groups for row in group.rows]
    assert "Aisha" in names and "Aisha Young" not in names
    assert "Sam Exams" in names  # their own name, in full
    per_time = [p.name for group in as_member.columns[0].groups for p in group.people]
    assert "Aisha" in per_time and "Aisha Young" not in per_time
    as_staff = suggestions_grid(result, people["staff"])
    assert "Aisha Young" in [row.name for group in as_staff.groups for row in group.rows]


def test_bank_holidays_are_left_out_until_the_box_is_ticked(client, collaboration, people):
    # 3 May 2027 is the early May bank holiday; 4 May is an ordinary Tuesday.
    first, last = date(2027, 5, 3), date(2027, 5, 4)
    page = find_time(client, collaboration, people, first, last).content.decode()
    assert "Monday 3 May" not in page and "Tuesday 4 May" in page
    assert "We left out bank holidays, Christmas Eve and New Year's Eve." in page
    assert "We leave out bank holidays in England, and 24 and 31 December." in page
    ticked = find_time(client, collaboration, people, first, last, include_days_off="on")
    tree = parse(ticked.content.decode())
    cards = tree.find("ol", class_="suggestions").find_all("li", class_="card")
    on_the_holiday = [c for c in cards if "Monday 3 May" in words(c.find("h3"))]
    assert on_the_holiday
    assert all(
        words(c.find("p", class_="day-off")) == "Bank holiday: May Day" for c in on_the_holiday
    )
    assert "Bank holiday: May Day" in words(tree.find("thead"))


def test_a_collaboration_in_scotland_keeps_2_january_off(client, collaboration, people):
    def suggested(nations):
        collaboration.nations = nations
        collaboration.save(update_fields=["nations"])
        with time_machine.travel(datetime(2025, 12, 10, 12, tzinfo=UTC)):
            client.force_login(people["staff"].user)
            return client.get(
                reverse("sessions:session-find-time", args=[collaboration.slug]),
                {
                    "people": [p.pk for p in people.values()],
                    **date_fields("first_day", date(2026, 1, 2)),
                    **date_fields("last_day", date(2026, 1, 2)),
                    "duration": "60",
                    "earliest": "9",
                    "latest": "21",
                },
            ).content.decode()

    assert "Friday 2 January" in suggested(["england"])
    in_scotland = suggested(["scotland"])
    assert "Friday 2 January" not in in_scotland
    assert "Every day you chose is a bank holiday" in in_scotland
    assert "We leave out bank holidays in Scotland" in in_scotland


def test_the_time_finder_runs_once_for_the_page(client, collaboration, people):
    with mock.patch.object(
        session_forms, "suggest_times", wraps=session_forms.suggest_times
    ) as spy:
        find_time(client, collaboration, people, date(2027, 5, 11), date(2027, 5, 12))
    assert spy.call_count == 1


def test_find_a_time_makes_the_same_queries_for_more_people(client, collaboration, people):
    """With people invited one by one and a work area's people, with and without profiles."""
    area = WorkArea.objects.create(collaboration=collaboration, name="Transport")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = find_time(
                client,
                collaboration,
                people,
                date(2027, 5, 11),
                date(2027, 5, 12),
                work_area=area.pk,
            )
        assert response.status_code == 200
        return len(captured)

    def add_to_area(n):
        person = MembershipFactory(collaboration=collaboration, user=UserFactory(name=f"More {n}"))
        person.work_areas.add(area)
        if n % 2:
            Profile.objects.create(user=person.user, display_name=f"Shown {n}")
        Commitment.objects.create(
            user=person.user, kind="caring", share_reason=True, starts_on=date(2027, 5, 11)
        )

    add_to_area(0)
    queries()  # the first request also fills per-process caches
    few = queries()
    for n in range(1, 7):
        add_to_area(n)
    assert queries() == few <= 25


def test_a_poll_shows_everyone_s_answers_as_a_table(client, collaboration, people):
    poll = Poll.objects.create(collaboration=collaboration, title="Transport: May")
    poll.invitees.set(people.values())
    starts = [datetime(2027, 5, 3, 18, tzinfo=LONDON), datetime(2027, 5, 4, 18, tzinfo=LONDON)]
    options = [
        PollOption.objects.create(poll=poll, starts_at=s, ends_at=s + timedelta(hours=1))
        for s in starts
    ]
    PollAnswer.objects.create(option=options[0], membership=people["sam"], answer="yes")
    PollAnswer.objects.create(option=options[1], membership=people["sam"], answer="if_need_be")
    PollAnswer.objects.create(option=options[0], membership=people["staff"], answer="no")
    client.force_login(people["staff"].user)
    response = client.get(reverse("sessions:poll-detail", args=[collaboration.slug, poll.code]))
    tree = parse(response.content.decode())
    table = tree.find("table", class_="time-grid__table")
    assert words(table.find("caption")) == "Answers for each time"
    heads = table.find("thead").find_all("th", scope="col")
    assert [words(th) for th in heads] == [
        "Name",
        "Mon 3 May 6pm to 7pm Bank holiday: May Day",
        "Tue 4 May 6pm to 7pm",
    ]
    groups = table.find_all("tbody")
    assert [words(g.find("th", scope="rowgroup")) for g in groups] == [
        "Members with lived experience",
        "Staff and facilitators",
    ]
    rows = {
        words(r.find("th")): [words(td) for td in r.find_all("td")]
        for r in table.find_all("tr")[1:]
    }
    assert rows["Sam Exams"] == ["✓ Yes", "(✓) If need be"]
    assert rows["Staff Person"] == ["✗ No", "\N{EN DASH} No answer yet"]
    assert rows["Yes"] == ["1", "0"] and rows["If need be"] == ["0", "1"]
    # A phone shows each time with a summary that opens to the people.
    narrow = tree.find("div", class_="time-grid-narrow")
    summaries = [words(s) for s in narrow.find_all("summary")]
    assert summaries[0] == "1 yes, 0 if need be, 1 no, 3 no answer yet: who said what"
