"""Appeals: the owner appeals a rejection, a reviewer's suspension or a revocation once,
within the appeal period; another reviewer upholds or overturns it."""

import itertools
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from certification import transitions
from certification.models import (
    Appeal,
    AppealEvent,
    AppealStatus,
    AppealSubject,
    Application,
    ApplicationStatus,
    FindingSeverity,
    LabelEvent,
    LabelStatus,
)
from certification.selectors import appeals as appeal_selectors
from certification.services import appeals as appeal_services
from certification.services import applications as application_services
from certification.services import findings as finding_services
from certification.services import labels as label_services
from core.exceptions import ApplicationError
from notifications.models import Notification
from tests.factories import LabelFactory, MembershipFactory, ReviewerFactory, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def label(provider_owner):
    return LabelFactory(organization=provider_owner.memberships.get().organization)


@pytest.fixture
def deciding_reviewer():
    return ReviewerFactory()


def _suspend(label, reviewer):
    label_services.label_transition(
        label=label, to=LabelStatus.SUSPENDED, by=reviewer, reason="Wages paid late."
    )
    return LabelEvent.objects.filter(label=label).latest("created_at", "pk")


def _revoke(label, reviewer):
    label_services.label_transition(
        label=label, to=LabelStatus.REVOKED, by=reviewer, reason="Forged payroll."
    )
    return LabelEvent.objects.filter(label=label).latest("created_at", "pk")


def _lodge(decision, owner, **kwargs):
    return appeal_services.appeal_lodge(
        decision=decision, by=owner, statement="The wages were paid on time.", **kwargs
    )


def _rejected(ready_application, reviewer):
    application_services.application_submit(
        application=ready_application, by=ready_application.created_by
    )
    application_services.application_reject(
        application=ready_application, by=reviewer, note="The payroll is unreadable."
    )
    return ready_application.events.get(to_status=ApplicationStatus.REJECTED)


# --- The state machine ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("from_status", "to_status"), list(itertools.product(AppealStatus, AppealStatus))
)
def test_appeal_moves_follow_the_table(label, provider_owner, reviewer, from_status, to_status):
    appeal = _lodge(_suspend(label, reviewer), provider_owner)
    Appeal.objects.filter(pk=appeal.pk).update(
        status=from_status,
        decided_at=None if from_status == AppealStatus.OPEN else timezone.now(),
    )
    appeal.refresh_from_db()
    decider = ReviewerFactory()

    if to_status in transitions.APPEAL_ALLOWED[from_status]:
        appeal_services.appeal_transition(appeal=appeal, to=to_status, by=decider, reason="Seen.")
        appeal.refresh_from_db()
        assert appeal.status == to_status
        assert appeal.events.latest("created_at", "pk").to_status == to_status
    else:
        with pytest.raises(ApplicationError, match="cannot become"):
            appeal_services.appeal_transition(
                appeal=appeal, to=to_status, by=decider, reason="Seen."
            )
        appeal.refresh_from_db()
        assert appeal.status == from_status


def test_only_an_overturned_appeal_moves_a_revoked_label_or_a_rejected_application():
    assert transitions.ALLOWED[LabelStatus.REVOKED] == frozenset()
    assert transitions.APPLICATION_ALLOWED[ApplicationStatus.REJECTED] == frozenset()
    restorable = {status for status, moves in transitions.LABEL_RESTORED_ON_APPEAL.items() if moves}
    assert restorable == {LabelStatus.REVOKED}
    reopenable = {
        status for status, moves in transitions.APPLICATION_REOPENED_ON_APPEAL.items() if moves
    }
    assert reopenable == {ApplicationStatus.REJECTED}


@pytest.mark.parametrize(
    ("before", "today_offset", "expected"),
    [
        (LabelStatus.ACTIVE, 0, LabelStatus.ACTIVE),
        (LabelStatus.EXPIRING, 0, LabelStatus.ACTIVE),
        (LabelStatus.ACTIVE, 340, LabelStatus.EXPIRING),
        (LabelStatus.ACTIVE, 400, LabelStatus.EXPIRED),
        (LabelStatus.SUSPENDED, 0, LabelStatus.SUSPENDED),
        (LabelStatus.SUSPENDED, 400, LabelStatus.EXPIRED),
        (LabelStatus.TRANSITION, 0, LabelStatus.TRANSITION),
        (LabelStatus.EXPIRED, 0, LabelStatus.EXPIRED),
    ],
)
def test_a_revoked_label_is_restored_to_what_its_dates_make_of_its_status_before(
    before, today_offset, expected
):
    start = timezone.localdate()
    assert (
        transitions.restored_status(
            before=before,
            valid_until=start + timedelta(days=364),
            transition_until=start + timedelta(days=364),
            today=start + timedelta(days=today_offset),
            warning_days=30,
        )
        == expected
    )


