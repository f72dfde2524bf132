from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.exceptions import ApplicationError
from marketplace.models import (
    BidStatus,
    InvitationStatus,
    JobStatus,
    NotificationKind,
    ReviewDirection,
)
from marketplace.services import bids as bid_services
from marketplace.services import jobs as services
from marketplace.services.reviews import review_create
from notifications.models import Notification
from tests.factories import BidFactory, BuyerFactory, JobFactory, ProviderOrganizationFactory

pytestmark = pytest.mark.django_db


def _job_fields(**overrides):
    return {
        "title": "Translate a user manual into French",
        "description": "A 40-page manual for a water pump, from English into French.",
        "category": "translation",
        "skills": " French,  technical writing, french ",
        "budget_type": "fixed",
        "budget_min": Decimal("800"),
        "budget_max": None,
        "currency": "EUR",
        "bid_deadline": timezone.now() + timedelta(days=7),
        "delivery_date": (timezone.now() + timedelta(days=30)).date(),
        "prefer_certified": True,
        **overrides,
    }


def _kinds(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_buyer_saves_a_draft_then_publishes_it(buyer):
    job = services.job_create(buyer=buyer, **_job_fields())

    assert job.status == JobStatus.DRAFT
    assert job.budget_max == Decimal("800")  # a fixed price is one amount
    assert job.skills == "French, technical writing"  # trimmed, duplicates dropped

    job = services.job_publish(job=job, by=buyer)
    assert job.status == JobStatus.OPEN
    assert job.published_at is not None
    with pytest.raises(ApplicationError, match="only a draft can be published"):
        services.job_publish(job=job, by=buyer)
    assert job.events.count() == 1


def test_publishing_with_a_past_deadline_is_refused_on_that_field(buyer):
    job = services.job_create(
        buyer=buyer, **_job_fields(bid_deadline=timezone.now() - timedelta(minutes=5))
    )

    with pytest.raises(ApplicationError) as refused:
        services.job_publish(job=job, by=buyer)

    assert "bid_deadline" in refused.value.fields
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT


def test_hourly_range_must_be_ordered(buyer):
    with pytest.raises(ApplicationError) as refused:
        services.job_create(
            buyer=buyer,
            **_job_fields(budget_type="hourly", budget_min=Decimal("20"), budget_max=Decimal("10")),
        )
    assert refused.value.fields


def test_only_the_buyer_edits_and_only_before_award(job, other_provider, own_org_bid):
    with pytest.raises(ApplicationError, match="Only the buyer"):
        services.job_update(job=job, by=BuyerFactory(), title="Hijacked")

    services.job_award(
        job=job, bid_id=own_org_bid.pk, bid_version=own_org_bid.version, by=job.buyer
    )
    with pytest.raises(ApplicationError, match="can no longer be edited"):
        services.job_update(job=job, by=job.buyer, title="Too late")


def test_currency_is_locked_once_bids_exist(job, own_org_bid):
    with pytest.raises(ApplicationError, match="currency cannot change"):
        services.job_update(job=job, by=job.buyer, currency="GBP")


def test_award_tells_the_winner_and_the_others_only_once_it_is_accepted(
    job, own_org_bid, rival_bid, provider_owner, other_provider
):
    services.job_award(
        job=job, bid_id=own_org_bid.pk, bid_version=own_org_bid.version, by=job.buyer
    )

    job.refresh_from_db()
    own_org_bid.refresh_from_db()
    rival_bid.refresh_from_db()
    assert job.status == JobStatus.AWARDED
    assert job.awarded_bid == own_org_bid
    assert own_org_bid.status == BidStatus.AWARDED
    assert rival_bid.status == BidStatus.ACTIVE
    assert NotificationKind.BID_AWARDED in _kinds(provider_owner)
    assert NotificationKind.BID_NOT_SELECTED not in _kinds(other_provider)

    services.award_accept(job=job, by=provider_owner)

    rival_bid.refresh_from_db()
    assert rival_bid.status == BidStatus.NOT_SELECTED
    assert NotificationKind.BID_NOT_SELECTED in _kinds(other_provider)


def test_an_award_names_the_bid_the_buyer_saw(job, own_org_bid, provider_owner):
    seen = own_org_bid.version
    bid_services.bid_update(bid=own_org_bid, by=provider_owner, price=Decimal("2000"))

    with pytest.raises(ApplicationError, match="changed this bid after you opened"):
        services.job_award(job=job, bid_id=own_org_bid.pk, bid_version=seen, by=job.buyer)

    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
    own_org_bid.refresh_from_db()
    services.job_award(
        job=job, bid_id=own_org_bid.pk, bid_version=own_org_bid.version, by=job.buyer
    )
    job.refresh_from_db()
    assert job.awarded_bid.price == Decimal("2000")


def test_only_the_buyer_awards_and_only_an_active_bid(job, own_org_bid, rival_bid, provider_owner):
    with pytest.raises(ApplicationError, match="Only the buyer"):
        services.job_award(
            job=job, bid_id=own_org_bid.pk, bid_version=own_org_bid.version, by=provider_owner
        )

    services.job_award(
        job=job, bid_id=own_org_bid.pk, bid_version=own_org_bid.version, by=job.buyer
    )
    with pytest.raises(ApplicationError, match="only an open job can be awarded"):
        services.job_award(
            job=job, bid_id=rival_bid.pk, bid_version=rival_bid.version, by=job.buyer
        )


def test_a_bid_of_another_job_cannot_be_awarded(job):
    stray = BidFactory()

    with pytest.raises(ApplicationError, match="Only an active bid on this job"):
        services.job_award(job=job, bid_id=stray.pk, bid_version=stray.version, by=job.buyer)


def test_awarded_provider_accepts_and_the_buyer_is_told(job, own_org_bid, provider_owner):
    services.job_award(
        job=job, bid_id=own_org_bid.pk, bid_version=own_org_bid.version, by=job.buyer
    )

    services.award_accept(job=job, by=provider_owner)

    job.refresh_from_db()
    assert job.status == JobStatus.IN_PROGRESS
    assert NotificationKind.AWARD_ACCEPTED in _kinds(job.buyer)


def test_another_provider_cannot_accept_the_award(job, own_org_bid, rival_bid, other_provider):
    services.job_award(
        job=job, bid_id=own_org_bid.pk, bid_version=own_org_bid.version, by=job.buyer
    )

    with pytest.raises(ApplicationError, match="Only the provider awarded"):
        services.award_accept(job=job, by=other_provider)


def test_declined_award_reopens_the_job_and_restores_the_other_bids(
    job, own_org_bid, rival_bid, provider_owner
):
    services.job_award(
        job=job, bid_id=own_org_bid.pk, bid_version=own_org_bid.version, by=job.buyer
    )

    services.award_decline(job=job, by=provider_owner, reason="Our team is fully booked.")

    job.refresh_from_db()
    own_org_bid.refresh_from_db()
    rival_bid.refresh_from_db()
    assert job.status == JobStatus.OPEN
    assert job.awarded_bid is None
    assert own_org_bid.status == BidStatus.AWARD_DECLINED
    assert rival_bid.status == BidStatus.ACTIVE
    assert NotificationKind.AWARD_DECLINED in _kinds(job.buyer)
    # The buyer may now award the other bid.
    services.job_award(job=job, bid_id=rival_bid.pk, bid_version=rival_bid.version, by=job.buyer)


def test_declining_an_award_needs_a_reason(job, own_org_bid, provider_owner):
    services.job_award(
        job=job, bid_id=own_org_bid.pk, bid_version=own_org_bid.version, by=job.buyer
    )

    with pytest.raises(ApplicationError, match="Say why"):
        services.award_decline(job=job, by=provider_owner, reason="  ")


def _in_progress(job, bid, provider):
    services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=job.buyer)
    services.award_accept(job=job, by=provider)


