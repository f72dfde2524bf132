import pytest
from django.test import Client

from accounts.services import api_token_create
from certification.services.applications import application_start

pytestmark = pytest.mark.django_db


def test_unknown_api_paths_answer_in_the_api_error_format(client):
    response = client.get("/api/v1/jobs/not-a-number/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unreadable_api_requests_answer_in_the_api_error_format(provider_owner, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    _, key = api_token_create(user=provider_owner, name="script")
    application_start(organization=provider_owner.memberships.get().organization, by=provider_owner)

    response = Client().post(
        "/api/v1/certification/application/evidence/",
        {f"field{i}": i for i in range(10)},
        HTTP_AUTHORIZATION=f"Token {key}",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_pages_keep_their_html_error_pages(client):
    response = client.get("/jobs/not-a-number/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