# --- Lodging --------------------------------------------------------------------------------


def test_the_owner_appeals_a_reviewer_s_suspension_and_reviewers_are_told(
    label, provider_owner, reviewer
):
    decision = _suspend(label, reviewer)

    appeal = _lodge(decision, provider_owner, uploads=[pdf_upload("payslips.pdf")])

    assert appeal.subject == AppealSubject.SUSPENSION
    assert appeal.status == AppealStatus.OPEN
    assert [f.file.name for f in appeal.files.all()] == ["payslips.pdf"]
    event = AppealEvent.objects.get(appeal=appeal)
    assert (event.from_status, event.to_status, event.actor) == ("", "open", provider_owner)
    assert Notification.objects.filter(recipient=reviewer, kind="label_appeal").exists()


def test_a_member_who_is_not_owner_cannot_appeal(label, provider_owner, reviewer):
    member = MembershipFactory(organization=label.organization).user
    with pytest.raises(ApplicationError, match="Only the organization's owner"):
        _lodge(_suspend(label, reviewer), member)


def test_a_decision_is_appealed_once(label, provider_owner, reviewer):
    decision = _suspend(label, reviewer)
    _lodge(decision, provider_owner)

    with pytest.raises(ApplicationError, match="already appealed this decision"):
        _lodge(decision, provider_owner)
    assert Appeal.objects.count() == 1


def test_an_appeal_is_possible_until_the_last_day_of_the_period_and_not_after(
    label, provider_owner, reviewer, settings
):
    settings.CERTIFICATION_APPEAL_DAYS = 30
    decision = _suspend(label, reviewer)
    decided_on = timezone.localdate(decision.created_at)
    assert appeal_selectors.appeal_deadline(decision) == decided_on + timedelta(days=30)

    too_late = pytest.raises(ApplicationError, match="The time to appeal this decision ended on")
    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False), too_late:
        _lodge(decision, provider_owner)
    with time_machine.travel(timezone.now() + timedelta(days=30), tick=False):
        assert _lodge(decision, provider_owner).status == AppealStatus.OPEN


def test_what_the_nightly_check_did_and_a_grant_cannot_be_appealed(label, provider_owner):
    label_services.label_transition(
        label=label,
        to=LabelStatus.SUSPENDED,
        by="certification.tasks.recompute_labels",
        reason="Data.",
    )
    by_task = LabelEvent.objects.get(label=label)
    with pytest.raises(ApplicationError, match="Only a rejection"):
        _lodge(by_task, provider_owner)


# --- Deciding -------------------------------------------------------------------------------


def test_the_reviewer_who_decided_cannot_decide_the_appeal(label, provider_owner, reviewer):
    appeal = _lodge(_suspend(label, reviewer), provider_owner)

    with pytest.raises(ApplicationError, match="another reviewer must decide the appeal"):
        appeal_services.appeal_decide(appeal=appeal, by=reviewer, overturn=True, note="Fine.")


def test_a_reviewer_who_belongs_to_the_organization_cannot_decide(label, provider_owner, reviewer):
    appeal = _lodge(_suspend(label, reviewer), provider_owner)
    insider = ReviewerFactory()
    MembershipFactory(organization=label.organization, user=insider)

    with pytest.raises(ApplicationError, match="another reviewer must decide"):
        appeal_services.appeal_decide(appeal=appeal, by=insider, overturn=True, note="Fine.")


def test_an_appeal_needs_a_note_and_is_decided_once(
    label, provider_owner, reviewer, deciding_reviewer
):
    appeal = _lodge(_suspend(label, reviewer), provider_owner)
    with pytest.raises(ApplicationError, match="write a note"):
        appeal_services.appeal_decide(appeal=appeal, by=deciding_reviewer, overturn=False, note=" ")

    appeal_services.appeal_decide(
        appeal=appeal, by=deciding_reviewer, overturn=False, note="Right."
    )

    with pytest.raises(ApplicationError, match="already decided: decision upheld"):
        appeal_services.appeal_decide(
            appeal=appeal, by=deciding_reviewer, overturn=True, note="Wrong."
        )