def test_delivery_revision_and_completion(job, own_org_bid, provider_owner):
    _in_progress(job, own_org_bid, provider_owner)

    services.job_deliver(
        job=job, by=provider_owner, message="Transcripts are in the shared folder."
    )
    assert NotificationKind.DELIVERED in _kinds(job.buyer)

    services.revision_request(job=job, by=job.buyer, reason="Speaker names are missing.")
    job.refresh_from_db()
    assert job.status == JobStatus.IN_PROGRESS
    assert job.deliveries.get().revision_reason == "Speaker names are missing."
    assert NotificationKind.REVISION_REQUESTED in _kinds(provider_owner)

    services.job_deliver(job=job, by=provider_owner, message="Speaker names added.")
    services.delivery_accept(job=job, by=job.buyer)
    job.refresh_from_db()
    assert job.status == JobStatus.COMPLETED
    assert NotificationKind.COMPLETED in _kinds(provider_owner)
    assert list(job.events.values_list("to_status", flat=True)) == [
        JobStatus.AWARDED,
        JobStatus.IN_PROGRESS,
        JobStatus.DELIVERED,
        JobStatus.IN_PROGRESS,
        JobStatus.DELIVERED,
        JobStatus.COMPLETED,
    ]


def test_only_the_buyer_accepts_a_delivery(job, own_org_bid, provider_owner):
    _in_progress(job, own_org_bid, provider_owner)
    services.job_deliver(job=job, by=provider_owner, message="Done.")

    with pytest.raises(ApplicationError, match="Only the buyer"):
        services.delivery_accept(job=job, by=provider_owner)


