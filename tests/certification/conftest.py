from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certification.models import EvidenceKind
from certification.services import applications as application_services
from tests.factories import PDF_BYTES, load_shipped_incomes


@pytest.fixture
def incomes(db):
    """The shipped World Bank classifications, FY2025 then FY2026, loaded."""
    return load_shipped_incomes()


@pytest.fixture
def incomes_fy2025(db):
    """Only the FY2025 classification loaded, so FY2026 can be loaded on top."""
    return load_shipped_incomes(2025)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Evidence goes to a fresh private folder in every test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


def pdf(name="payroll.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def ready_application(provider_owner, incomes):
    """A complete draft of provider_owner's organization (Uganda, 25 staff, 100% local)."""
    organization = provider_owner.memberships.get().organization
    application = application_services.application_start(
        organization=organization, by=provider_owner
    )
    application_services.application_update(
        application=application,
        by=provider_owner,
        lowest_monthly_wage=Decimal("650000"),
        wage_currency="ugx",
        total_workers=25,
        impact_workers=10,
        impact_description="Young people from Kampala's informal settlements.",
    )
    in_200_days = timezone.localdate() + timedelta(days=200)
    for kind in EvidenceKind.values:
        application_services.evidence_add(
            application=application,
            by=provider_owner,
            kind=kind,
            upload=pdf(f"{kind}.pdf"),
            valid_until=in_200_days,
        )
    application_services.application_sign_code(
        application=application, by=provider_owner, name="Grace Nakato"
    )
    return application
