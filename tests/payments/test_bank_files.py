"""Files finance opens in a spreadsheet or sends to the bank: accented and Welsh names survive
Excel, and the bank file holds only what Bacs accepts."""

import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from coproduction.models import Membership
from payments import services
from payments.bacs import bacs_text
from payments.models import PayeeDetails
from tests.payments.test_payments import submitted

pytestmark = pytest.mark.django_db
SLUG = "river-valley"
BACS = re.compile(r"[A-Z0-9.&/\- ]*")


@given(st.text())
def test_bacs_text_is_always_in_the_bacs_character_set(value):
    text = bacs_text(value)
    assert BACS.fullmatch(text) and len(text) <= 18
    assert not text.startswith((".", "&", "/", "-", " ")) and text == text.rstrip()


@pytest.mark.parametrize(
    ("name", "sent"),
    [
        ("Siân Ó Brien", "SIAN O BRIEN"),
        ("Dafydd ap Llŷr", "DAFYDD AP LLYR"),
        ("Zoë Ørsted-Łukasz", "ZOE ORSTED-LUKASZ"),
        ("Ciarán O'Neill-Ffrench", "CIARAN O NEILL-FFR"),
        ("-Grünewald & Söhne", "GRUNEWALD & SOHNE"),
    ],
)
def test_names_are_transliterated_for_the_bank(name, sent):
    assert bacs_text(name) == sent


@pytest.fixture
def batch(cast, collaboration):
    member = Membership.objects.get(user=cast["member"], collaboration=collaboration)
    staff = Membership.objects.get(user=cast["staff"], collaboration=collaboration)
    member.user.name = "Siân Ó Brien"
    member.user.save(update_fields=["name"])
    PayeeDetails.objects.create(
        membership=member,
        account_name="Siân Ó Brien",
        sort_code="309021",
        account_number="12345678",
    )
    claim = submitted(member)
    services.claim_approve(claim=claim, approver=staff)
    return services.batch_create(collaboration=collaboration, created_by=cast["finance"])


def test_the_bank_file_has_no_byte_order_mark_and_only_bacs_characters(client, cast, batch):
    client.force_login(cast["finance"])
    content = client.get(reverse("payments:batch-bank", args=[SLUG, batch.code])).content
    assert not content.startswith(b"\xef\xbb\xbf")
    line = content.decode("ascii").strip()
    assert line.startswith("309021,12345678,SIAN O BRIEN,27.50,")


def test_the_batch_spreadsheet_starts_with_a_byte_order_mark(client, cast, batch):
    client.force_login(cast["finance"])
    content = client.get(reverse("payments:batch-export", args=[SLUG, batch.code])).content
    assert content.startswith(b"\xef\xbb\xbf")  # so Excel reads it as UTF-8
    assert "Siân Ó Brien" in content.decode("utf-8-sig")
