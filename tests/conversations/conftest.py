import pytest

from conversations import services
from tests.factories import BidFactory, JobFactory


@pytest.fixture
def job(buyer):
    return JobFactory(buyer=buyer)


@pytest.fixture
def firm(provider_member):
    return provider_member.memberships.get().organization


@pytest.fixture
def other_firm(other_provider):
    return other_provider.memberships.get().organization


@pytest.fixture
def bid(job, firm, provider_member):
    return BidFactory(job=job, organization=firm, submitted_by=provider_member)


@pytest.fixture
def rival_bid(job, other_firm, other_provider):
    return BidFactory(job=job, organization=other_firm, submitted_by=other_provider, price=900)


@pytest.fixture
def conversation(job, provider_member):
    """provider_member's firm asked the buyer a question about the job."""
    return services.conversation_start(
        job=job, by=provider_member, text="Are the interviews recorded in stereo?"
    )
