from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from certification.api import serializers
from certification.models import ApplicationStatus
from certification.services import applications as application_services
from tests.certification.conftest import pdf
from tests.factories import LabelFactory

pytestmark = pytest.mark.django_db


def _token_client(user):
    _, key = account_services.api_token_create(user=user, name="script")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_provider_applies_for_the_label_over_http(provider_owner, incomes):
    client = _token_client(provider_owner)
    base = "/api/v1/certification/application/"

    assert client.post(base).status_code == 201
    answers = client.patch(
        base,
        {
            "lowest_monthly_wage": "650000.00",
            "wage_currency": "UGX",
            "total_workers": 25,
            "impact_workers": 10,
            "impact_description": "Former street vendors.",
        },
        format="json",
    )
    assert answers.status_code == 200, answers.json()
    until = (timezone.localdate() + timedelta(days=200)).isoformat()
    for kind in ("payroll", "workforce"):
        upload = client.post(
            f"{base}evidence/",
            {"kind": kind, "file": pdf(), "valid_until": until},
            format="multipart",
        )
        assert upload.status_code == 201, upload.json()
        assert upload.json()["content_type"] == "application/pdf"
    assert client.post(f"{base}sign/", {"name": "Grace Nakato"}, format="json").status_code == 200
    submitted = client.post(f"{base}submit/")

    assert submitted.status_code == 200
    assert submitted.json()["status"] == ApplicationStatus.SUBMITTED
    criteria = client.get("/api/v1/certification/criteria/").json()
    assert {c["key"] for c in criteria} >= {"location", "fair_pay", "labour_code"}


def test_fake_evidence_over_http_is_a_400_on_the_file_field(provider_owner):
    client = _token_client(provider_owner)
    client.post("/api/v1/certification/application/")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/api/v1/certification/application/evidence/",
        {
            "kind": "payroll",
            "file": SimpleUploadedFile("x.pdf", b"GIF89a"),
            "valid_until": (timezone.localdate() + timedelta(days=9)).isoformat(),
        },
        format="multipart",
    )

    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]


def test_buyers_have_no_application_and_members_cannot_start_one(buyer, provider_member):
    assert _token_client(buyer).get("/api/v1/certification/application/").status_code == 403
    started = _token_client(provider_member).post("/api/v1/certification/application/")
    assert started.status_code == 403


def test_anyone_verifies_a_label_by_code():
    label = LabelFactory(suspended=True)

    response = APIClient().get(f"/api/v1/labels/{label.code}/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "suspended"
    assert body["organization"]["slug"] == label.organization.slug
    assert len(body["criteria"]) == 6
    assert APIClient().get("/api/v1/labels/not-a-code/").status_code == 404


def test_the_answers_api_takes_the_fields_the_application_service_takes():
    assert set(serializers.AnswersSerializer().fields) == set(application_services.ANSWER_FIELDS)
    assert set(serializers.ApplicationSerializer.Meta.fields) >= set(
        application_services.ANSWER_FIELDS
    )