def test_upholding_a_suspension_keeps_it_and_tells_the_owner(
    label, provider_owner, reviewer, deciding_reviewer
):
    appeal = _lodge(_suspend(label, reviewer), provider_owner)

    appeal_services.appeal_decide(
        appeal=appeal, by=deciding_reviewer, overturn=False, note="The bank statements agree."
    )

    label.refresh_from_db()
    assert label.status == LabelStatus.SUSPENDED
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decided_by) == (AppealStatus.UPHELD, deciding_reviewer)
    notice = Notification.objects.get(recipient=provider_owner, kind="label_appeal")
    assert notice.message == (
        "A reviewer upheld the suspension of your Fairbid label on appeal; it stays suspended. "
        "Reviewer's note: The bank statements agree. This decision on the appeal is final."
    )
    assert notice.subject == "Your appeal was not successful"


def test_overturning_a_suspension_lifts_it_with_history(
    label, provider_owner, reviewer, deciding_reviewer
):
    appeal = _lodge(_suspend(label, reviewer), provider_owner)

    appeal_services.appeal_decide(
        appeal=appeal, by=deciding_reviewer, overturn=True, note="Payslips show timely pay."
    )

    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE
    event = LabelEvent.objects.filter(label=label).latest("created_at", "pk")
    assert (event.from_status, event.to_status, event.actor) == (
        "suspended",
        "active",
        deciding_reviewer,
    )
    assert event.reason == "The suspension was overturned on appeal: Payslips show timely pay."
    assert Notification.objects.get(
        recipient=provider_owner, kind="label_appeal"
    ).message.startswith("A reviewer overturned the suspension of your Fairbid label on appeal")


def test_overturning_a_major_finding_s_suspension_closes_the_finding(
    label, provider_owner, reviewer, deciding_reviewer
):
    finding = finding_services.finding_record(
        label=label,
        severity=FindingSeverity.MAJOR,
        problem="Child labour reported.",
        required_action="Show age records.",
        deadline=timezone.localdate() + timedelta(days=20),
        by=reviewer,
    )
    decision = LabelEvent.objects.get(label=label, to_status=LabelStatus.SUSPENDED)
    appeal = _lodge(decision, provider_owner)

    appeal_services.appeal_decide(
        appeal=appeal, by=deciding_reviewer, overturn=True, note="The report was false."
    )

    finding.refresh_from_db()
    label.refresh_from_db()
    assert not finding.is_open
    assert label.status == LabelStatus.ACTIVE


def test_overturning_a_revocation_restores_the_label_s_status_before(
    label, provider_owner, reviewer, deciding_reviewer
):
    appeal = _lodge(_revoke(label, reviewer), provider_owner)
    assert appeal.subject == AppealSubject.REVOCATION

    appeal_services.appeal_decide(
        appeal=appeal, by=deciding_reviewer, overturn=True, note="The payroll was genuine."
    )

    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE
    event = LabelEvent.objects.filter(label=label).latest("created_at", "pk")
    assert (event.from_status, event.to_status) == ("revoked", "active")


def test_a_revoked_label_is_not_restored_over_a_newer_current_label(
    label, provider_owner, reviewer, deciding_reviewer
):
    appeal = _lodge(_revoke(label, reviewer), provider_owner)
    LabelFactory(organization=label.organization)

    with pytest.raises(ApplicationError, match="holds another current label"):
        appeal_services.appeal_decide(
            appeal=appeal, by=deciding_reviewer, overturn=True, note="Ok."
        )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN


def test_overturning_a_rejection_reopens_the_application_for_review(
    ready_application, provider_owner, reviewer, deciding_reviewer
):
    decision = _rejected(ready_application, reviewer)
    appeal = _lodge(decision, provider_owner)
    assert appeal.subject == AppealSubject.REJECTION

    appeal_services.appeal_decide(
        appeal=appeal, by=deciding_reviewer, overturn=True, note="The payroll is readable."
    )

    ready_application.refresh_from_db()
    assert ready_application.status == ApplicationStatus.IN_REVIEW
    event = ready_application.events.latest("created_at", "pk")
    assert (event.from_status, event.to_status) == ("rejected", "in_review")


