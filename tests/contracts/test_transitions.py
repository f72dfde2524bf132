import itertools
from decimal import Decimal

import pytest

from contracts.models import (
    Contract,
    ContractEvent,
    ContractStatus,
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
)
from contracts.services.contracts import contract_transition
from contracts.services.milestones import milestone_transition
from contracts.transitions import CONTRACT_TRANSITIONS, MILESTONE_TRANSITIONS
from core.exceptions import ApplicationError
from tests.factories import BidFactory

pytestmark = pytest.mark.django_db


def _contract(status=ContractStatus.ACTIVE) -> Contract:
    bid = BidFactory()
    return Contract.objects.create(
        job=bid.job,
        bid=bid,
        buyer=bid.job.buyer,
        provider=bid.organization,
        kind="fixed",
        currency="USD",
        price=bid.price,
        status=status,
    )


def test_every_status_has_a_row_in_the_tables():
    assert set(MILESTONE_TRANSITIONS) == set(MilestoneStatus)
    assert set(CONTRACT_TRANSITIONS) == set(ContractStatus)


@pytest.mark.parametrize(
    ("from_status", "to_status"), list(itertools.product(MilestoneStatus, MilestoneStatus))
)
def test_milestone_moves_follow_the_table(buyer, from_status, to_status):
    milestone = Milestone.objects.create(
        contract=_contract(), position=1, title="Part", amount=Decimal("10"), status=from_status
    )

    if to_status in MILESTONE_TRANSITIONS[from_status]:
        milestone_transition(milestone=milestone, to=to_status, by=buyer, reason="because")
        milestone.refresh_from_db()
        assert milestone.status == to_status
        event = MilestoneEvent.objects.get(milestone=milestone)
        assert (event.from_status, event.to_status, event.actor, event.reason) == (
            from_status,
            to_status,
            buyer,
            "because",
        )
    else:
        with pytest.raises(ApplicationError, match="cannot become"):
            milestone_transition(milestone=milestone, to=to_status, by=buyer)
        milestone.refresh_from_db()
        assert milestone.status == from_status
        assert not MilestoneEvent.objects.filter(milestone=milestone).exists()


@pytest.mark.parametrize(
    ("from_status", "to_status"), list(itertools.product(ContractStatus, ContractStatus))
)
def test_contract_moves_follow_the_table(buyer, from_status, to_status):
    contract = _contract(from_status)

    if to_status in CONTRACT_TRANSITIONS[from_status]:
        contract_transition(contract=contract, to=to_status, by="a task")
        contract.refresh_from_db()
        assert contract.status == to_status
        assert ContractEvent.objects.get(contract=contract).actor_task == "a task"
    else:
        with pytest.raises(ApplicationError, match="cannot become"):
            contract_transition(contract=contract, to=to_status, by=buyer)
        assert not ContractEvent.objects.filter(contract=contract).exists()
