"""A change to a verified fact flags the label for a reviewer, whichever way it is made."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from certification.models import FactChangeStatus, LabelStatus
from tests.factories import LabelFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def labelled(provider_owner):
    organization = provider_owner.memberships.get().organization
    return LabelFactory(organization=organization), provider_owner


def _profile(organization, **changes):
    fields = {
        "name": organization.name,
        "country": organization.country.code,
        "city": organization.city,
        "year_founded": organization.year_founded,
        "employee_count": organization.employee_count,
        "local_ownership_percent": organization.local_ownership_percent,
        "website": organization.website,
        "description": organization.description,
    }
    return {**fields, **changes}


def test_changing_the_country_on_the_web_form_flags_the_label(
    client, incomes, labelled, django_capture_on_commit_callbacks
):
    label, owner = labelled
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:organization_edit"), _profile(label.organization, country="WS")
        )

    assert response.status_code == 302
    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE
    assert label.fact_changes.get(status=FactChangeStatus.PENDING).country.code == "WS"


def test_changing_the_country_in_admin_flags_the_label(
    client, incomes, labelled, django_capture_on_commit_callbacks
):
    label, _ = labelled
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_organization", "change_organization"])
    )
    client.force_login(staff)
    url = reverse("admin:accounts_organization_change", args=[label.organization.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _profile(label.organization, country="WS"))

    assert response.status_code == 302, response.content.decode()[:2000]
    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE
    assert label.fact_changes.filter(status=FactChangeStatus.PENDING).exists()
    label.organization.refresh_from_db()
    assert label.organization.country.code == "WS"


def test_admin_shows_a_refusal_and_saves_nothing(client, labelled):
    label, _ = labelled
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:accounts_organization_change", args=[label.organization.pk])

    response = client.post(url, _profile(label.organization, employee_count=""))

    assert response.status_code == 200  # the form again, with the field's error
    assert "This field is required." in response.content.decode()
    label.organization.refresh_from_db()
    assert label.organization.employee_count is not None


def test_editing_something_the_label_does_not_judge_rechecks_nothing(
    client, labelled, django_capture_on_commit_callbacks
):
    label, owner = labelled
    client.force_login(owner)

    with django_capture_on_commit_callbacks() as callbacks:
        client.post(
            reverse("accounts:organization_edit"), _profile(label.organization, city="Jinja")
        )

    assert callbacks == []
    assert not label.fact_changes.exists()
