"""The counts every list shows (a job's live bids, a provider's completed jobs and published
ratings) are kept by the services that change them, and a recount from the jobs, bids and
reviews themselves always agrees with them."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.utils import timezone

from marketplace.models import Job, ProviderStats
from marketplace.services import bids as bid_services
from marketplace.services import jobs as job_services
from marketplace.services.reviews import review_create, review_hide
from marketplace.services.stats import stats_differences
from marketplace.tasks import fold_published_reviews
from tests.factories import JobFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

OFFER = {"price": Decimal("1000.00"), "delivery_days": 10, "proposal": "We do it well."}


def _stats(owner) -> tuple[int, int, int]:
    organization = owner.memberships.get().organization
    stats = ProviderStats.objects.filter(organization=organization).first()
    return (stats.completed_jobs, stats.review_count, stats.rating_sum) if stats else (0, 0, 0)


def _completed(job, bid, owner):
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=job.buyer)
    job_services.award_accept(job=job, by=owner)
    job_services.job_deliver(job=job, by=owner, message="Done.")
    job_services.delivery_accept(job=job, by=job.buyer)
    job.refresh_from_db()
    return job


@pytest.fixture
def bidders():
    return [MembershipFactory(owner=True).user for _ in range(4)]


def test_bid_services_keep_the_live_bid_count(buyer, bidders):
    job = JobFactory(buyer=buyer)
    bids = [bid_services.bid_submit(job=job, by=owner, **OFFER) for owner in bidders]
    job.refresh_from_db()
    assert job.bid_count == 4

    bid_services.bid_withdraw(bid=bids[0], by=bidders[0])
    bid_services.bid_decline(bid=bids[1], by=buyer, reason="Too slow.")
    job_services.job_award(job=job, bid_id=bids[2].pk, bid_version=1, by=buyer)
    job.refresh_from_db()
    # Declined, awarded and not selected bids are still bids on the job; a withdrawn one is not.
    assert job.bid_count == 3
    assert stats_differences() == []

    again = bid_services.bid_submit(job=JobFactory(buyer=buyer), by=bidders[0], **OFFER)
    assert Job.objects.get(pk=again.job_id).bid_count == 1
    assert stats_differences() == []


def test_completion_and_reviews_keep_the_provider_stats(buyer, bidders):
    owner = bidders[0]
    first = JobFactory(buyer=buyer)
    _completed(first, bid_services.bid_submit(job=first, by=owner, **OFFER), owner)
    assert _stats(owner) == (1, 0, 0)

    # Both sides review: both reviews are published at once, the provider's rating counts.
    review_create(job=first, by=buyer, rating=4, text="Good work.")
    assert _stats(owner) == (1, 0, 0)  # sealed until the other side writes
    review_create(job=first, by=owner, rating=5, text="Clear brief.")
    assert _stats(owner) == (1, 1, 4)
    assert stats_differences() == []

    # Only the buyer reviews: the review counts when the review period ends.
    second = JobFactory(buyer=buyer)
    _completed(second, bid_services.bid_submit(job=second, by=owner, **OFFER), owner)
    sealed = review_create(job=second, by=buyer, rating=2, text="Late.")
    assert _stats(owner) == (2, 1, 4)
    assert stats_differences() == []
    with time_machine.travel(timezone.now() + settings.REVIEW_SEALED_PERIOD + timedelta(hours=1)):
        assert fold_published_reviews() == 1
        assert fold_published_reviews() == 0
        assert _stats(owner) == (2, 2, 6)
        assert stats_differences() == []

        staff = UserFactory(is_staff=True)
        staff.user_permissions.add(Permission.objects.get(codename="change_review"))
        review_hide(review=sealed, by=staff, reason="Private data.")
        assert _stats(owner) == (2, 1, 4)
        assert stats_differences() == []


def test_pages_count_a_review_published_before_the_fold_counts_it(client, buyer, bidders):
    owner = bidders[0]
    job = JobFactory(buyer=buyer)
    _completed(job, bid_services.bid_submit(job=job, by=owner, **OFFER), owner)
    review_create(job=job, by=buyer, rating=3, text="Fine.")
    slug = owner.memberships.get().organization.slug
    with time_machine.travel(timezone.now() + settings.REVIEW_SEALED_PERIOD + timedelta(hours=1)):
        assert "1 review" in client.get(f"/providers/{slug}/").content.decode()
        assert _stats(owner) == (1, 0, 0)


def test_the_recount_command_finds_and_repairs_a_drift(buyer, bidders):
    owner = bidders[0]
    job = JobFactory(buyer=buyer)
    _completed(job, bid_services.bid_submit(job=job, by=owner, **OFFER), owner)
    review_create(job=job, by=buyer, rating=4, text="Good work.")
    review_create(job=job, by=owner, rating=5, text="Clear brief.")
    call_command("recount_marketplace_stats", stdout=StringIO())

    Job.objects.filter(pk=job.pk).update(bid_count=7)
    ProviderStats.objects.update(rating_sum=5)
    with pytest.raises(CommandError, match="2 kept counts differ"):
        call_command("recount_marketplace_stats", stdout=(out := StringIO()))
    assert f"job bids {job.pk}: kept 7, counted 1" in out.getvalue()

    call_command("recount_marketplace_stats", "--fix", stdout=StringIO())
    assert stats_differences() == []
    assert Job.objects.get(pk=job.pk).bid_count == 1
    assert _stats(owner) == (1, 1, 4)
