"""Findings with deadlines, lifting a reviewer's suspension, and cooling off after revocation."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.models import FindingSeverity, LabelStatus, SuspensionCause
from certification.services import applications as application_services
from certification.services import findings as finding_services
from certification.services import labels as label_services
from certification.services.recompute import labels_nightly
from core.exceptions import ApplicationError
from notifications.models import Notification
from tests.factories import LabelFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(provider_owner):
    return LabelFactory(organization=provider_owner.memberships.get().organization), provider_owner


def _record(label, severity, deadline):
    return finding_services.finding_record(
        label=label,
        severity=severity,
        problem="Overtime was paid two months late.",
        required_action="Pay overtime with the monthly wage and show three payslips.",
        deadline=deadline,
        by=ReviewerFactory(),
    )


def test_a_minor_finding_shows_a_corrective_action_and_keeps_the_label_in_force(client, owned):
    label, owner = owned
    deadline = timezone.localdate() + timedelta(days=30)

    _record(label, FindingSeverity.MINOR, deadline)

    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE
    page = client.get(reverse("certification:label_detail", args=[label.code])).content.decode()
    assert "Certified · corrective action open until" in page
    assert Notification.objects.filter(
        recipient=owner, message__startswith="A reviewer recorded a minor finding"
    ).exists()


def test_a_major_finding_suspends_and_closing_it_lifts_the_suspension(owned):
    label, _ = owned
    finding = _record(label, FindingSeverity.MAJOR, timezone.localdate() + timedelta(days=30))
    label.refresh_from_db()
    assert label.status == LabelStatus.SUSPENDED
    assert label.suspension_cause == SuspensionCause.FINDING
    with pytest.raises(ApplicationError, match="only by what caused it"):
        label_services.label_lift_suspension(label=label, by=ReviewerFactory(), note="Fine.")

    finding_services.finding_close(finding=finding, by=ReviewerFactory(), note="Payslips seen.")

    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE


def test_the_nightly_run_suspends_a_label_whose_finding_passed_its_deadline(owned):
    label, _ = owned
    deadline = timezone.localdate() + timedelta(days=10)
    _record(label, FindingSeverity.MINOR, deadline)

    labels_nightly(today=deadline)
    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE
    summary = labels_nightly(today=deadline + timedelta(days=1))

    label.refresh_from_db()
    assert label.status == LabelStatus.SUSPENDED
    assert "Suspended for an overdue finding: 1." in summary
    assert label.status_reason.startswith("The corrective action a finding required by")


def test_a_reviewer_lifts_a_manual_suspension_with_a_note(owned):
    label, owner = owned
    reviewer = ReviewerFactory()
    label_services.label_transition(
        label=label, to=LabelStatus.SUSPENDED, by=reviewer, reason="Site visit pending."
    )
    with pytest.raises(ApplicationError):
        label_services.label_lift_suspension(label=label, by=reviewer, note="  ")

    label_services.label_lift_suspension(label=label, by=reviewer, note="Site visit passed.")

    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE
    assert label.events.last().reason == "A reviewer lifted the suspension: Site visit passed."


def test_a_revoked_organization_is_told_until_when_and_cannot_apply_before(owned, settings):
    label, owner = owned
    settings.CERTIFICATION_COOLING_OFF_MONTHS = 12
    label_services.label_transition(
        label=label, to=LabelStatus.REVOKED, by=ReviewerFactory(), reason="Forged payroll."
    )
    again = label_services.cooling_off_end(timezone.localdate())

    notice = Notification.objects.filter(recipient=owner).last()
    assert "Your organization may apply for the label again from" in notice.message
    with pytest.raises(ApplicationError, match="it may apply again from"):
        application_services.application_start(organization=label.organization, by=owner)
    assert again > timezone.localdate() + timedelta(days=360)


def test_the_public_page_lists_findings_and_sanctions_with_dates(client, owned):
    label, _ = owned
    _record(label, FindingSeverity.MAJOR, timezone.localdate() + timedelta(days=30))

    page = client.get(reverse("certification:label_detail", args=[label.code])).content.decode()

    assert "Public record" in page
    assert "Major finding" in page
    assert date.today().strftime("%Y") in page
