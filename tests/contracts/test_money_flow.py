"""The fixed-price money walk: funding by bank transfer recorded by finance (partial, then
enough, then too much), work submitted, changes asked, approval releasing price and premium
as entries of their own, the payout sent by finance and confirmed by the provider. The
books balance after every step."""

from decimal import Decimal

import pytest

from contracts.models import MilestoneStatus, OutgoingKind
from contracts.services import milestones as milestone_services
from contracts.services import money
from core.exceptions import ApplicationError
from ledger.models import Transaction
from tests.contracts.helpers import assert_books_balance, balance_of

pytestmark = pytest.mark.django_db


def _first(contract):
    return contract.milestones.select_related("funding").first()


def test_a_milestone_walks_from_funding_to_a_confirmed_payout(
    two_part_contract, buyer, provider_owner, finance
):
    milestone = _first(two_part_contract)
    funding = milestone.funding
    organization_id = two_part_contract.provider_id

    money.payment_record(
        funding=funding, amount=Decimal("500.00"), bank_reference="BANK-1", by=finance
    )
    assert_books_balance()
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PENDING
    assert balance_of(f"funding:{funding.reference}") == Decimal("500.00")

    money.payment_record(
        funding=funding, amount=Decimal("140.00"), bank_reference="BANK-2", by=finance
    )
    assert_books_balance()
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.FUNDED
    assert balance_of(f"milestone:{milestone.pk}:escrow") == Decimal("600.00")
    assert balance_of(f"milestone:{milestone.pk}:premium") == Decimal("30.00")
    assert balance_of(f"funding:{funding.reference}") == Decimal("10.00")  # paid too much

    excess = money.excess_refund(funding=funding, by=finance)
    assert (excess.kind, excess.amount) == (OutgoingKind.REFUND, Decimal("10.00"))
    money.outgoing_send(outgoing=excess, reference="REFUND-1", by=finance)
    money.outgoing_confirm(outgoing=excess, by=buyer)
    assert_books_balance()
    assert balance_of(f"funding:{funding.reference}") == 0

    milestone_services.milestone_submit(milestone=milestone, by=provider_owner, message="Done.")
    milestone_services.milestone_request_changes(
        milestone=milestone, by=buyer, reason="Speaker names are missing."
    )
    milestone_services.milestone_submit(
        milestone=milestone, by=provider_owner, message="Names added."
    )
    assert_books_balance()
    milestone_services.milestone_approve(milestone=milestone, by=buyer)
    assert_books_balance()

    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.RELEASED
    assert balance_of(f"milestone:{milestone.pk}:escrow") == 0
    assert balance_of(f"provider:{organization_id}:provider_payable:USD") == Decimal("600.00")
    assert balance_of(f"provider:{organization_id}:provider_premium_payable:USD") == Decimal(
        "30.00"
    )
    payout = milestone.outgoing.get(kind=OutgoingKind.PAYOUT)
    assert (payout.amount, payout.premium) == (Decimal("600.00"), Decimal("30.00"))

    money.outgoing_send(outgoing=payout, reference="PAYOUT-77", by=finance)
    assert_books_balance()
    assert balance_of(f"provider:{organization_id}:provider_payable:USD") == 0
    money.outgoing_confirm(outgoing=payout, by=provider_owner)
    payout.refresh_from_db()
    assert payout.confirmed_at is not None
    assert [event.to_status for event in milestone.events.all()] == [
        "pending",
        "funded",
        "submitted",
        "changes_requested",
        "submitted",
        "approved",
        "released",
    ]


def test_the_premium_moves_as_entries_of_its_own(two_part_contract, buyer, provider_owner, finance):
    milestone = _first(two_part_contract)
    money.payment_record(
        funding=milestone.funding, amount=Decimal("630.00"), bank_reference="B", by=finance
    )
    milestone_services.milestone_submit(milestone=milestone, by=provider_owner, message="Done.")
    milestone_services.milestone_approve(milestone=milestone, by=buyer)

    release = Transaction.objects.get(kind="milestone_released")
    legs = sorted((e.account.kind, e.amount) for e in release.entries.select_related("account"))
    assert legs == [
        ("escrow", Decimal("-600.00")),
        ("premium_escrow", Decimal("-30.00")),
        ("provider_payable", Decimal("600.00")),
        ("provider_premium_payable", Decimal("30.00")),
    ]


