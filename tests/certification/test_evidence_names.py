"""Evidence whose content is a PDF is kept and downloaded under a .pdf name, whatever name it
was uploaded with; a name is never a path or a trick for the person downloading it."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certification.models import Evidence, EvidenceKind
from certification.services import applications as application_services
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(provider_owner, incomes):
    organization = provider_owner.memberships.get().organization
    return application_services.application_start(organization=organization, by=provider_owner)


def _add(application, owner, name):
    return application_services.evidence_add(
        application=application,
        by=owner,
        kind=EvidenceKind.PAYROLL,
        upload=SimpleUploadedFile(name, PDF_BYTES, content_type="application/octet-stream"),
        valid_until=timezone.localdate() + timedelta(days=100),
    )


@pytest.mark.parametrize(
    ("uploaded", "kept"),
    [
        ("payroll.pdf", "payroll.pdf"),
        ("payroll.exe", "payroll.pdf"),
        ("payroll.html", "payroll.pdf"),
        ("payroll", "payroll.pdf"),
        ("../../etc/payroll.PDF", "payroll.pdf"),
    ],
)
def test_a_pdf_is_kept_and_downloaded_as_pdf_whatever_its_name(
    client, application, provider_owner, uploaded, kept
):
    document = _add(application, provider_owner, uploaded)
    client.force_login(provider_owner)

    response = client.get(reverse("certification:evidence_download", args=[document.pk]))

    assert document.original_name == kept
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{kept}"'


def test_evidence_kept_under_its_raw_name_earlier_still_downloads_as_pdf(
    client, application, provider_owner
):
    document = _add(application, provider_owner, "payroll.pdf")
    Evidence.objects.filter(pk=document.pk).update(original_name="payroll.svg")
    client.force_login(provider_owner)

    response = client.get(reverse("certification:evidence_download", args=[document.pk]))

    assert response["Content-Disposition"] == 'attachment; filename="payroll.pdf"'
