import pytest

from tests.factories import BidFactory, JobFactory


@pytest.fixture
def job(buyer):
    """An open, public job posted by `buyer`."""
    return JobFactory(buyer=buyer)


@pytest.fixture
def own_org_bid(job, provider_owner):
    """`provider_owner`'s organization's bid on `job`."""
    organization = provider_owner.memberships.get().organization
    return BidFactory(job=job, organization=organization, submitted_by=provider_owner)


@pytest.fixture
def rival_bid(job, other_provider):
    organization = other_provider.memberships.get().organization
    return BidFactory(job=job, organization=organization, submitted_by=other_provider, price=900)
