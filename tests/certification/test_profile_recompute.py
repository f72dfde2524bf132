from decimal import Decimal

import pytest
from django.core import mail

from accounts.services import organization_update
from certification.models import LabelStatus, NotificationKind
from notifications.models import Notification
from tests.factories import LabelFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def labelled(provider_owner):
    organization = provider_owner.memberships.get().organization
    return LabelFactory(organization=organization), provider_owner


def test_a_firm_growing_past_the_employee_limit_is_suspended_and_its_owner_told(
    incomes, labelled, django_capture_on_commit_callbacks
):
    label, owner = labelled

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        organization_update(organization=label.organization, by=owner, employee_count=251)

    assert callbacks
    label.refresh_from_db()
    assert label.status == LabelStatus.SUSPENDED
    event = label.events.get()
    assert event.actor_task == "certification.tasks.recompute_labels_for_organization"
    assert "251 employees, more than the limit of 250" in event.reason
    [notice] = Notification.objects.filter(recipient=owner, kind=NotificationKind.LABEL_STATUS)
    assert "now suspended" in notice.message
    assert [email.to for email in mail.outbox] == [[owner.email]]


@pytest.mark.parametrize(
    "change",
    [{"country": "CV"}, {"local_ownership_percent": Decimal("50")}, {"employee_count": 26}],
)
def test_each_fact_the_criteria_judge_queues_a_recheck(
    incomes, labelled, change, django_capture_on_commit_callbacks
):
    label, owner = labelled

    with django_capture_on_commit_callbacks() as callbacks:
        organization_update(organization=label.organization, by=owner, **change)

    assert len(callbacks) == 1


def test_other_edits_or_unchanged_facts_queue_nothing(labelled, django_capture_on_commit_callbacks):
    label, owner = labelled

    with django_capture_on_commit_callbacks() as callbacks:
        organization_update(
            organization=label.organization,
            by=owner,
            city="Jinja",
            employee_count=label.organization.employee_count,
            local_ownership_percent=Decimal("100.00"),
        )

    assert callbacks == []
