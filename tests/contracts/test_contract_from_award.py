from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract, ContractStatus, MilestoneStatus, NotificationKind
from core.exceptions import ApplicationError
from marketplace.models import JobStatus
from marketplace.services import jobs as job_services
from notifications.models import Notification
from tests.contracts.helpers import make_contract
from tests.factories import BidFactory, JobFactory, LabelFactory

pytestmark = pytest.mark.django_db


def test_accepting_an_award_makes_the_contract_from_the_bid(two_part_contract, buyer):
    contract = two_part_contract

    assert contract.status == ContractStatus.ACTIVE
    assert contract.buyer == buyer
    assert contract.price == Decimal("1000.00")
    assert contract.currency == "USD"
    assert contract.premium_percent == Decimal("5")
    milestones = list(contract.milestones.all())
    assert [(m.title, m.amount, m.premium) for m in milestones] == [
        ("Part 1", Decimal("600.00"), Decimal("30.00")),
        ("Part 2", Decimal("400.00"), Decimal("20.00")),
    ]
    assert all(m.status == MilestoneStatus.PENDING for m in milestones)
    assert [m.funding.amount_due for m in milestones] == [Decimal("630.00"), Decimal("420.00")]
    assert len({m.funding.reference for m in milestones}) == 2
    assert contract.job.status == JobStatus.IN_PROGRESS


def test_a_bid_without_milestones_becomes_one_milestone_for_the_whole_price(buyer, provider_owner):
    contract = make_contract(buyer=buyer, provider_owner=provider_owner, price=Decimal("750.00"))

    (milestone,) = contract.milestones.all()
    assert milestone.amount == Decimal("750.00")
    assert milestone.premium == 0
    assert milestone.due_date == timezone.localdate() + timedelta(days=14)


def test_both_parties_are_told_and_the_provider_to_wait_for_funding(
    two_part_contract, buyer, provider_owner
):
    told = Notification.objects.filter(kind=NotificationKind.CONTRACT_STARTED)
    assert told.filter(recipient=buyer).exists()
    provider_notice = told.get(recipient=provider_owner).message
    assert "only once it is funded" in provider_notice


def test_no_contract_until_the_award_is_accepted(buyer, provider_owner):
    bid = BidFactory(
        job=JobFactory(buyer=buyer),
        organization=provider_owner.memberships.get().organization,
        submitted_by=provider_owner,
    )
    job_services.job_award(job=bid.job, bid_id=bid.pk, bid_version=bid.version, by=buyer)

    assert not Contract.objects.exists()


def test_a_premium_is_refused_for_a_provider_without_a_label_in_force(buyer, provider_owner):
    organization = provider_owner.memberships.get().organization
    LabelFactory(organization=organization, expired=True)
    bid = BidFactory(job=JobFactory(buyer=buyer), organization=organization)

    with pytest.raises(ApplicationError, match="does not carry the Fairbid label"):
        job_services.job_award(
            job=bid.job,
            bid_id=bid.pk,
            bid_version=bid.version,
            by=buyer,
            premium_percent=Decimal("5"),
        )


@pytest.mark.parametrize("percent", [Decimal("-1"), Decimal("20.01"), Decimal("50")])
def test_a_premium_outside_zero_to_twenty_percent_is_refused(buyer, provider_owner, percent):
    organization = provider_owner.memberships.get().organization
    LabelFactory(organization=organization)
    bid = BidFactory(job=JobFactory(buyer=buyer), organization=organization)

    with pytest.raises(ApplicationError, match="from 0% to 20%"):
        job_services.job_award(
            job=bid.job, bid_id=bid.pk, bid_version=bid.version, by=buyer, premium_percent=percent
        )


def test_a_declined_award_forgets_its_premium(buyer, provider_owner):
    organization = provider_owner.memberships.get().organization
    LabelFactory(organization=organization)
    bid = BidFactory(job=JobFactory(buyer=buyer), organization=organization)
    job_services.job_award(
        job=bid.job, bid_id=bid.pk, bid_version=bid.version, by=buyer, premium_percent=Decimal(8)
    )

    job = job_services.award_decline(job=bid.job, by=provider_owner, reason="Fully booked.")

    job.refresh_from_db()
    assert job.award_premium_percent == 0


def test_the_award_page_offers_the_premium_for_a_certified_provider_only(
    client, buyer, provider_owner
):
    organization = provider_owner.memberships.get().organization
    bid = BidFactory(job=JobFactory(buyer=buyer), organization=organization)
    url = reverse("marketplace:job_award", args=[bid.job.pk, bid.pk])
    client.force_login(buyer)

    assert 'name="premium_percent"' not in client.get(url).content.decode()
    LabelFactory(organization=organization)
    page = client.get(url).content.decode()
    assert 'name="premium_percent"' in page
    assert 'value="5"' in page
    assert "for its workers and community" in page


def test_the_award_page_stores_the_premium_with_the_award(client, buyer, provider_owner):
    organization = provider_owner.memberships.get().organization
    LabelFactory(organization=organization)
    bid = BidFactory(job=JobFactory(buyer=buyer), organization=organization)
    client.force_login(buyer)

    response = client.post(
        reverse("marketplace:job_award", args=[bid.job.pk, bid.pk]),
        {"bid_version": bid.version, "premium_percent": "7.5"},
    )

    assert response.status_code == 302
    bid.job.refresh_from_db()
    assert bid.job.award_premium_percent == Decimal("7.5")


def test_a_premium_over_twenty_percent_is_shown_again_with_the_error(client, buyer, provider_owner):
    organization = provider_owner.memberships.get().organization
    LabelFactory(organization=organization)
    bid = BidFactory(job=JobFactory(buyer=buyer), organization=organization)
    client.force_login(buyer)

    response = client.post(
        reverse("marketplace:job_award", args=[bid.job.pk, bid.pk]),
        {"bid_version": bid.version, "premium_percent": "25"},
    )

    assert response.status_code == 400
    assert 'value="25"' in response.content.decode()


def test_the_job_page_shows_the_contract_to_the_parties_only(
    client, two_part_contract, buyer, provider_owner, other_provider
):
    url = two_part_contract.job.get_absolute_url()
    for party in (buyer, provider_owner):
        client.force_login(party)
        page = client.get(url).content.decode()
        assert "Agreed price" in page
        assert "1,000.00 USD" in page
        assert "Part 1" in page
    client.force_login(other_provider)
    assert "Agreed price" not in client.get(url).content.decode()


def test_both_dashboards_list_the_contract_and_what_is_due_next(
    client, two_part_contract, buyer, provider_owner
):
    for party in (buyer, provider_owner):
        client.force_login(party)
        page = client.get("/").content.decode()
        assert "Your contracts" in page
        assert two_part_contract.get_absolute_url() in page
        assert "Part 1: Waiting for funding" in page
