import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certification.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    EvidenceKind,
    LabelStatus,
)
from certification.selectors import applications as application_selectors
from certification.services import applications as application_services
from certification.services.recompute import labels_recompute
from certification.transitions import APPLICATION_ALLOWED
from core.exceptions import ApplicationError
from notifications.models import Notification
from tests.certification.conftest import pdf
from tests.factories import (
    JPEG_BYTES,
    PNG_BYTES,
    MembershipFactory,
    ProviderOrganizationFactory,
    ReviewerFactory,
    reviewer_dates,
)

pytestmark = pytest.mark.django_db


def _submitted(application, owner):
    application_services.application_submit(application=application, by=owner)
    application.refresh_from_db()
    return application


def _benchmark(application, reviewer, amount="600000"):
    application_services.application_record_benchmark(
        application=application,
        by=reviewer,
        living_wage_benchmark=Decimal(amount),
        benchmark_currency="UGX",
        benchmark_source="Living wage estimate for Kampala",
        **reviewer_dates(),
    )


def test_owner_applies_and_a_reviewer_approves_granting_the_label(
    ready_application, provider_owner, reviewer
):
    application = _submitted(ready_application, provider_owner)
    _benchmark(application, reviewer)

    application_services.application_approve(
        application=application, by=reviewer, note="All in order."
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.label.status == LabelStatus.ACTIVE
    assert application.decided_by == reviewer
    assert list(application.events.values_list("to_status", flat=True)) == [
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.APPROVED,
    ]
    message = Notification.objects.get(recipient=provider_owner).message
    assert application.label.code in message


def test_approval_is_refused_while_a_criterion_fails(ready_application, provider_owner, reviewer):
    application = _submitted(ready_application, provider_owner)
    _benchmark(application, reviewer, amount="700000")  # above the lowest wage

    with pytest.raises(ApplicationError, match="below the living-wage benchmark"):
        application_services.application_approve(
            application=application, by=reviewer, note="Looks fine"
        )


def test_submitting_lists_everything_missing(provider_owner, incomes):
    organization = provider_owner.memberships.get().organization
    application = application_services.application_start(
        organization=organization, by=provider_owner
    )

    with pytest.raises(ApplicationError) as refused:
        application_services.application_submit(application=application, by=provider_owner)

    message = refused.value.message
    for missing in ("lowest full-time monthly wage", "payroll summary", "labour code"):
        assert missing in message


def test_only_the_owner_applies_and_edits(provider_owner, provider_member):
    organization = provider_owner.memberships.get().organization

    with pytest.raises(ApplicationError, match="Only the organization's owner"):
        application_services.application_start(organization=organization, by=provider_member)
    application = application_services.application_start(
        organization=organization, by=provider_owner
    )
    with pytest.raises(ApplicationError, match="Only the organization's owner"):
        application_services.application_update(
            application=application, by=provider_member, total_workers=3
        )


def test_one_open_application_at_a_time(provider_owner):
    organization = provider_owner.memberships.get().organization
    application_services.application_start(organization=organization, by=provider_owner)

    with pytest.raises(ApplicationError, match="already has an application in progress"):
        application_services.application_start(organization=organization, by=provider_owner)


def test_a_rejected_organization_applies_again_from_its_last_answers(
    ready_application, provider_owner, reviewer
):
    application = _submitted(ready_application, provider_owner)
    application_services.application_reject(
        application=application, by=reviewer, note="Payroll unreadable."
    )

    again = application_services.application_start(
        organization=application.organization, by=provider_owner
    )

    assert again.pk != application.pk
    assert again.lowest_monthly_wage == application.lowest_monthly_wage
    assert "Payroll unreadable." in Notification.objects.get(recipient=provider_owner).message


def test_changes_requested_then_resubmitted(ready_application, provider_owner, reviewer):
    application = _submitted(ready_application, provider_owner)

    application_services.application_request_changes(
        application=application, by=reviewer, note="Add last month's payroll."
    )
    application.refresh_from_db()
    assert application.is_editable
    application_services.application_update(
        application=application, by=provider_owner, total_workers=26
    )
    _submitted(application, provider_owner)

    assert application.status == ApplicationStatus.SUBMITTED


def test_decisions_need_a_note(ready_application, provider_owner, reviewer):
    application = _submitted(ready_application, provider_owner)

    for decide in (
        application_services.application_approve,
        application_services.application_reject,
        application_services.application_request_changes,
    ):
        with pytest.raises(ApplicationError, match="Write a note"):
            decide(application=application, by=reviewer, note="  ")


def test_a_reviewer_never_decides_for_their_own_organization(ready_application, provider_owner):
    application = _submitted(ready_application, provider_owner)
    insider = ReviewerFactory()
    MembershipFactory(user=insider, organization=application.organization)

    with pytest.raises(ApplicationError, match="another reviewer must decide"):
        application_services.application_reject(application=application, by=insider, note="No")


def test_people_who_are_not_reviewers_cannot_decide(ready_application, provider_owner, buyer):
    application = _submitted(ready_application, provider_owner)

    with pytest.raises(ApplicationError, match="Only certification reviewers"):
        application_services.application_approve(application=application, by=buyer, note="Yes")


@pytest.mark.parametrize(
    ("from_status", "to_status"), list(itertools.product(ApplicationStatus, ApplicationStatus))
)
def test_application_moves_follow_the_table(provider_owner, from_status, to_status):
    organization = ProviderOrganizationFactory()
    application = Application.objects.create(
        organization=organization, created_by=provider_owner, status=from_status
    )

    if to_status in APPLICATION_ALLOWED[from_status]:
        application_services.application_transition(
            application=application, to=to_status, by=provider_owner
        )
        application.refresh_from_db()
        assert application.status == to_status
        assert ApplicationEvent.objects.filter(application=application).count() == 1
    else:
        with pytest.raises(ApplicationError, match="cannot become"):
            application_services.application_transition(
                application=application, to=to_status, by=provider_owner
            )
        application.refresh_from_db()
        assert application.status == from_status


def test_history_is_append_only(ready_application):
    with pytest.raises(TypeError):
        ApplicationEvent.objects.filter(application=ready_application).update(reason="rewritten")
    with pytest.raises(TypeError):
        ApplicationEvent.objects.filter(application=ready_application).delete()


@pytest.mark.parametrize(
    ("content", "name", "accepted"),
    [
        (PNG_BYTES, "scan.png", True),
        (JPEG_BYTES, "photo.jpg", True),
        (b"MZ\x90\x00 an executable", "payroll.pdf", False),  # the name lies
        (b"plain text", "notes.txt", False),
    ],
)
def test_evidence_type_is_read_from_the_content(provider_owner, content, name, accepted):
    organization = provider_owner.memberships.get().organization
    application = application_services.application_start(
        organization=organization, by=provider_owner
    )
    upload = SimpleUploadedFile(name, content)
    until = timezone.localdate() + timedelta(days=30)

    if accepted:
        document = application_services.evidence_add(
            application=application,
            by=provider_owner,
            kind="payroll",
            upload=upload,
            valid_until=until,
        )
        assert document.file.name.startswith(f"{organization.pk}/")
        assert name not in document.file.name  # stored under an unguessable name
    else:
        with pytest.raises(ApplicationError, match="not a PDF, PNG or JPEG"):
            application_services.evidence_add(
                application=application,
                by=provider_owner,
                kind="payroll",
                upload=upload,
                valid_until=until,
            )


def test_evidence_over_10_mb_is_refused(provider_owner, settings):
    organization = provider_owner.memberships.get().organization
    application = application_services.application_start(
        organization=organization, by=provider_owner
    )
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))

    with pytest.raises(ApplicationError, match="the limit is 10 MB"):
        application_services.evidence_add(
            application=application,
            by=provider_owner,
            kind="payroll",
            upload=big,
            valid_until=timezone.localdate() + timedelta(days=30),
        )


