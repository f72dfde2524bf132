"""A week whose hours the buyer disputed goes to a mediator, like a milestone's dispute: either
side asks, the other answers, and the mediator decides: all the hours' amount due to the
provider, none of it, or a split. What becomes due is funded and released through the ledger
like any approved week; the books balance after every step."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from contracts import selectors
from contracts.models import MilestoneStatus, NotificationKind, TimesheetStatus
from contracts.services import disputes, hourly, money
from core.exceptions import ApplicationError
from notifications.models import Notification
from tests.contracts.helpers import assert_books_balance, balance_of, make_contract
from tests.factories import text_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def hourly_contract(buyer, provider_owner):
    """30.00 USD an hour with a 10% premium, up to 40 hours a week."""
    return make_contract(
        buyer=buyer,
        provider_owner=provider_owner,
        price=Decimal("30.00"),
        premium=Decimal("10"),
        hourly=True,
        hours_a_week=40,
    )


@pytest.fixture
def disputed_week(hourly_contract, buyer, provider_owner):
    """20 hours logged (600.00 USD), disputed by the buyer."""
    today = timezone.localdate()
    week = hourly.timesheet_submit(
        contract=hourly_contract,
        by=provider_owner,
        week_start=today - timedelta(days=today.weekday() + 7),
        hours=Decimal("20"),
        note="Interviews 1 to 8.",
    )
    return hourly.timesheet_dispute(timesheet=week, by=buyer, reason="We agreed on 10 hours.")


def _answered(dispute, by):
    return disputes.dispute_answer(dispute=dispute, by=by, answer="Here is why.")


def test_a_mediator_splits_a_week_and_the_providers_share_is_funded_and_released(
    disputed_week, buyer, provider_owner, mediator, finance
):
    dispute = disputes.timesheet_dispute_open(
        timesheet=disputed_week,
        by=provider_owner,
        reason="The recordings were longer than announced.",
        uploads=[text_upload()],
    )
    assert Notification.objects.filter(
        recipient=buyer, kind=NotificationKind.DISPUTE_OPENED
    ).exists()
    assert Notification.objects.filter(
        recipient=mediator, kind=NotificationKind.DISPUTE_OPENED
    ).exists()
    _answered(dispute, buyer)

    with pytest.raises(ApplicationError, match="add up to"):
        disputes.dispute_decide(
            dispute=dispute,
            by=mediator,
            outcome="split",
            to_provider=Decimal("450.00"),
            to_buyer=Decimal("100.00"),
            note="Fifteen hours.",
        )
    disputes.dispute_decide(
        dispute=dispute,
        by=mediator,
        outcome="split",
        to_provider=Decimal("450.00"),
        to_buyer=Decimal("150.00"),
        note="Fifteen of the twenty hours were needed.",
    )

    disputed_week.refresh_from_db()
    due = disputed_week.milestone
    assert disputed_week.status == TimesheetStatus.APPROVED
    assert (due.amount, due.premium, due.status) == (
        Decimal("450.00"),
        Decimal("45.00"),
        MilestoneStatus.PENDING,
    )
    dispute.refresh_from_db()
    assert (dispute.outcome, dispute.premium_to_provider) == ("split", Decimal("45.00"))
    assert_books_balance()
    money.payment_record(
        funding=due.funding, amount=Decimal("495.00"), bank_reference="B-W1", by=finance
    )
    due.refresh_from_db()
    assert due.status == MilestoneStatus.RELEASED
    assert balance_of(f"milestone:{due.pk}:escrow") == 0
    assert_books_balance()
    assert Notification.objects.filter(
        recipient=provider_owner, kind=NotificationKind.DISPUTE_DECIDED
    ).exists()


def test_released_in_full_the_whole_week_becomes_due(
    disputed_week, buyer, provider_owner, mediator
):
    dispute = disputes.timesheet_dispute_open(
        timesheet=disputed_week, by=buyer, reason="Please decide."
    )
    _answered(dispute, provider_owner)

    disputes.dispute_decide(dispute=dispute, by=mediator, outcome="release", note="All due.")

    disputed_week.refresh_from_db()
    assert disputed_week.status == TimesheetStatus.APPROVED
    assert disputed_week.milestone.amount == Decimal("600.00")
    assert_books_balance()


def test_refunded_in_full_the_week_is_refused_and_nothing_is_owed(
    disputed_week, buyer, provider_owner, mediator
):
    dispute = disputes.timesheet_dispute_open(
        timesheet=disputed_week, by=buyer, reason="No work was done that week."
    )

    with time_machine.travel(dispute.answer_due + timedelta(minutes=1)):
        disputes.dispute_decide(
            dispute=dispute, by=mediator, outcome="refund", note="No evidence of the work."
        )

    disputed_week.refresh_from_db()
    assert disputed_week.status == TimesheetStatus.REFUSED
    assert disputed_week.milestone is None
    assert disputed_week.contract.milestones.count() == 0
    assert_books_balance()
    assert selectors.dispute_counts(organization_id=disputed_week.contract.provider_id) == {
        "opened": 1,
        "decided_for": 0,
        "decided_against": 1,
        "split": 0,
    }


def test_a_mediator_is_asked_only_about_a_disputed_week_and_once(
    hourly_contract, disputed_week, buyer, provider_owner
):
    disputes.timesheet_dispute_open(timesheet=disputed_week, by=buyer, reason="Decide.")

    with pytest.raises(ApplicationError, match="already asked"):
        disputes.timesheet_dispute_open(
            timesheet=disputed_week, by=provider_owner, reason="Me too."
        )
    with pytest.raises(ApplicationError, match="cannot be corrected now"):
        hourly.timesheet_submit(
            contract=hourly_contract,
            by=provider_owner,
            week_start=disputed_week.week_start,
            hours=Decimal("10"),
            note="Corrected.",
        )
    other_week = hourly.timesheet_submit(
        contract=hourly_contract,
        by=provider_owner,
        week_start=disputed_week.week_start - timedelta(days=7),
        hours=Decimal("5"),
        note="Earlier week.",
    )
    with pytest.raises(ApplicationError, match="once the buyer disputed"):
        disputes.timesheet_dispute_open(timesheet=other_week, by=buyer, reason="Decide.")


def test_only_the_two_sides_ask_a_mediator(disputed_week, other_provider):
    with pytest.raises(ApplicationError, match="Only the buyer and the provider"):
        disputes.timesheet_dispute_open(timesheet=disputed_week, by=other_provider, reason="x")


def test_through_the_contract_page_a_week_goes_to_a_mediator_and_is_answered(
    client, hourly_contract, disputed_week, buyer, provider_owner
):
    client.force_login(provider_owner)
    page = client.get(hourly_contract.get_absolute_url()).content.decode()
    assert "Ask a mediator to decide" in page

    response = client.post(
        reverse("contracts:timesheet_mediation", args=[hourly_contract.pk, disputed_week.pk]),
        {"reason": "The recordings were longer.", "files": [text_upload()]},
    )

    assert response.status_code == 302
    dispute = disputed_week.disputes.get()
    assert dispute.files.count() == 1
    client.force_login(buyer)
    page = client.get(hourly_contract.get_absolute_url()).content.decode()
    assert "The recordings were longer." in page
    file_id = dispute.files.get().file_id
    download = client.get(reverse("contracts:dispute_file", args=[hourly_contract.pk, file_id]))
    assert download.status_code == 200
    client.post(
        reverse("contracts:dispute_answer", args=[hourly_contract.pk, dispute.pk]),
        {"answer": "We agreed on ten hours."},
    )
    dispute.refresh_from_db()
    assert dispute.answer == "We agreed on ten hours."
