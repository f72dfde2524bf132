"""A label past its last day says "expired" everywhere the day after, before any job runs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certification import transitions
from certification.models import LabelStatus
from certification.selectors import labels as label_selectors
from certification.services import concerns as concern_services
from core.exceptions import ApplicationError
from marketplace import selectors as marketplace_selectors
from tests.factories import BidFactory, JobFactory, LabelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lapsed_label():
    """Recorded as active by the last nightly check, but its last day was yesterday."""
    yesterday = timezone.localdate() - timedelta(days=1)
    return LabelFactory(
        status=LabelStatus.ACTIVE,
        valid_from=yesterday - timedelta(days=364),
        valid_until=yesterday,
    )


@pytest.mark.parametrize(
    "status", [LabelStatus.ACTIVE, LabelStatus.EXPIRING, LabelStatus.SUSPENDED]
)
def test_a_current_label_past_its_last_day_is_expired(status):
    today = timezone.localdate()

    assert (
        transitions.effective_status(
            status=status, valid_until=today - timedelta(days=1), today=today
        )
        == LabelStatus.EXPIRED
    )
    assert transitions.effective_status(status=status, valid_until=today, today=today) == status


def test_a_revoked_label_stays_revoked_after_its_end():
    today = timezone.localdate()

    assert (
        transitions.effective_status(
            status=LabelStatus.REVOKED, valid_until=today - timedelta(days=9), today=today
        )
        == LabelStatus.REVOKED
    )


def test_public_page_says_expired(client, lapsed_label):
    body = client.get(reverse("certification:label_detail", args=[lapsed_label.code])).content

    assert b"Label expired" in body
    assert b"This label is in force" not in body
    assert b"Raise a concern" not in body


def test_badge_says_expired_and_is_cached_at_most_five_minutes(client, lapsed_label):
    response = client.get(reverse("certification:label_badge_svg", args=[lapsed_label.code]))

    assert b">expired<" in response.content
    assert b"certified" not in response.content
    assert "max-age=300" in response["Cache-Control"]


def test_register_drops_it(client, lapsed_label):
    body = client.get(reverse("certification:label_register")).content.decode()

    assert lapsed_label.code not in body


def test_api_says_expired(client, lapsed_label):
    data = client.get(f"/api/v1/labels/{lapsed_label.code}/").json()

    assert data["status"] == "expired"


def test_bids_directory_and_profile_say_expired(client, buyer, lapsed_label):
    job = JobFactory(buyer=buyer)
    bid = BidFactory(job=job, organization=lapsed_label.organization)
    [compared] = marketplace_selectors.bids_for_comparison(job=job)
    assert compared.label_status == LabelStatus.EXPIRED
    assert not marketplace_selectors.bids_for_comparison(job=job, certified_only=True)
    assert marketplace_selectors.provider_directory(label="certified").count() == 0
    client.force_login(job.buyer)
    comparison = client.get(reverse("marketplace:bid_comparison", args=[job.pk])).content
    assert b"Label expired" in comparison
    profile = client.get(
        reverse("marketplace:provider_profile", args=[bid.organization.slug])
    ).content
    assert b"Label expired" in profile
    assert b"Fairbid certified" not in profile


def test_no_concern_is_taken_about_it(lapsed_label):
    with pytest.raises(ApplicationError, match="expired"):
        concern_services.concern_raise(
            label=lapsed_label, text="They stopped paying.", contact_email=""
        )


def test_the_selector_gives_every_label_its_effective_status(lapsed_label):
    assert label_selectors.label_by_code(lapsed_label.code).effective_status == LabelStatus.EXPIRED
    assert (
        label_selectors.label_for_organization(lapsed_label.organization).effective_status
        == LabelStatus.EXPIRED
    )
