"""Reviews are double-blind: neither side reads the other's review until both have written
theirs or the review period (REVIEW_SEALED_PERIOD after completion) ends."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.exceptions import ApplicationError
from marketplace.services import jobs as services
from marketplace.services.reviews import review_create, review_hide
from notifications.models import Notification
from tests.factories import ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db

BUYER_TEXT = "Accurate transcripts, delivered early."
PROVIDER_TEXT = "A clear brief and quick answers."


@pytest.fixture
def completed(job, own_org_bid, provider_owner):
    services.job_award(
        job=job, bid_id=own_org_bid.pk, bid_version=own_org_bid.version, by=job.buyer
    )
    services.award_accept(job=job, by=provider_owner)
    services.job_deliver(job=job, by=provider_owner, message="Done.")
    services.delivery_accept(job=job, by=job.buyer)
    job.refresh_from_db()
    return job


def _page(client, user, job) -> str:
    client.force_login(user)
    return client.get(job.get_absolute_url()).content.decode()


def _api_texts(user, job) -> list[str]:
    api = APIClient()
    api.force_authenticate(user)
    response = api.get(f"/api/v1/jobs/{job.pk}/reviews/")
    assert response.status_code == 200
    return [review["text"] for review in response.json()]


def _profile(client, job) -> str:
    client.logout()
    slug = job.awarded_bid.organization.slug
    return client.get(reverse("marketplace:provider_profile", args=[slug])).content.decode()


def test_a_review_stays_sealed_from_the_other_side_and_the_public(
    client, completed, provider_owner, provider_member
):
    review = review_create(job=completed, by=completed.buyer, rating=5, text=BUYER_TEXT)

    assert review.is_sealed
    # Its author's side reads it, on the page and in the API.
    assert BUYER_TEXT in _page(client, completed.buyer, completed)
    assert _api_texts(completed.buyer, completed) == [BUYER_TEXT]
    # The provider's members and the public do not, nor its rating on the profile.
    for member in (provider_owner, provider_member):
        assert BUYER_TEXT not in _page(client, member, completed)
        assert _api_texts(member, completed) == []
    profile = _profile(client, completed)
    assert BUYER_TEXT not in profile
    assert "0 reviews" in profile
    # The provider is told it was reviewed, without the rating.
    told = Notification.objects.get(recipient=provider_owner, kind="new_review")
    assert "5-star" not in told.message
    assert "Write your review to read it" in told.message


def test_both_reviews_are_published_once_the_second_is_written(client, completed, provider_owner):
    review_create(job=completed, by=completed.buyer, rating=5, text=BUYER_TEXT)
    client.force_login(provider_owner)
    answer = client.post(
        reverse("marketplace:review_add", args=[completed.pk]),
        {"rating": "4", "text": PROVIDER_TEXT},
        follow=True,
    )

    assert "both reviews are now published" in answer.content.decode()
    for user in (completed.buyer, provider_owner):
        page = _page(client, user, completed)
        assert BUYER_TEXT in page
        assert PROVIDER_TEXT in page
        assert sorted(_api_texts(user, completed)) == sorted([BUYER_TEXT, PROVIDER_TEXT])
    assert sorted(_api_texts(ProviderFactory(), completed)) == sorted([BUYER_TEXT, PROVIDER_TEXT])
    assert "1 review" in _profile(client, completed)
    told = Notification.objects.get(recipient=completed.buyer, kind="new_review")
    assert "4-star" in told.message


def test_the_first_review_is_sealed_through_the_api_too(completed, provider_owner):
    api = APIClient()
    api.force_authenticate(provider_owner)

    written = api.post(
        f"/api/v1/jobs/{completed.pk}/reviews/", {"rating": 4, "text": PROVIDER_TEXT}
    )

    assert written.status_code == 201
    assert written.json()["published_at"] > timezone.now().isoformat()
    assert _api_texts(completed.buyer, completed) == []
    assert PROVIDER_TEXT not in _page_as_anonymous(completed)


def _page_as_anonymous(job) -> str:
    return Client().get(job.get_absolute_url()).content.decode()


def test_a_sealed_review_is_published_when_the_period_ends_and_no_more_are_written(
    client, completed, provider_owner
):
    review_create(job=completed, by=completed.buyer, rating=2, text=BUYER_TEXT)
    period = settings.REVIEW_SEALED_PERIOD

    with time_machine.travel(timezone.now() + period - timedelta(minutes=1)):
        assert _api_texts(provider_owner, completed) == []
    with time_machine.travel(timezone.now() + period + timedelta(minutes=1)):
        assert _api_texts(provider_owner, completed) == [BUYER_TEXT]
        assert BUYER_TEXT in _page(client, provider_owner, completed)
        assert "1 review" in _profile(client, completed)
        # The form is gone, and the service refuses a late review written after reading.
        assert "Publish review" not in _page(client, provider_owner, completed)
        with pytest.raises(ApplicationError, match="review period ended"):
            review_create(job=completed, by=provider_owner, rating=1, text="Retaliation")


def test_reviews_hidden_by_staff_stay_hidden_once_published(completed, provider_owner):
    review = review_create(job=completed, by=completed.buyer, rating=1, text=BUYER_TEXT)
    review_create(job=completed, by=provider_owner, rating=5, text=PROVIDER_TEXT)
    review_hide(review=review, by=UserFactory(is_superuser=True, is_staff=True), reason="Abuse.")

    assert _api_texts(provider_owner, completed) == [PROVIDER_TEXT]
