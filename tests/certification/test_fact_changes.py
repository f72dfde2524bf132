"""Self-declared facts never move a label: a reviewer verifies each change first."""

from datetime import date
from decimal import Decimal

import pytest

from accounts.services import organization_update
from certification.models import (
    FactChangeStatus,
    LabelStatus,
    NotificationKind,
    SuspensionCause,
)
from certification.selectors import facts as fact_selectors
from certification.services import fact_changes as fact_change_services
from certification.services.recompute import labels_recompute
from core.exceptions import ApplicationError
from notifications.models import Notification
from tests.factories import LabelFactory, ProviderOrganizationFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kenyan(provider_owner):
    organization = provider_owner.memberships.get().organization
    organization.country = "KE"
    organization.save()
    return LabelFactory(organization=organization), provider_owner


def _pending(label):
    return label.fact_changes.get(status=FactChangeStatus.PENDING)


def _status(label):
    label.refresh_from_db()
    return label.status


def test_moving_country_neither_suspends_nor_lifts_without_a_reviewer(incomes, kenyan):
    label, owner = kenyan
    reviewer = ReviewerFactory()

    organization_update(organization=label.organization, by=owner, country="WS")
    labels_recompute()
    assert _status(label) == LabelStatus.ACTIVE
    assert fact_selectors.current_facts(label).country.code == "KE"

    fact_change_services.fact_change_accept(
        change=_pending(label), by=reviewer, note="Registration moved to Apia."
    )
    assert _status(label) == LabelStatus.SUSPENDED
    assert label.suspension_cause == SuspensionCause.FACTS
    assert "Samoa is an upper-middle-income economy" in label.status_reason

    organization_update(organization=label.organization, by=owner, country="SB")
    labels_recompute()
    assert _status(label) == LabelStatus.SUSPENDED  # nothing but a reviewer lifts it

    fact_change_services.fact_change_accept(
        change=_pending(label), by=reviewer, note="Registration moved to Honiara."
    )
    assert _status(label) == LabelStatus.ACTIVE
    assert [facts.country.code for facts in label.verified_facts.order_by("pk")] == [
        "KE",
        "WS",
        "SB",
    ]


def test_the_owner_is_told_what_to_upload_and_reviewers_what_to_verify(incomes, kenyan):
    label, owner = kenyan
    reviewer = ReviewerFactory()

    organization_update(organization=label.organization, by=owner, employee_count=30, country="UG")

    [notice] = Notification.objects.filter(
        recipient=owner, kind=NotificationKind.LABEL_FACTS_CHANGED
    )
    assert notice.message == (
        "You changed the country and the number of employees in your organization's "
        "profile. Your Fairbid label keeps resting on the facts a reviewer verified until a "
        "reviewer checks the change. Please keep ready a registration certificate or business "
        "licence showing the country the organization is now based in and a current payroll "
        "summary showing the number of employees: the reviewer will ask you for it to verify "
        "the change."
    )
    assert Notification.objects.filter(
        recipient=reviewer, kind=NotificationKind.LABEL_FACTS_CHANGED
    ).exists()


def test_a_refused_change_leaves_the_snapshot_and_tells_the_owner(incomes, kenyan):
    label, owner = kenyan
    organization_update(organization=label.organization, by=owner, employee_count=400)

    fact_change_services.fact_change_refuse(
        change=_pending(label), by=ReviewerFactory(), note="The payroll shows 25 people."
    )

    assert _status(label) == LabelStatus.ACTIVE
    assert fact_selectors.current_facts(label).employee_count == 25
    assert label.fact_changes.get().status == FactChangeStatus.REFUSED
    assert Notification.objects.filter(
        recipient=owner, message__endswith="Reviewer's note: The payroll shows 25 people."
    ).exists()


def test_going_back_to_the_verified_values_withdraws_the_change(incomes, kenyan):
    label, owner = kenyan
    organization_update(
        organization=label.organization, by=owner, local_ownership_percent=Decimal("40")
    )
    organization_update(
        organization=label.organization, by=owner, local_ownership_percent=Decimal("100")
    )

    assert label.fact_changes.get().status == FactChangeStatus.WITHDRAWN


def test_a_member_of_the_organization_cannot_accept_its_change(incomes, kenyan):
    label, owner = kenyan
    organization_update(organization=label.organization, by=owner, employee_count=30)
    owner.is_staff = True
    owner.save()

    with pytest.raises(ApplicationError):
        fact_change_services.fact_change_accept(change=_pending(label), by=owner, note="Fine.")


def test_the_public_page_shows_the_verified_country_not_the_typed_one(client, incomes):
    organization = ProviderOrganizationFactory(country="KE", city="Nairobi")
    label = LabelFactory(organization=organization, valid_from=date(2026, 7, 1))
    organization.country = "WS"
    organization.save()

    body = client.get(f"/labels/{label.code}/").content.decode()

    assert "Nairobi, Kenya" in body
    assert "Kenya is a lower-middle-income economy" in body
    assert "Samoa" not in body


def test_the_owner_sees_the_flag_on_the_label_page(client, incomes, kenyan):
    label, owner = kenyan
    organization_update(organization=label.organization, by=owner, employee_count=30)
    client.force_login(owner)

    body = client.get("/certification/").content.decode()

    assert "Facts changed, awaiting verification." in body
