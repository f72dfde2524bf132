from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from contracts.models import ContractStatus, MilestoneStatus, NotificationKind, OutgoingKind
from contracts.services import ending, money
from contracts.services import milestones as milestone_services
from contracts.tasks import auto_approve_milestones
from core.exceptions import ApplicationError
from marketplace.models import JobStatus
from notifications.models import Notification
from tests.contracts.helpers import assert_books_balance, balance_of

pytestmark = pytest.mark.django_db


def _fund(milestone, finance):
    money.payment_record(
        funding=milestone.funding,
        amount=milestone.funding.amount_due,
        bank_reference=f"B{milestone.pk}",
        by=finance,
    )
    milestone.refresh_from_db()
    return milestone


@pytest.fixture
def submitted(two_part_contract, provider_owner, finance):
    milestone = _fund(two_part_contract.milestones.select_related("funding").last(), finance)
    milestone_services.milestone_submit(milestone=milestone, by=provider_owner, message="Done.")
    milestone.refresh_from_db()
    return milestone


def _reminders(buyer):
    return Notification.objects.filter(
        recipient=buyer, kind=NotificationKind.AUTO_APPROVAL_REMINDER
    )


def test_unanswered_work_is_approved_after_fourteen_days_with_reminders_before(submitted, buyer):
    start = submitted.submitted_at

    with time_machine.travel(start + timedelta(days=10, hours=23)):
        assert auto_approve_milestones() == {"reminded": 0, "approved": 0, "timesheets": 0}
    with time_machine.travel(start + timedelta(days=11, hours=1)):
        assert auto_approve_milestones() == {"reminded": 1, "approved": 0, "timesheets": 0}
        assert auto_approve_milestones() == {"reminded": 0, "approved": 0, "timesheets": 0}
    assert "approved automatically on" in _reminders(buyer).get().message
    with time_machine.travel(start + timedelta(days=13, hours=1)):
        assert auto_approve_milestones() == {"reminded": 1, "approved": 0, "timesheets": 0}
    with time_machine.travel(start + timedelta(days=13, hours=23)):
        assert auto_approve_milestones() == {"reminded": 0, "approved": 0, "timesheets": 0}
    submitted.refresh_from_db()
    assert submitted.status == MilestoneStatus.SUBMITTED

    with time_machine.travel(start + timedelta(days=14, minutes=1)):
        assert auto_approve_milestones() == {"reminded": 0, "approved": 1, "timesheets": 0}
        assert auto_approve_milestones() == {"reminded": 0, "approved": 0, "timesheets": 0}

    submitted.refresh_from_db()
    assert submitted.status == MilestoneStatus.RELEASED
    last = submitted.events.last()
    assert last.actor_task == "contracts.tasks.auto_approve_milestones"
    assert submitted.outgoing.get().kind == OutgoingKind.PAYOUT
    assert _reminders(buyer).count() == 2
    assert_books_balance()


def test_a_late_run_sends_only_the_nearest_reminder(submitted, buyer):
    with time_machine.travel(submitted.submitted_at + timedelta(days=13, hours=12)):
        assert auto_approve_milestones()["reminded"] == 1
        assert auto_approve_milestones()["reminded"] == 0
    assert _reminders(buyer).count() == 1


def test_a_resubmission_starts_the_clock_again(submitted, buyer, provider_owner):
    milestone_services.milestone_request_changes(milestone=submitted, by=buyer, reason="More.")
    with time_machine.travel(submitted.submitted_at + timedelta(days=10)):
        milestone_services.milestone_submit(milestone=submitted, by=provider_owner, message="2")
    with time_machine.travel(submitted.submitted_at + timedelta(days=15)):
        assert auto_approve_milestones()["approved"] == 0
    with time_machine.travel(submitted.submitted_at + timedelta(days=24, minutes=1)):
        assert auto_approve_milestones()["approved"] == 1


def test_the_page_says_when_the_work_approves_itself(client, submitted, buyer, settings):
    settings.CONTRACTS_AUTO_APPROVE_DAYS = 14
    client.force_login(buyer)
    page = client.get(submitted.contract.get_absolute_url()).content.decode()
    assert "Approved automatically on" in page


def test_both_sides_agreeing_ends_the_contract_and_refunds_what_is_held(
    two_part_contract, buyer, provider_owner, finance
):
    first, second = two_part_contract.milestones.select_related("funding")
    _fund(first, finance)

    ending.contract_end_agree(contract=two_part_contract, by=buyer, reason="Budget cut.")
    two_part_contract.refresh_from_db()
    assert two_part_contract.status == ContractStatus.ACTIVE
    assert Notification.objects.filter(
        recipient=provider_owner, kind=NotificationKind.CONTRACT_END_PROPOSED
    ).exists()

    ending.contract_end_agree(contract=two_part_contract, by=provider_owner, reason="Agreed.")

    two_part_contract.refresh_from_db()
    assert two_part_contract.status == ContractStatus.ENDED
    assert two_part_contract.job.status == JobStatus.CANCELLED
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (MilestoneStatus.REFUNDED, MilestoneStatus.CANCELLED)
    assert balance_of(f"milestone:{first.pk}:escrow") == 0
    assert balance_of(f"buyer:{buyer.pk}:buyer_refund_due:USD") == Decimal("630.00")
    refund = first.outgoing.get()
    assert (refund.kind, refund.amount, refund.premium) == (
        OutgoingKind.REFUND,
        Decimal("600.00"),
        Decimal("30.00"),
    )
    money.outgoing_send(outgoing=refund, reference="R-1", by=finance)
    money.outgoing_confirm(outgoing=refund, by=buyer)
    assert_books_balance()


def test_an_end_needs_a_reason_and_a_party(two_part_contract, buyer, other_provider):
    with pytest.raises(ApplicationError, match="Say why"):
        ending.contract_end_agree(contract=two_part_contract, by=buyer, reason=" ")
    with pytest.raises(ApplicationError, match="Only the buyer and the provider"):
        ending.contract_end_agree(contract=two_part_contract, by=other_provider, reason="x")


def test_settling_every_milestone_completes_the_job_so_both_may_review(
    two_part_contract, buyer, provider_owner, finance
):
    for milestone in two_part_contract.milestones.select_related("funding"):
        _fund(milestone, finance)
        milestone_services.milestone_submit(milestone=milestone, by=provider_owner, message="x")
        milestone_services.milestone_approve(milestone=milestone, by=buyer)

    two_part_contract.job.refresh_from_db()
    assert two_part_contract.job.status == JobStatus.COMPLETED


def test_ending_over_http_keeps_the_reason(client, two_part_contract, buyer):
    client.force_login(buyer)
    client.post(
        reverse("contracts:contract_end", args=[two_part_contract.pk]), {"reason": "Budget cut."}
    )
    two_part_contract.refresh_from_db()
    assert two_part_contract.end_agreed_by_buyer_at is not None
    page = client.get(two_part_contract.get_absolute_url()).content.decode()
    assert "The buyer agreed to end the contract." in page
    assert timezone.now() >= two_part_contract.end_agreed_by_buyer_at
