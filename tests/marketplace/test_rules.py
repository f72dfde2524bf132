"""Rules of who may do what, and when, in the marketplace."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from core.exceptions import ApplicationError
from marketplace.models import JobStatus, Visibility
from marketplace.services import bids as bid_services
from marketplace.services import jobs as job_services
from tests.factories import BidFactory, ProviderFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

JOB = {
    "title": "Translate a manual",
    "description": "Forty pages into French.",
    "category": "translation",
    "skills": "French",
    "budget_type": "fixed",
    "budget_min": Decimal("800"),
    "budget_max": Decimal("800"),
    "currency": "EUR",
    "bid_deadline": timezone.now() + timedelta(days=7),
    "delivery_date": (timezone.now() + timedelta(days=30)).date(),
    "prefer_certified": False,
    "visibility": "public",
}


@pytest.mark.parametrize("make_user", [ProviderFactory, ReviewerFactory])
def test_only_buyers_post_jobs(make_user, client):
    user = make_user()

    with pytest.raises(ApplicationError, match="Only buyers post jobs"):
        job_services.job_create(buyer=user, **JOB)

    client.force_login(user)
    response = client.get(reverse("marketplace:job_create"))
    assert response.status_code == 403
    assert "Only buyers post jobs" in response.content.decode()
    assert "Post a job" not in client.get(reverse("home")).content.decode()


def test_a_milestone_due_in_the_past_is_refused(job, provider_owner):
    yesterday = timezone.localdate() - timedelta(days=1)

    with pytest.raises(ApplicationError, match="cannot be due in the past"):
        bid_services.bid_submit(
            job=job,
            by=provider_owner,
            price=Decimal("1000"),
            delivery_days=10,
            proposal="We can.",
            milestones=[{"title": "All", "amount": Decimal("1000"), "due_date": yesterday}],
        )
    assert not job.bids.exists()


def test_bidders_keep_the_job_when_it_becomes_invite_only_and_can_take_the_award(
    client, job, own_org_bid, provider_owner
):
    job_services.job_update(job=job, by=job.buyer, visibility=Visibility.INVITE_ONLY)
    job.refresh_from_db()
    job_services.job_award(
        job=job, bid_id=own_org_bid.pk, bid_version=own_org_bid.version, by=job.buyer
    )
    client.force_login(provider_owner)

    assert client.get(job.get_absolute_url()).status_code == 200
    response = client.post(reverse("marketplace:award_accept", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.IN_PROGRESS


def test_an_invite_only_job_stays_hidden_from_providers_who_did_not_bid(
    client, job, other_provider
):
    job_services.job_update(job=job, by=job.buyer, visibility=Visibility.INVITE_ONLY)
    client.force_login(other_provider)

    assert client.get(job.get_absolute_url()).status_code == 404


def test_the_award_page_shows_the_offer_and_a_stale_offer_is_refused(client, job):
    bid = BidFactory(job=job, price=Decimal("1000"))
    client.force_login(job.buyer)

    page = client.get(reverse("marketplace:job_award", args=[job.pk, bid.pk]))
    assert page.status_code == 200
    assert "1,000.00 USD" in page.content.decode()
    assert f'name="bid_version" value="{bid.version}"' in page.content.decode()

    bid_services.bid_update(
        bid=bid, by=bid.organization.memberships.get().user, price=Decimal("1500")
    )
    response = client.post(
        reverse("marketplace:job_award", args=[job.pk, bid.pk]), {"bid_version": 1}, follow=True
    )

    assert "changed this bid after you opened the comparison" in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.OPEN