def test_recording_the_same_bank_transfer_twice_moves_money_once(two_part_contract, finance):
    funding = _first(two_part_contract).funding
    first = money.payment_record(
        funding=funding, amount=Decimal("100.00"), bank_reference="DUP", by=finance
    )
    again = money.payment_record(
        funding=funding, amount=Decimal("100.00"), bank_reference="DUP", by=finance
    )

    assert again == first
    assert balance_of(f"funding:{funding.reference}") == Decimal("100.00")
    with pytest.raises(ApplicationError, match="already recorded"):
        money.payment_record(
            funding=funding, amount=Decimal("90.00"), bank_reference="DUP", by=finance
        )


def test_only_finance_records_money(two_part_contract, buyer, provider_owner):
    milestone = _first(two_part_contract)
    for person in (buyer, provider_owner):
        with pytest.raises(ApplicationError, match="finance staff"):
            money.payment_record(
                funding=milestone.funding, amount=Decimal("630.00"), bank_reference="X", by=person
            )


def test_unfunded_work_cannot_be_submitted(two_part_contract, provider_owner):
    with pytest.raises(ApplicationError, match="not funded yet"):
        milestone_services.milestone_submit(
            milestone=_first(two_part_contract), by=provider_owner, message="Done."
        )


@pytest.fixture
def funded(two_part_contract, finance):
    milestone = _first(two_part_contract)
    money.payment_record(
        funding=milestone.funding, amount=Decimal("630.00"), bank_reference="B", by=finance
    )
    milestone.refresh_from_db()
    return milestone


def test_only_the_provider_submits_and_only_the_buyer_answers(
    funded, buyer, provider_owner, other_provider
):
    for person in (buyer, other_provider):
        with pytest.raises(ApplicationError, match="Only the provider"):
            milestone_services.milestone_submit(milestone=funded, by=person, message="Done.")
    milestone_services.milestone_submit(milestone=funded, by=provider_owner, message="Done.")
    for person in (provider_owner, other_provider):
        with pytest.raises(ApplicationError, match="Only the buyer"):
            milestone_services.milestone_approve(milestone=funded, by=person)
        with pytest.raises(ApplicationError, match="Only the buyer"):
            milestone_services.milestone_request_changes(milestone=funded, by=person, reason="x")


def test_a_payout_is_sent_once_and_confirmed_only_by_the_provider(
    funded, buyer, provider_owner, finance
):
    milestone_services.milestone_submit(milestone=funded, by=provider_owner, message="Done.")
    milestone_services.milestone_approve(milestone=funded, by=buyer)
    payout = funded.outgoing.get()

    with pytest.raises(ApplicationError, match="not sent this payment yet"):
        money.outgoing_confirm(outgoing=payout, by=provider_owner)
    money.outgoing_send(outgoing=payout, reference="P-1", by=finance)
    with pytest.raises(ApplicationError, match="already recorded as sent"):
        money.outgoing_send(outgoing=payout, reference="P-2", by=finance)
    with pytest.raises(ApplicationError, match="Only the recipient"):
        money.outgoing_confirm(outgoing=payout, by=buyer)
    assert_books_balance()


def test_approving_every_milestone_completes_the_contract(
    two_part_contract, buyer, provider_owner, finance
):
    for milestone in two_part_contract.milestones.select_related("funding"):
        money.payment_record(
            funding=milestone.funding,
            amount=milestone.funding.amount_due,
            bank_reference=f"B{milestone.pk}",
            by=finance,
        )
        milestone_services.milestone_submit(milestone=milestone, by=provider_owner, message="x")
        milestone_services.milestone_approve(milestone=milestone, by=buyer)
        assert_books_balance()

    two_part_contract.refresh_from_db()
    assert two_part_contract.status == "completed"
