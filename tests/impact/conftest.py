from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine

from contracts.models import (
    Contract,
    ContractEvent,
    ContractKind,
    ContractStatus,
    Milestone,
    MilestoneStatus,
    OutgoingKind,
    OutgoingPayment,
)
from marketplace.models import BidStatus, JobStatus
from tests.factories import (
    BidFactory,
    EconomyFactory,
    IncomeClassificationFactory,
    JobFactory,
    ProviderOrganizationFactory,
)


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def make_contract(
    *, buyer, provider, price, currency, awarded, completed=None, premium=None, paid_on=None
):
    """A contract made on `awarded` (ISO day), completed on `completed` if given; with a
    premium (an amount), its one milestone is released with that premium on paid_on."""
    job = JobFactory(buyer=buyer, currency=currency, status=JobStatus.IN_PROGRESS)
    bid = BidFactory(
        job=job,
        organization=provider,
        price=Decimal(price),
        currency=currency,
        status=BidStatus.AWARDED,
    )
    job.awarded_bid = bid
    job.save()
    with time_machine.travel(at(awarded), tick=False):
        contract = Contract.objects.create(
            job=job,
            bid=bid,
            buyer=buyer,
            provider=provider,
            kind=ContractKind.FIXED,
            currency=currency,
            price=Decimal(price),
            premium_percent=Decimal(100) * Decimal(premium or 0) / Decimal(price),
        )
        ContractEvent.objects.create(contract=contract, to_status=ContractStatus.ACTIVE)
    if premium:
        milestone = Milestone.objects.create(
            contract=contract,
            position=1,
            title="The whole work",
            amount=Decimal(price),
            premium=Decimal(premium),
            status=MilestoneStatus.RELEASED,
        )
        with time_machine.travel(at(paid_on), tick=False):
            OutgoingPayment.objects.create(
                kind=OutgoingKind.PAYOUT,
                milestone=milestone,
                amount=Decimal(price),
                premium=Decimal(premium),
                currency=currency,
            )
    if completed:
        contract.status = ContractStatus.COMPLETED
        contract.save(update_fields=["status"])
        with time_machine.travel(at(completed), tick=False):
            ContractEvent.objects.create(
                contract=contract,
                from_status=ContractStatus.ACTIVE,
                to_status=ContractStatus.COMPLETED,
            )
    return contract


@pytest.fixture
def income_groups(db):
    """Uganda low income, Kenya and India lower middle income (FY2026)."""
    for iso2, iso3, name, group in [
        ("UG", "UGA", "Uganda", "low"),
        ("KE", "KEN", "Kenya", "lower_middle"),
        ("IN", "IND", "India", "lower_middle"),
    ]:
        economy = EconomyFactory(iso2=iso2, iso3=iso3, name=name)
        IncomeClassificationFactory(economy=economy, income_group=group)


@pytest.fixture
def providers(income_groups):
    return {
        country: ProviderOrganizationFactory(country=country, name=f"Firm in {country}")
        for country in ("UG", "KE", "IN")
    }
