from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError

from core.exceptions import ApplicationError
from marketplace.models import Bid, BidStatus, JobStatus, NotificationKind
from marketplace.services import bids as services
from marketplace.services import jobs as job_services
from notifications.models import Notification
from tests.factories import (
    BidFactory,
    JobFactory,
    MembershipFactory,
    ProviderOrganizationFactory,
)

pytestmark = pytest.mark.django_db

OFFER = {"price": Decimal("950.00"), "delivery_days": 12, "proposal": "We will do it well."}


def test_provider_member_bids_in_the_jobs_currency_and_the_buyer_is_told(
    job, provider_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        bid = services.bid_submit(job=job, by=provider_member, **OFFER)

    assert bid.organization == provider_member.memberships.get().organization
    assert bid.currency == job.currency
    notification = Notification.objects.get(recipient=job.buyer)
    assert notification.kind == NotificationKind.NEW_BID
    assert mail.outbox[0].to == [job.buyer.email]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_bid_after_the_deadline_is_refused_with_the_reason(provider_owner):
    job = JobFactory(past_deadline=True)

    with pytest.raises(ApplicationError, match="bid deadline passed on .* no longer accepted"):
        services.bid_submit(job=job, by=provider_owner, **OFFER)
    assert not Bid.objects.exists()


@pytest.mark.parametrize(
    "status",
    [JobStatus.DRAFT, JobStatus.AWARDED, JobStatus.IN_PROGRESS, JobStatus.CANCELLED],
)
def test_bid_on_a_job_that_is_not_open_is_refused(provider_owner, status):
    job = JobFactory(status=status)

    with pytest.raises(ApplicationError, match="no longer takes bids"):
        services.bid_submit(job=job, by=provider_owner, **OFFER)


def test_buyers_and_people_without_a_provider_firm_cannot_bid(
    job, buyer, provider_without_organization
):
    for person in (buyer, provider_without_organization):
        with pytest.raises(ApplicationError, match="Only members of a provider organization"):
            services.bid_submit(job=job, by=person, **OFFER)


def test_a_firm_never_bids_on_a_job_posted_by_its_own_people(provider_owner, provider_member):
    job = JobFactory(buyer=provider_owner)

    with pytest.raises(ApplicationError, match="posted by your own organization"):
        services.bid_submit(job=job, by=provider_member, **OFFER)


def test_one_active_bid_per_organization(job, provider_owner, provider_member):
    services.bid_submit(job=job, by=provider_owner, **OFFER)

    with pytest.raises(ApplicationError, match="already has a bid"):
        services.bid_submit(job=job, by=provider_member, **OFFER)


def test_database_keeps_one_active_bid_per_organization(job):
    organization = ProviderOrganizationFactory()
    BidFactory(job=job, organization=organization)

    with pytest.raises(IntegrityError):
        BidFactory(job=job, organization=organization)


def test_after_withdrawing_a_firm_may_bid_again(job, provider_owner):
    bid = services.bid_submit(job=job, by=provider_owner, **OFFER)
    services.bid_withdraw(bid=bid, by=provider_owner)

    again = services.bid_submit(job=job, by=provider_owner, **{**OFFER, "price": Decimal("900")})

    assert again.pk != bid.pk
    assert Bid.objects.get(pk=bid.pk).status == BidStatus.WITHDRAWN


def test_milestones_must_add_up_to_the_price(job, provider_owner):
    milestones = [
        {"title": "First half", "amount": Decimal("500"), "due_date": date.today() + timedelta(7)},
        {
            "title": "Second half",
            "amount": Decimal("400"),
            "due_date": date.today() + timedelta(14),
        },
    ]

    with pytest.raises(
        ApplicationError, match="add up to 900.00 USD, not to the bid's price of 950.00 USD"
    ):
        services.bid_submit(job=job, by=provider_owner, milestones=milestones, **OFFER)
    assert not Bid.objects.exists()

    milestones[1]["amount"] = Decimal("450")
    bid = services.bid_submit(job=job, by=provider_owner, milestones=milestones, **OFFER)
    assert [m.title for m in bid.milestones.all()] == ["First half", "Second half"]


def test_invite_only_job_takes_bids_from_invitees_only(buyer, provider_owner, other_provider):
    job = JobFactory(buyer=buyer, invite_only=True)
    invited = provider_owner.memberships.get().organization
    invitation = job_services.job_invite(job=job, by=buyer, organization=invited)

    with pytest.raises(ApplicationError, match="invited providers only"):
        services.bid_submit(job=job, by=other_provider, **OFFER)
    services.bid_submit(job=job, by=provider_owner, **OFFER)

    invitation.refresh_from_db()
    assert invitation.status == "accepted"


def test_provider_edits_its_bid_until_the_job_is_awarded(job, own_org_bid, provider_owner):
    services.bid_update(bid=own_org_bid, by=provider_owner, price=Decimal("1100"))
    own_org_bid.refresh_from_db()
    assert own_org_bid.price == Decimal("1100")

    job_services.job_award(
        job=job, bid_id=own_org_bid.pk, bid_version=own_org_bid.version, by=job.buyer
    )
    with pytest.raises(ApplicationError, match="cannot be edited"):
        services.bid_update(bid=own_org_bid, by=provider_owner, price=Decimal("1200"))
    with pytest.raises(ApplicationError, match="only while the job is open"):
        services.bid_withdraw(bid=own_org_bid, by=provider_owner)


def test_another_firm_cannot_touch_a_bid(own_org_bid, other_provider):
    with pytest.raises(ApplicationError, match="Only members of the bidding organization"):
        services.bid_update(bid=own_org_bid, by=other_provider, price=Decimal("1"))
    with pytest.raises(ApplicationError, match="Only members of the bidding organization"):
        services.bid_withdraw(bid=own_org_bid, by=other_provider)


def test_buyer_declines_a_bid_with_a_reason_the_provider_sees(own_org_bid, provider_owner):
    buyer = own_org_bid.job.buyer
    with pytest.raises(ApplicationError, match="reason"):
        services.bid_decline(bid=own_org_bid, by=buyer, reason=" ")

    services.bid_decline(bid=own_org_bid, by=buyer, reason="Delivery is too slow for us.")

    own_org_bid.refresh_from_db()
    assert own_org_bid.status == BidStatus.DECLINED
    assert own_org_bid.decline_reason == "Delivery is too slow for us."
    notification = Notification.objects.get(recipient=provider_owner)
    assert "Delivery is too slow for us." in notification.message


def test_only_the_buyer_shortlists_or_declines(own_org_bid, other_provider):
    with pytest.raises(ApplicationError, match="Only the buyer"):
        services.bid_shortlist(bid=own_org_bid, by=other_provider, shortlisted=True)
    with pytest.raises(ApplicationError, match="Only the buyer"):
        services.bid_decline(bid=own_org_bid, by=other_provider, reason="Spite")

    services.bid_shortlist(bid=own_org_bid, by=own_org_bid.job.buyer, shortlisted=True)
    own_org_bid.refresh_from_db()
    assert own_org_bid.shortlisted


def test_every_member_of_the_bidding_firm_is_told(job, own_org_bid, provider_owner):
    colleague = MembershipFactory(organization=own_org_bid.organization).user

    services.bid_decline(bid=own_org_bid, by=job.buyer, reason="Over budget.")

    assert Notification.objects.filter(recipient__in=[provider_owner, colleague]).count() == 2
