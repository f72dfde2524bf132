from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine

from marketplace.models import BidStatus, JobEvent, JobStatus
from tests.factories import (
    BidFactory,
    EconomyFactory,
    IncomeClassificationFactory,
    JobFactory,
    ProviderOrganizationFactory,
)


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def make_contract(*, buyer, provider, price, currency, awarded, completed=None):
    """A contract as today's marketplace keeps one: an award the provider accepted on
    `awarded` (ISO day) and, if given, completed on `completed`."""
    job = JobFactory(buyer=buyer, currency=currency)
    bid = BidFactory(
        job=job,
        organization=provider,
        price=Decimal(price),
        currency=currency,
        status=BidStatus.AWARDED,
    )
    job.awarded_bid = bid
    job.status = JobStatus.COMPLETED if completed else JobStatus.IN_PROGRESS
    job.save()
    with time_machine.travel(at(awarded), tick=False):
        JobEvent.objects.create(job=job, from_status="awarded", to_status=JobStatus.IN_PROGRESS)
    if completed:
        with time_machine.travel(at(completed), tick=False):
            JobEvent.objects.create(job=job, from_status="delivered", to_status=JobStatus.COMPLETED)
    return job


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