def test_delivering_twice_is_refused(job, own_org_bid, provider_owner):
    _in_progress(job, own_org_bid, provider_owner)
    services.job_deliver(job=job, by=provider_owner, message="Done.")

    with pytest.raises(ApplicationError, match="cannot become"):
        services.job_deliver(job=job, by=provider_owner, message="Done again.")


def test_both_sides_review_once_after_completion(job, own_org_bid, provider_owner, other_provider):
    _in_progress(job, own_org_bid, provider_owner)
    with pytest.raises(ApplicationError, match="once the job is completed"):
        review_create(job=job, by=job.buyer, rating=5, text="Early praise")
    services.job_deliver(job=job, by=provider_owner, message="Done.")
    services.delivery_accept(job=job, by=job.buyer)

    of_provider = review_create(job=job, by=job.buyer, rating=5, text="Accurate and on time.")
    of_buyer = review_create(job=job, by=provider_owner, rating=4, text="Clear brief.")

    assert of_provider.direction == ReviewDirection.OF_PROVIDER
    assert of_buyer.direction == ReviewDirection.OF_BUYER
    assert NotificationKind.NEW_REVIEW in _kinds(provider_owner)
    assert NotificationKind.NEW_REVIEW in _kinds(job.buyer)
    with pytest.raises(ApplicationError, match="already reviewed"):
        review_create(job=job, by=job.buyer, rating=1, text="Changed my mind")
    with pytest.raises(ApplicationError, match="Only the job's buyer and its provider"):
        review_create(job=job, by=other_provider, rating=1, text="Never worked with them")


def test_rating_outside_one_to_five_is_refused(job, own_org_bid, provider_owner):
    _in_progress(job, own_org_bid, provider_owner)
    services.job_deliver(job=job, by=provider_owner, message="Done.")
    services.delivery_accept(job=job, by=job.buyer)

    with pytest.raises(ApplicationError) as refused:
        review_create(job=job, by=job.buyer, rating=6, text="Off the scale")
    assert "rating" in refused.value.fields


def test_cancel_needs_a_reason_and_tells_the_bidders(job, own_org_bid, provider_owner):
    with pytest.raises(ApplicationError, match="Say why"):
        services.job_cancel(job=job, by=job.buyer, reason="")

    services.job_cancel(job=job, by=job.buyer, reason="Budget was cut.")

    job.refresh_from_db()
    own_org_bid.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert own_org_bid.status == BidStatus.NOT_SELECTED
    assert NotificationKind.JOB_CANCELLED in _kinds(provider_owner)


def test_buyer_invites_a_provider_who_declines_with_a_reason(job, provider_owner):
    organization = provider_owner.memberships.get().organization

    invitation = services.job_invite(job=job, by=job.buyer, organization=organization)
    assert NotificationKind.JOB_INVITATION in _kinds(provider_owner)
    with pytest.raises(ApplicationError, match="already invited"):
        services.job_invite(job=job, by=job.buyer, organization=organization)

    invitation = services.job_invitation_decline(
        invitation=invitation, by=provider_owner, reason="Not our field."
    )
    assert invitation.status == InvitationStatus.DECLINED
    assert NotificationKind.INVITATION_DECLINED in _kinds(job.buyer)


def test_only_provider_organizations_are_invited(job):
    from tests.factories import BuyerOrganizationFactory

    with pytest.raises(ApplicationError, match="Only provider organizations"):
        services.job_invite(job=job, by=job.buyer, organization=BuyerOrganizationFactory())


def test_another_organization_cannot_decline_an_invitation(job, other_provider):
    invitation = services.job_invite(
        job=job, by=job.buyer, organization=ProviderOrganizationFactory()
    )

    with pytest.raises(ApplicationError, match="another organization"):
        services.job_invitation_decline(invitation=invitation, by=other_provider, reason="No")


def test_a_draft_job_refuses_an_invitation_after_it_closes(buyer, provider_owner):
    closed = JobFactory(buyer=buyer, status=JobStatus.COMPLETED)

    with pytest.raises(ApplicationError, match="draft or open"):
        services.job_invite(
            job=closed, by=buyer, organization=provider_owner.memberships.get().organization
        )
