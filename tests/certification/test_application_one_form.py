"""The label application is one form: uploading, removing a document, signing or submitting
first saves the answers typed so far, so nothing typed is lost, and a refusal shows the page
again at its own address with everything typed."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certification.models import Application, Evidence
from certification.services import applications as application_services
from tests.certification.conftest import pdf

pytestmark = pytest.mark.django_db

ANSWERS = {
    "lowest_monthly_wage": "650000",
    "wage_currency": "UGX",
    "total_workers": "25",
    "impact_workers": "9",
    "impact_description": "Former street vendors.",
}


@pytest.fixture
def application_url(client, provider_owner):
    organization = provider_owner.memberships.get().organization
    application_services.application_start(organization=organization, by=provider_owner)
    client.force_login(provider_owner)
    return reverse("certification:application")


def _until(days=200):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_uploading_a_document_saves_the_answers_typed_before(client, application_url):
    response = client.post(
        application_url,
        {**ANSWERS, "upload": "", "kind": "payroll", "file": pdf(), "valid_until": _until()},
    )

    assert response.status_code == 302
    assert response.url == application_url
    application = Application.objects.get()
    assert application.total_workers == 25
    assert application.impact_description == "Former street vendors."
    assert application.evidence.count() == 1


def test_a_refused_upload_keeps_the_answers_and_the_pages_address(client, application_url):
    response = client.post(
        application_url,
        {
            **ANSWERS,
            "upload": "",
            "kind": "payroll",
            "file": SimpleUploadedFile("payroll.pdf", b"<html>not a pdf</html>"),
            "valid_until": _until(),
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "not a PDF, PNG or JPEG document" in html
    assert "Former street vendors." in html
    assert not Evidence.objects.exists()
    assert Application.objects.get().total_workers == 25


def test_invalid_answers_are_shown_again_as_typed_and_the_upload_still_happens(
    client, application_url
):
    response = client.post(
        application_url,
        {
            **ANSWERS,
            "impact_workers": "40",
            "upload": "",
            "kind": "payroll",
            "file": pdf(),
            "valid_until": _until(),
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="form-errors"' in html
    assert 'value="40"' in html
    assert Evidence.objects.count() == 1


def test_removing_a_document_saves_the_answers_typed_before(client, application_url):
    client.post(
        application_url,
        {"upload": "", "kind": "payroll", "file": pdf(), "valid_until": _until()},
    )
    document = Evidence.objects.get()

    response = client.post(application_url, {**ANSWERS, "remove": str(document.pk)})

    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert Application.objects.get().wage_currency == "UGX"


def test_a_document_of_another_application_cannot_be_removed(client, application_url):
    assert client.post(application_url, {"remove": "999999"}).status_code == 404
    assert client.post(application_url, {"remove": "x"}).status_code == 404


def test_signing_saves_the_answers_typed_before(client, application_url):
    response = client.post(
        application_url, {**ANSWERS, "sign": "", "name": "Grace Nakato", "agree": "on"}
    )

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.code_signed_by == "Grace Nakato"
    assert application.total_workers == 25