def test_lapsed_evidence_suspends_the_label(ready_application, provider_owner, reviewer):
    application = _submitted(ready_application, provider_owner)
    _benchmark(application, reviewer)
    application_services.application_approve(application=application, by=reviewer, note="Good")
    label = Application.objects.get(pk=application.pk).label

    lapse = max(e.valid_until for e in application.evidence.all())
    labels_recompute(today=lapse + timedelta(days=1))

    label.refresh_from_db()
    assert label.status == LabelStatus.SUSPENDED
    assert "evidence behind the label lapsed" in label.status_reason


def test_the_breakdown_covers_all_six_criteria(ready_application):
    keys = [r.key for r in application_selectors.criteria_breakdown(ready_application.organization)]

    assert len(keys) == 6
    assert {"fair_pay", "impact_workforce", "labour_code"} <= set(keys)


def test_renewal_of_a_suspended_label_reactivates_it(ready_application, provider_owner, reviewer):
    application = _submitted(ready_application, provider_owner)
    _benchmark(application, reviewer)
    application_services.application_approve(application=application, by=reviewer, note="Good")
    label = Application.objects.get(pk=application.pk).label
    labels_recompute(
        today=max(e.valid_until for e in application.evidence.all()) + timedelta(days=1)
    )

    renewal = application_services.application_start(
        organization=application.organization, by=provider_owner
    )
    for kind in EvidenceKind.values:
        application_services.evidence_add(
            application=renewal,
            by=provider_owner,
            kind=kind,
            upload=pdf(),
            valid_until=timezone.localdate() + timedelta(days=400),
        )
    application_services.application_sign_code(
        application=renewal, by=provider_owner, name="Grace Nakato"
    )
    renewal = _submitted(renewal, provider_owner)
    _benchmark(renewal, reviewer)
    application_services.application_approve(application=renewal, by=reviewer, note="Renewed")

    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE
    assert Application.objects.get(pk=renewal.pk).label == label
