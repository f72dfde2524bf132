from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from marketplace.api import serializers
from marketplace.models import JobStatus
from marketplace.services import files as file_services
from marketplace.services.jobs import JOB_FIELDS
from tests.factories import (
    BidFactory,
    JobFactory,
    pdf_upload,
    text_upload,
)
from tests.utils import JOB_ROLES

pytestmark = pytest.mark.django_db


def _client(user=None, *, token=False):
    client = APIClient()
    if user is not None and token:
        _, key = account_services.api_token_create(user=user, name="test")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    elif user is not None:
        client.force_authenticate(user)
    return client


def _job_payload(**overrides):
    deadline = timezone.now() + timedelta(days=7)
    return {
        "title": "Subtitle a documentary",
        "description": "English subtitles for a 90-minute film.",
        "category": "transcription",
        "skills": ["English", "Subtitling"],
        "budget_type": "fixed",
        "budget_min": "1500.00",
        "currency": "EUR",
        "bid_deadline": deadline.isoformat(),
        "delivery_date": (deadline + timedelta(days=30)).date().isoformat(),
        "publish": True,
        **overrides,
    }


def test_whole_journey_over_http_with_tokens(buyer, provider_owner, other_provider):
    as_buyer = _client(buyer, token=True)
    as_provider = _client(provider_owner, token=True)
    as_rival = _client(other_provider, token=True)

    created = as_buyer.post("/api/v1/jobs/", _job_payload(), format="json")
    assert created.status_code == 201, created.json()
    job = created.json()
    assert job["status"] == "open"
    assert job["budget_min"] == "1500.00"
    assert job["currency"] == "EUR"
    assert job["bid_deadline"].endswith("Z") or "+" in job["bid_deadline"]
    job_url = f"/api/v1/jobs/{job['id']}/"

    bid = as_provider.post(
        f"{job_url}bids/",
        {"price": "1400.00", "delivery_days": 20, "proposal": "Two subtitlers."},
        format="json",
    ).json()
    as_rival.post(
        f"{job_url}bids/", {"price": "1300", "delivery_days": 25, "proposal": "Us."}, format="json"
    )
    assert bid["currency"] == "EUR"
    listed = as_buyer.get(f"{job_url}bids/").json()
    assert [b["price"] for b in listed] == ["1300.00", "1400.00"]
    assert [b["id"] for b in as_rival.get(f"{job_url}bids/").json()] != [bid["id"]]

    steps = [
        (as_buyer, "award/", {"bid_id": bid["id"], "bid_version": bid["version"]}, "awarded"),
        (as_provider, "award/accept/", {}, "in_progress"),
        (as_provider, "deliver/", {"message": "Files uploaded."}, "delivered"),
        (as_buyer, "delivery/revise/", {"reason": "Fix the timing."}, "in_progress"),
        (as_provider, "deliver/", {"message": "Timing fixed."}, "delivered"),
        (as_buyer, "delivery/accept/", {}, "completed"),
    ]
    for client, action, payload, expected in steps:
        response = client.post(f"{job_url}{action}", payload, format="json")
        assert response.status_code == 200, (action, response.json())
        assert response.json()["status"] == expected

    assert as_buyer.post(f"{job_url}reviews/", {"rating": 5, "text": "Great"}).status_code == 201
    assert as_provider.post(f"{job_url}reviews/", {"rating": 4, "text": "Fine"}).status_code == 201
    provider = _client().get(f"/api/v1/providers/{bid['organization']['slug']}/").json()
    assert provider["rating"] == 5.0
    assert provider["completed_jobs"] == 1
    notifications = as_provider.get("/api/v1/notifications/").json()
    assert notifications["count"] >= 4
    marked = as_provider.post("/api/v1/notifications/read/", {}, format="json").json()
    assert marked["marked_read"] == notifications["count"]


def test_bad_input_is_400_with_field_errors(buyer):
    response = _client(buyer).post(
        "/api/v1/jobs/", _job_payload(budget_min="-1", category="astrology"), format="json"
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"budget_min", "category"}


def test_rule_refusals_are_400_and_wrong_state_is_409(buyer, provider_owner):
    job = JobFactory(buyer=buyer, past_deadline=True)
    as_provider = _client(provider_owner)

    late = as_provider.post(
        f"/api/v1/jobs/{job.pk}/bids/",
        {"price": "10", "delivery_days": 1, "proposal": "x"},
        format="json",
    )
    assert late.status_code == 400
    assert "no longer accepted" in late.json()["error"]["message"]

    twice = _client(buyer).post(f"/api/v1/jobs/{job.pk}/delivery/accept/")
    assert twice.status_code == 409
    assert twice.json()["error"]["code"] == "invalid_transition"


