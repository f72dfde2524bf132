import pytest
from django.urls import reverse

from marketplace import selectors
from tests.factories import BidFactory, LabelFactory, ProviderOrganizationFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

BADGE_TEXT = {
    "active": "Fairbid certified",
    "expiring": "Certified · expiring soon",
    "suspended": "Label suspended",
    "expired": "Label expired",
    "revoked": "Label revoked",
    None: "Not certified",
}


@pytest.fixture
def bids_by_label(job):
    """One bid per label status, from a firm holding that label (None: no label at all)."""
    bids = {}
    for price, status in enumerate(BADGE_TEXT, start=1):
        organization = ProviderOrganizationFactory(name=f"Firm {status}")
        if status is not None:
            LabelFactory(
                organization=organization, **({status: True} if status != "active" else {})
            )
        bids[status] = BidFactory(job=job, organization=organization, price=price * 100)
    return bids


def test_bid_comparison_shows_each_bids_label(client, job, bids_by_label):
    client.force_login(job.buyer)

    body = client.get(reverse("marketplace:bid_comparison", args=[job.pk])).content.decode()

    for text in BADGE_TEXT.values():
        assert text in body


def test_certified_only_keeps_active_and_expiring_labels(job, bids_by_label):
    bids = selectors.bids_for_comparison(job=job, certified_only=True)

    assert {bid.label_status for bid in bids} == {"active", "expiring"}


def test_sorting_by_label_ranks_sanctioned_firms_below_those_never_certified(job, bids_by_label):
    statuses = [bid.label_status for bid in selectors.bids_for_comparison(job=job, sort="label")]

    # In force (then by price), not certified (expired or never), suspended, revoked.
    assert statuses == ["active", "expiring", "expired", None, "suspended", "revoked"]


def test_certified_only_through_the_page(client, job, bids_by_label):
    client.force_login(job.buyer)

    response = client.get(
        reverse("marketplace:bid_comparison", args=[job.pk]), {"certified_only": "on"}
    )

    body = response.content.decode()
    assert "Firm active" in body
    assert "Firm suspended" not in body


def test_directory_filters_by_label_status(client, bids_by_label):
    for label, expected in [
        ("certified", {"Firm active", "Firm expiring"}),
        ("suspended", {"Firm suspended"}),
        ("none", {"Firm None"}),
    ]:
        names = {o.name for o in selectors.provider_directory(label=label)} & {
            f"Firm {status}" for status in BADGE_TEXT
        }
        assert names == expected, label


def test_profile_and_own_bid_show_the_badge(client, job, provider_member):
    organization = provider_member.memberships.get().organization
    LabelFactory(organization=organization)
    BidFactory(job=job, organization=organization)
    client.force_login(provider_member)

    profile = client.get(reverse("marketplace:provider_profile", args=[organization.slug]))
    detail = client.get(job.get_absolute_url())
    dashboard = client.get(reverse("home"))

    for page in (profile, detail, dashboard):
        assert "Fairbid certified" in page.content.decode()


def test_labels_do_not_add_queries_per_bid(client, job):
    client.force_login(job.buyer)

    def load():
        client.get(reverse("marketplace:bid_comparison", args=[job.pk]))

    def grow(n):
        for _ in range(n):
            LabelFactory(organization=BidFactory(job=job).organization)

    grow(5)
    five = count_queries(load)
    grow(45)
    assert count_queries(load) == five


def test_api_compares_bids_with_labels_and_filters_certified(job, bids_by_label):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(job.buyer)

    everything = client.get(f"/api/v1/jobs/{job.pk}/bids/", {"sort": "label"}).json()
    certified = client.get(f"/api/v1/jobs/{job.pk}/bids/", {"certified_only": "true"}).json()
    providers = APIClient().get("/api/v1/providers/", {"label": "suspended"}).json()

    assert [bid["label_status"] for bid in everything] == [
        "active",
        "expiring",
        "expired",
        None,
        "suspended",
        "revoked",
    ]
    assert {bid["label_status"] for bid in certified} == {"active", "expiring"}
    assert [p["name"] for p in providers["results"]] == ["Firm suspended"]
