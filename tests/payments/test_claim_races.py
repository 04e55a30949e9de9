"""Two writers on one claim: a claim approved or withdrawn meanwhile is never overwritten by
a form loaded before (another tab, another person). The second writer is refused, with a
message that says what happened, and nothing of what it sent is kept."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from coproduction.models import Membership
from payments import services
from payments.models import Claim, PaymentMethod
from tests.payments.test_payments import fee
from tests.required_services import service_missing

Status = Claim.Status


@pytest.fixture
def member_ship(cast, collaboration):
    return Membership.objects.get(user=cast["member"], collaboration=collaboration)


@pytest.mark.django_db
def test_a_form_loaded_before_a_withdrawal_cannot_send_the_claim(member_ship):
    claim = fee(member_ship)
    stale = Claim.objects.get(pk=claim.pk)  # the page open in a second tab
    services.claim_withdraw(claim=claim)  # the first tab withdraws it
    stale.method = PaymentMethod.VOUCHER
    with pytest.raises(services.ClaimError, match="changed while you had it open"):
        services.claim_submit(claim=stale, entered_by=member_ship.user)
    claim.refresh_from_db()
    assert claim.status == Status.WITHDRAWN and claim.method == PaymentMethod.BANK


@pytest.mark.django_db
def test_a_form_loaded_before_approval_cannot_put_the_claim_back_to_a_draft(
    member_ship, cast, collaboration
):
    claim = fee(member_ship, hours="2")
    stale = Claim.objects.get(pk=claim.pk)
    services.claim_submit(claim=claim, entered_by=member_ship.user)
    approver = Membership.objects.get(user=cast["staff"], collaboration=collaboration)
    services.claim_approve(claim=claim, approver=approver)
    stale.lower_amount = Decimal("10.00")
    with pytest.raises(services.ClaimError, match="It is now: Approved, waiting to be paid"):
        services.claim_save_draft(claim=stale, entered_by=member_ship.user)
    claim.refresh_from_db()
    assert claim.status == Status.APPROVED and claim.lower_amount is None


@pytest.mark.django_db(transaction=True)
def test_racing_an_approval_on_another_connection_the_second_writer_waits_and_is_refused(
    cast, collaboration
):
    """Two real connections at once: the approval holds the claim's row while it works; the
    member's save waits for it, then finds the claim approved and is refused."""
    if connection.vendor != "postgresql":
        service_missing("Row locks are tried on PostgreSQL: set DATABASE_URL")
    member_ship = Membership.objects.get(user=cast["member"], collaboration=collaboration)
    claim = fee(member_ship, hours="2")
    stale = Claim.objects.get(pk=claim.pk)  # the member's page, open while staff approve
    holding, outcome = threading.Event(), {}

    def approve_slowly():
        try:
            with transaction.atomic():
                Claim.objects.select_for_update().get(pk=claim.pk)
                holding.set()
                time.sleep(0.5)  # the approval's own work, with the row held
                Claim.objects.filter(pk=claim.pk).update(
                    status=Status.APPROVED, decided_at=timezone.now()
                )
        finally:
            connection.close()

    def save_stale_form():
        holding.wait(5)
        began = time.monotonic()
        try:
            stale.lower_amount = Decimal("10.00")
            services.claim_save_draft(claim=stale, entered_by=member_ship.user)
            outcome["saved"] = True
        except services.ClaimError as error:
            outcome["refused"] = str(error)
        finally:
            outcome["waited"] = time.monotonic() - began
            connection.close()

    writers = [threading.Thread(target=approve_slowly), threading.Thread(target=save_stale_form)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(15)
    assert "saved" not in outcome
    assert "It is now: Approved, waiting to be paid" in outcome["refused"]
    assert outcome["waited"] >= 0.3  # it waited for the approval's lock
    claim.refresh_from_db()
    assert claim.status == Status.APPROVED and claim.lower_amount is None