@pytest.mark.parametrize("role", JOB_ROLES)
def test_api_permissions_match_the_web(people, buyer, provider_member, role):
    job = JobFactory(buyer=buyer)
    own = BidFactory(job=job, organization=provider_member.memberships.get().organization)
    draft = JobFactory(buyer=buyer, draft=True)
    client = _client(people[role])

    bids = client.get(f"/api/v1/jobs/{job.pk}/bids/")
    bid = client.get(f"/api/v1/bids/{own.pk}/")
    award = client.post(
        f"/api/v1/jobs/{job.pk}/award/",
        {"bid_id": own.pk, "bid_version": own.version},
        format="json",
    )
    hidden = client.get(f"/api/v1/jobs/{draft.pk}/")

    expected_bids = {"anonymous": 401, "buyer": 200, "provider_member": 200, "other_provider": 200}
    assert bids.status_code == expected_bids.get(role, 403)
    if role == "other_provider":
        assert bids.json() == []  # sees only its own bid: none
    assert bid.status_code == {"anonymous": 401, "buyer": 200, "provider_member": 200}.get(
        role, 404
    )
    assert award.status_code == {"anonymous": 401, "buyer": 200}.get(role, 403)
    assert hidden.status_code == (200 if role == "buyer" else 404)
    job.refresh_from_db()
    assert job.status == (JobStatus.AWARDED if role == "buyer" else JobStatus.OPEN)


def test_job_list_filters_like_the_web(buyer):
    JobFactory(title="Cheap translation", budget_min=100, budget_max=100, category="translation")
    JobFactory(title="Dear design", budget_min=900, budget_max=900, category="design")

    response = _client().get(
        "/api/v1/jobs/",
        {"category": "design", "sort": "budget_high", "currency": "USD", "budget_type": "fixed"},
    )

    assert response.status_code == 200
    assert [job["title"] for job in response.json()["results"]] == ["Dear design"]
    bad = _client().get("/api/v1/jobs/", {"budget_from": "lots"})
    assert bad.status_code == 400
    assert "budget_from" in bad.json()["error"]["fields"]


def test_anonymous_requests_are_throttled(settings):
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    cache.clear()
    rates = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = {**rates, "anon": "3/minute"}
    try:
        statuses = [_client().get("/api/v1/jobs/").status_code for _ in range(4)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = rates
    assert statuses == [200, 200, 200, 429]


def test_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "swagger-ui" in docs.content.decode()


def test_the_job_api_reads_and_writes_the_fields_the_job_services_take():
    writable = set(serializers.JobWriteSerializer().fields)
    shown = set(serializers.JobSerializer.Meta.fields)

    assert writable == set(JOB_FIELDS)
    assert shown >= set(JOB_FIELDS)


def test_the_api_lists_a_briefs_and_a_bids_files_with_their_checked_downloads(
    buyer, provider_member, other_provider
):
    job = JobFactory(buyer=buyer)
    bid = BidFactory(
        job=job, organization=provider_member.memberships.get().organization, submitted_by=buyer
    )
    [brief] = file_services.job_files_add(job=job, by=buyer, uploads=[pdf_upload()])
    [proposal] = file_services.bid_files_add(
        bid=bid, by=provider_member, uploads=[text_upload("plan.txt")]
    )

    job_files = _client().get(f"/api/v1/jobs/{job.pk}/").json()["files"]
    bid_files = _client(buyer).get(f"/api/v1/bids/{bid.pk}/").json()["files"]
    own_bid_files = _client(provider_member).get(f"/api/v1/jobs/{job.pk}/bids/").json()[0]["files"]

    assert job_files == [
        {
            "id": brief.file_id,
            "name": "brief.pdf",
            "size": brief.file.size,
            "content_type": "application/pdf",
            "download_url": f"/jobs/{job.pk}/files/{brief.file_id}/",
        }
    ]
    assert (
        [file["name"] for file in bid_files]
        == ["plan.txt"]
        == [file["name"] for file in own_bid_files]
    )
    client = Client()
    client.force_login(other_provider)
    assert client.get(bid_files[0]["download_url"]).status_code == 404
    client.force_login(buyer)
    assert client.get(bid_files[0]["download_url"]).status_code == 200
    assert proposal.file.name == "plan.txt"
