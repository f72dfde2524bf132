import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from contracts.models import (
    Contract,
    ContractEvent,
    ContractStatus,
    Milestone,
    MilestoneEvent,
    MilestoneStatus,
    Timesheet,
    TimesheetEvent,
    TimesheetStatus,
)
from contracts.services.contracts import contract_transition
from contracts.services.hourly import timesheet_transition
from contracts.services.milestones import milestone_transition
from contracts.transitions import (
    CONTRACT_TRANSITIONS,
    MILESTONE_TRANSITIONS,
    TIMESHEET_TRANSITIONS,
)
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


@pytest.mark.parametrize(
    ("from_status", "to_status"), list(itertools.product(TimesheetStatus, TimesheetStatus))
)
def test_timesheet_moves_follow_the_table(provider_owner, from_status, to_status):
    contract = _contract()
    timesheet = Timesheet.objects.create(
        contract=contract,
        week_start="2026-11-02",
        hours=Decimal("1"),
        note="x",
        submitted_by=provider_owner,
        submitted_at=timezone.now(),
        status=from_status,
        milestone=Milestone.objects.create(
            contract=contract, position=1, title="Week", amount=Decimal("10")
        )
        if from_status == TimesheetStatus.APPROVED
        else None,
    )
    if to_status == TimesheetStatus.APPROVED and from_status != TimesheetStatus.APPROVED:
        timesheet.milestone = Milestone.objects.create(
            contract=contract, position=2, title="Week", amount=Decimal("10")
        )

    if to_status in TIMESHEET_TRANSITIONS[from_status]:
        timesheet_transition(timesheet=timesheet, to=to_status, by=provider_owner)
        timesheet.refresh_from_db()
        assert timesheet.status == to_status
        assert TimesheetEvent.objects.get(timesheet=timesheet).to_status == to_status
    else:
        with pytest.raises(ApplicationError, match="cannot become"):
            timesheet_transition(timesheet=timesheet, to=to_status, by=provider_owner)
        assert not TimesheetEvent.objects.filter(timesheet=timesheet).exists()
