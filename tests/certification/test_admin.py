from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from certification.models import LabelEvent, LabelStatus
from certification.services import applications as application_services
from certification.services.labels import label_transition
from tests.factories import LabelFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_a_reviewer_sees_a_label_with_its_history(client, reviewer):
    label = LabelFactory()
    label_transition(label=label, to=LabelStatus.SUSPENDED, reason="Concern upheld.", by=reviewer)
    client.force_login(reviewer)

    listing = client.get(reverse("admin:certification_label_changelist"), {"q": label.code})
    page = client.get(reverse("admin:certification_label_change", args=[label.pk]))

    assert listing.status_code == 200
    assert label.code in listing.content.decode()
    assert page.status_code == 200
    assert "Concern upheld." in page.content.decode()


@pytest.mark.parametrize(
    "model", ["economy", "incomeclassification", "incomegroupchange", "countryincomeload"]
)
def test_a_reviewer_can_list_the_country_data(client, reviewer, incomes, model):
    client.force_login(reviewer)

    response = client.get(reverse(f"admin:certification_{model}_changelist"), {"q": "Kenya"})

    assert response.status_code == 200


def test_nobody_edits_labels_or_their_history_in_admin(client, superuser, reviewer):
    label = LabelFactory()
    label_transition(label=label, to=LabelStatus.REVOKED, reason="Fraud.", by=reviewer)
    event = LabelEvent.objects.get()
    client.force_login(superuser)

    assert client.get(reverse("admin:certification_label_add")).status_code == 403
    assert client.get(reverse("admin:certification_labelevent_add")).status_code == 403
    delete = reverse("admin:certification_labelevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:certification_label_change", args=[label.pk])
    client.post(change, {"status": LabelStatus.ACTIVE})
    label.refresh_from_db()
    assert label.status == LabelStatus.REVOKED
    assert LabelEvent.objects.count() == 1


def test_benchmark_saved_in_admin_goes_through_its_service(
    client,
    ready_application,
    provider_owner,
):
    application_services.application_submit(application=ready_application, by=provider_owner)
    client.force_login(ReviewerFactory())
    change = reverse("admin:certification_application_change", args=[ready_application.pk])

    client.post(
        change,
        {
            "living_wage_benchmark": "600000",
            "benchmark_currency": "ugx",
            "benchmark_source": "WageIndicator 2026, Kampala",
            "benchmark_date": (date.today() - timedelta(days=40)).isoformat(),
            "payroll_valid_until": (date.today() + timedelta(days=100)).isoformat(),
            "workforce_valid_until": (date.today() + timedelta(days=200)).isoformat(),
            **{
                f"{inline}-{count}": "0"
                for inline in ("evidence", "events")
                for count in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )

    ready_application.refresh_from_db()
    assert ready_application.living_wage_benchmark == Decimal("600000")
    assert ready_application.benchmark_currency == "UGX"  # the service's rule
    assert ready_application.benchmark_date == date.today() - timedelta(days=40)
    assert ready_application.payroll_valid_until == date.today() + timedelta(days=100)
    assert ready_application.workforce_valid_until == date.today() + timedelta(days=200)
