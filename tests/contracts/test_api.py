from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from contracts.models import MilestoneStatus
from contracts.services import money
from marketplace.services import jobs as job_services
from tests.factories import BidFactory, JobFactory, LabelFactory, text_upload

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def funded(two_part_contract, finance):
    milestone = two_part_contract.milestones.select_related("funding").first()
    money.payment_record(
        funding=milestone.funding, amount=Decimal("630.00"), bank_reference="B", by=finance
    )
    return milestone


def test_the_parties_list_and_read_their_contracts(two_part_contract, buyer, provider_owner):
    for person in (buyer, provider_owner):
        listed = _client(person).get("/api/v1/contracts/").json()
        assert [c["id"] for c in listed["results"]] == [two_part_contract.pk]
        detail = _client(person).get(f"/api/v1/contracts/{two_part_contract.pk}/").json()
        assert detail["price"] == "1000.00"
        assert detail["premium_percent"] == "5.00"
        assert [m["premium"] for m in detail["milestones"]] == ["30.00", "20.00"]
        assert detail["milestones"][0]["funding_reference"].startswith("FB-")


def test_outsiders_get_nothing(two_part_contract, other_provider):
    assert _client().get("/api/v1/contracts/").status_code in (401, 403)
    assert _client(other_provider).get("/api/v1/contracts/").json()["results"] == []
    response = _client(other_provider).get(f"/api/v1/contracts/{two_part_contract.pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_milestone_walk_through_the_api(funded, buyer, provider_owner, finance):
    provider, client_buyer = _client(provider_owner), _client(buyer)

    response = provider.post(
        f"/api/v1/milestones/{funded.pk}/submit/",
        {"message": "Done.", "files": [text_upload()]},
        format="multipart",
    )
    assert response.status_code == 200
    assert response.json()["milestones"][0]["status"] == "submitted"
    assert response.json()["milestones"][0]["submissions"][0]["files"]
    response = client_buyer.post(
        f"/api/v1/milestones/{funded.pk}/request-changes/", {"reason": "Names."}, format="json"
    )
    assert response.json()["milestones"][0]["status"] == "changes_requested"
    provider.post(f"/api/v1/milestones/{funded.pk}/submit/", {"message": "Fixed."})
    response = client_buyer.post(f"/api/v1/milestones/{funded.pk}/approve/")
    assert response.json()["milestones"][0]["status"] == "released"

    payout = funded.outgoing.get()
    money.outgoing_send(outgoing=payout, reference="P-1", by=finance)
    response = provider.post(f"/api/v1/payments/{payout.pk}/confirm/")
    assert response.status_code == 200
    assert response.json()["confirmed_at"]
    receipts = client_buyer.get("/api/v1/receipts/", {"kind": "receipt"}).json()["results"]
    assert [(r["number"], r["amount"], r["premium"]) for r in receipts] == [
        ("R-000001", "600.00", "30.00")
    ]
    remittances = provider.get("/api/v1/receipts/", {"kind": "remittance"}).json()["results"]
    assert remittances[0]["number"] == "RA-000001"
    assert client_buyer.get(f"/api/v1/receipts/{remittances[0]['id']}/").status_code == 404


def test_refusals_keep_the_error_format(funded, buyer, provider_owner):
    response = _client(buyer).post(f"/api/v1/milestones/{funded.pk}/submit/", {"message": "x"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    response = _client(buyer).post(f"/api/v1/milestones/{funded.pk}/approve/")
    assert response.status_code == 409
    response = _client(provider_owner).post(
        f"/api/v1/milestones/{funded.pk}/submit/", {"message": ""}
    )
    assert response.status_code == 400


def test_disputes_and_ending_through_the_api(funded, two_part_contract, buyer, provider_owner):
    response = _client(buyer).post(
        f"/api/v1/milestones/{funded.pk}/dispute/", {"reason": "Nothing came."}
    )
    assert response.json()["milestones"][0]["status"] == MilestoneStatus.DISPUTED
    dispute = funded.disputes.get()
    response = _client(provider_owner).post(
        f"/api/v1/disputes/{dispute.pk}/answer/", {"answer": "It is on the drive."}
    )
    assert response.status_code == 200
    assert response.json()["answered_at"]
    response = _client(buyer).post(
        f"/api/v1/contracts/{two_part_contract.pk}/end/", {"reason": "Stop."}
    )
    assert response.status_code == 409  # a dispute waits for its mediator


def test_the_award_api_takes_a_premium(buyer, provider_owner):
    organization = provider_owner.memberships.get().organization
    LabelFactory(organization=organization)
    bid = BidFactory(job=JobFactory(buyer=buyer), organization=organization)

    response = _client(buyer).post(
        f"/api/v1/jobs/{bid.job.pk}/award/",
        {"bid_id": bid.pk, "bid_version": bid.version, "premium_percent": "10"},
        format="json",
    )

    assert response.status_code == 200
    job_services.award_accept(job=bid.job, by=provider_owner)
    assert bid.job.contract.premium_percent == Decimal("10")