def test_a_rejection_is_not_appealed_while_another_application_is_in_progress(
    ready_application, provider_owner, reviewer
):
    decision = _rejected(ready_application, reviewer)
    application_services.application_start(
        organization=ready_application.organization, by=provider_owner
    )

    with pytest.raises(ApplicationError, match="another application in progress"):
        _lodge(decision, provider_owner)
    assert Application.objects.filter(status=ApplicationStatus.DRAFT).count() == 1


# --- Pages ----------------------------------------------------------------------------------


def test_the_owner_appeals_on_the_site_and_sees_the_outcome(
    client, label, provider_owner, reviewer, deciding_reviewer
):
    decision = _suspend(label, reviewer)
    client.force_login(provider_owner)
    url = reverse("certification:appeals")
    page = client.get(url).content.decode()
    assert "Appeal this decision" in page

    response = client.post(
        url,
        {
            "decision": f"label-{decision.pk}",
            "statement": "We paid on time.",
            "files": [pdf_upload("bank.pdf")],
        },
    )

    assert response.status_code == 302
    appeal = Appeal.objects.get()
    page = client.get(url).content.decode()
    assert "Appeal lodged" in page
    assert "Appeal this decision" not in page
    appeal_services.appeal_decide(appeal=appeal, by=deciding_reviewer, overturn=True, note="Yes.")
    page = client.get(url).content.decode()
    assert "Appeal successful:" in page
    assert "Reviewer's note: Yes." in page


def test_the_page_says_when_the_time_to_appeal_ended(client, label, provider_owner, reviewer):
    _suspend(label, reviewer)
    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
        client.force_login(provider_owner)
        page = client.get(reverse("certification:appeals")).content.decode()
    assert "The time to appeal this decision ended on" in page
    assert "Appeal this decision" not in page


def test_a_too_long_statement_is_a_form_error(client, label, provider_owner, reviewer):
    decision = _suspend(label, reviewer)
    client.force_login(provider_owner)

    response = client.post(
        reverse("certification:appeals"),
        {"decision": f"label-{decision.pk}", "statement": "x" * 5001},
    )

    assert response.status_code == 400
    assert "at most 5000 characters" in response.content.decode()
    assert not Appeal.objects.exists()


def test_another_organization_s_decision_is_not_found(
    client, provider_owner, other_provider, reviewer
):
    other_label = LabelFactory(organization=other_provider.memberships.get().organization)
    decision = _suspend(other_label, reviewer)
    client.force_login(provider_owner)

    response = client.post(
        reverse("certification:appeals"), {"decision": f"label-{decision.pk}", "statement": "x"}
    )

    assert response.status_code == 404


def test_appeal_files_are_for_the_organization_and_reviewers(
    client, label, provider_owner, other_provider, reviewer
):
    appeal = _lodge(_suspend(label, reviewer), provider_owner, uploads=[pdf_upload("bank.pdf")])
    url = reverse("certification:appeal_file", args=[appeal.files.get().pk])
    for user, status in [(provider_owner, 200), (reviewer, 200), (other_provider, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status


def test_the_public_record_shows_appeals_without_the_statement(
    client, label, provider_owner, reviewer, deciding_reviewer
):
    appeal = _lodge(_suspend(label, reviewer), provider_owner)
    appeal_services.appeal_decide(appeal=appeal, by=deciding_reviewer, overturn=False, note="No.")

    page = client.get(reverse("certification:label_detail", args=[label.code])).content.decode()

    assert "Appeal of the suspension" in page
    assert "Decision upheld on" in page
    assert "The wages were paid on time." not in page


def test_a_reviewer_decides_an_appeal_from_admin(client, label, provider_owner, reviewer):
    appeal = _lodge(_suspend(label, reviewer), provider_owner)
    other = ReviewerFactory()
    client.force_login(other)
    url = reverse("admin:certification_appeal_changelist")
    data = {"action": "overturn_decision", "_selected_action": [appeal.pk]}

    page = client.post(url, data)
    assert page.status_code == 200
    assert "Overturn the decision appealed" in page.content.decode()
    client.post(url, {**data, "apply": "1", "note": "Payslips seen."})

    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OVERTURNED
    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE


def test_the_deciding_reviewer_is_refused_in_admin_with_the_reason(
    client, label, provider_owner, reviewer
):
    appeal = _lodge(_suspend(label, reviewer), provider_owner)
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:certification_appeal_changelist"),
        {
            "action": "uphold_decision",
            "_selected_action": [appeal.pk],
            "apply": "1",
            "note": "Right.",
        },
        follow=True,
    )
    assert "another reviewer must decide the appeal" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN
