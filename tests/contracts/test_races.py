"""Money moves once when two actions race on one milestone: funding twice, releasing twice,
a dispute racing the auto-approval, a refund racing a release, a payout recorded twice.

On PostgreSQL with real connections: SQLite serialises writers and hides these races."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from contracts.models import (
    Milestone,
    MilestoneStatus,
    OutgoingKind,
    OutgoingPayment,
    ReceivedPayment,
)
from contracts.services import auto_approval, disputes, ending, money
from contracts.services import milestones as milestone_services
from core.exceptions import ApplicationError
from ledger.models import Transaction
from tests.contracts.helpers import assert_books_balance, balance_of, make_contract
from tests.factories import BuyerFactory, MembershipFactory
from tests.utils import race

pytestmark = [pytest.mark.requires_postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def parties(finance):
    return BuyerFactory(), MembershipFactory(owner=True).user


@pytest.fixture
def milestone(parties):
    buyer, provider = parties
    contract = make_contract(buyer=buyer, provider_owner=provider, parts=(Decimal("600.00"),))
    return contract.milestones.select_related("funding").get()


def _fresh(milestone):
    return Milestone.objects.select_related("funding", "contract").get(pk=milestone.pk)


def _fund(milestone, finance):
    money.payment_record(
        funding=milestone.funding, amount=Decimal("600.00"), bank_reference="F", by=finance
    )


def _submitted(milestone, provider, finance, *, days_ago=0):
    _fund(milestone, finance)
    milestone_services.milestone_submit(milestone=_fresh(milestone), by=provider, message="x")
    Milestone.objects.filter(pk=milestone.pk).update(
        submitted_at=timezone.now() - timedelta(days=days_ago)
    )


def _refused(outcomes):
    return [outcome for outcome in outcomes if isinstance(outcome, Exception)]


def test_two_transfers_recorded_at_once_fund_the_milestone_once(milestone, finance):
    outcomes = race(
        *(
            lambda ref=ref: money.payment_record(
                funding=milestone.funding,
                amount=Decimal("600.00"),
                bank_reference=ref,
                by=finance,
            )
            for ref in ("A", "B")
        )
    )

    assert _refused(outcomes) == []
    assert _fresh(milestone).status == MilestoneStatus.FUNDED
    assert Transaction.objects.filter(kind="milestone_funded").count() == 1
    assert balance_of(f"milestone:{milestone.pk}:escrow") == Decimal("600.00")
    assert balance_of(f"funding:{milestone.funding.reference}") == Decimal("600.00")
    assert_books_balance()


def test_one_transfer_recorded_twice_at_once_counts_once(milestone, finance):
    outcomes = race(
        *(
            lambda: money.payment_record(
                funding=milestone.funding,
                amount=Decimal("250.00"),
                bank_reference="SAME",
                by=finance,
            )
            for _ in range(2)
        )
    )

    assert len(_refused(outcomes)) <= 1
    assert ReceivedPayment.objects.count() == 1
    assert balance_of(f"funding:{milestone.funding.reference}") == Decimal("250.00")
    assert_books_balance()


def test_two_approvals_at_once_release_once(milestone, parties, finance):
    buyer, provider = parties
    _submitted(milestone, provider, finance)

    outcomes = race(
        *(lambda: milestone_services.milestone_approve(milestone=_fresh(milestone), by=buyer),) * 2
    )

    assert len(_refused(outcomes)) == 1
    assert isinstance(_refused(outcomes)[0], ApplicationError)
    assert Transaction.objects.filter(kind="milestone_released").count() == 1
    assert OutgoingPayment.objects.filter(kind=OutgoingKind.PAYOUT).count() == 1
    assert_books_balance()


def test_a_dispute_racing_the_auto_approval_lets_one_win(milestone, parties, finance):
    buyer, provider = parties
    _submitted(milestone, provider, finance, days_ago=15)

    outcomes = race(
        lambda: disputes.dispute_open(milestone=_fresh(milestone), by=buyer, reason="Missing."),
        auto_approval.milestones_auto_approve,
    )

    status = _fresh(milestone).status
    if status == MilestoneStatus.DISPUTED:
        assert outcomes[1] == 0
        assert balance_of(f"milestone:{milestone.pk}:escrow") == Decimal("600.00")
    else:
        assert status == MilestoneStatus.RELEASED
        assert isinstance(outcomes[0], ApplicationError)
        assert balance_of(f"milestone:{milestone.pk}:escrow") == 0
    assert Transaction.objects.filter(kind="milestone_released").count() == (
        status == MilestoneStatus.RELEASED
    )
    assert_books_balance()


def test_a_refund_racing_a_release_moves_the_money_once(milestone, parties, finance):
    buyer, provider = parties
    _submitted(milestone, provider, finance)
    contract = _fresh(milestone).contract
    ending.contract_end_agree(contract=contract, by=buyer, reason="Budget cut.")

    outcomes = race(
        lambda: ending.contract_end_agree(contract=contract, by=provider, reason="Agreed."),
        lambda: milestone_services.milestone_approve(milestone=_fresh(milestone), by=buyer),
    )

    status = _fresh(milestone).status
    assert status in (MilestoneStatus.REFUNDED, MilestoneStatus.RELEASED)
    moves = Transaction.objects.filter(kind__in=["milestone_released", "milestone_refunded"])
    assert moves.count() == 1
    assert OutgoingPayment.objects.count() == 1
    assert balance_of(f"milestone:{milestone.pk}:escrow") == 0
    assert len(_refused(outcomes)) <= 1
    assert_books_balance()


def test_a_payout_recorded_twice_at_once_is_sent_once(milestone, parties, finance):
    buyer, provider = parties
    _submitted(milestone, provider, finance)
    milestone_services.milestone_approve(milestone=_fresh(milestone), by=buyer)
    payout = OutgoingPayment.objects.get()

    outcomes = race(
        *(
            lambda ref=ref: money.outgoing_send(outgoing=payout, reference=ref, by=finance)
            for ref in ("P1", "P2")
        )
    )

    assert len(_refused(outcomes)) == 1
    assert Transaction.objects.filter(kind="payout_sent").count() == 1
    assert_books_balance()
