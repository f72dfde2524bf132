"""An hourly contract runs two weeks of timesheets: one approved by the buyer, one disputed,
corrected and approved by itself after the set time; each week's amount is funded and
released like a milestone; the books balance after every step."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from contracts.models import MilestoneStatus, TimesheetStatus
from contracts.services import hourly, money
from contracts.tasks import auto_approve_milestones
from core.exceptions import ApplicationError
from tests.contracts.helpers import assert_books_balance, make_contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def hourly_contract(buyer, provider_owner):
    """30.00 USD an hour with a 10% premium."""
    return make_contract(
        buyer=buyer,
        provider_owner=provider_owner,
        price=Decimal("30.00"),
        premium=Decimal("10"),
        hourly=True,
    )


def _monday(weeks_ago: int):
    today = timezone.localdate()
    return today - timedelta(days=today.weekday() + 7 * weeks_ago)


def _fund(milestone, finance):
    money.payment_record(
        funding=milestone.funding,
        amount=milestone.funding.amount_due,
        bank_reference=f"B{milestone.pk}",
        by=finance,
    )
    milestone.refresh_from_db()
    return milestone


def test_two_weeks_of_timesheets_are_approved_funded_and_released(
    hourly_contract, buyer, provider_owner, finance
):
    assert hourly_contract.kind == "hourly"
    assert not hourly_contract.milestones.exists()

    first = hourly.timesheet_submit(
        contract=hourly_contract,
        by=provider_owner,
        week_start=_monday(2) + timedelta(days=2),
        hours=Decimal("12.50"),
        note="Interviews 1 to 5.",
    )
    assert first.week_start == _monday(2)
    hourly.timesheet_approve(timesheet=first, by=buyer)
    first.refresh_from_db()
    assert first.status == TimesheetStatus.APPROVED
    due = first.milestone
    assert (due.amount, due.premium, due.status) == (
        Decimal("375.00"),
        Decimal("37.50"),
        MilestoneStatus.PENDING,
    )
    assert _fund(due, finance).status == MilestoneStatus.RELEASED
    assert_books_balance()

    second = hourly.timesheet_submit(
        contract=hourly_contract,
        by=provider_owner,
        week_start=_monday(1),
        hours=Decimal("20"),
        note="Interviews 6 to 12.",
    )
    hourly.timesheet_dispute(timesheet=second, by=buyer, reason="We agreed on 15 hours.")
    second = hourly.timesheet_submit(
        contract=hourly_contract,
        by=provider_owner,
        week_start=_monday(1),
        hours=Decimal("15"),
        note="Corrected to 15.",
    )
    assert second.status == TimesheetStatus.SUBMITTED
    with time_machine.travel(second.submitted_at + timedelta(days=4, hours=23)):
        assert auto_approve_milestones()["timesheets"] == 0
    with time_machine.travel(second.submitted_at + timedelta(days=5, minutes=1)):
        assert auto_approve_milestones()["timesheets"] == 1
    second.refresh_from_db()
    assert second.status == TimesheetStatus.APPROVED
    assert second.events.last().actor_task == "contracts.tasks.auto_approve_milestones"
    assert second.milestone.amount == Decimal("450.00")
    assert _fund(second.milestone, finance).status == MilestoneStatus.RELEASED
    assert_books_balance()
    assert [t.status for t in hourly_contract.timesheets.all()] == ["approved", "approved"]


def test_hours_over_the_weekly_limit_or_in_the_future_are_refused(hourly_contract, provider_owner):
    with pytest.raises(ApplicationError, match="at most 40 hours"):
        hourly.timesheet_submit(
            contract=hourly_contract,
            by=provider_owner,
            week_start=_monday(1),
            hours=Decimal("40.5"),
            note="Too much.",
        )
    with pytest.raises(ApplicationError, match="has started"):
        hourly.timesheet_submit(
            contract=hourly_contract,
            by=provider_owner,
            week_start=_monday(0) + timedelta(days=7),
            hours=Decimal("1"),
            note="Next week.",
        )


def test_a_week_is_logged_once_and_only_by_the_provider(hourly_contract, buyer, provider_owner):
    with pytest.raises(ApplicationError, match="Only the provider"):
        hourly.timesheet_submit(
            contract=hourly_contract, by=buyer, week_start=_monday(1), hours=Decimal("1"), note="x"
        )
    hourly.timesheet_submit(
        contract=hourly_contract,
        by=provider_owner,
        week_start=_monday(1),
        hours=Decimal("1"),
        note="x",
    )
    with pytest.raises(ApplicationError, match="already logged"):
        hourly.timesheet_submit(
            contract=hourly_contract,
            by=provider_owner,
            week_start=_monday(1),
            hours=Decimal("2"),
            note="y",
        )


def test_timesheets_through_the_contract_page(client, hourly_contract, buyer, provider_owner):
    client.force_login(provider_owner)
    page = client.get(hourly_contract.get_absolute_url()).content.decode()
    assert "30.00 USD per hour" in page
    assert "Log the hours of a week" in page
    client.post(
        reverse("contracts:timesheet_submit", args=[hourly_contract.pk]),
        {"week_start": _monday(1).isoformat(), "hours": "8", "note": "Coding."},
    )
    timesheet = hourly_contract.timesheets.get()

    client.force_login(buyer)
    page = client.get(hourly_contract.get_absolute_url()).content.decode()
    assert "Coding." in page
    client.post(reverse("contracts:timesheet_approve", args=[hourly_contract.pk, timesheet.pk]))
    timesheet.refresh_from_db()
    assert timesheet.status == TimesheetStatus.APPROVED


def test_a_refused_week_keeps_what_was_typed(client, hourly_contract, provider_owner):
    client.force_login(provider_owner)
    response = client.post(
        reverse("contracts:timesheet_submit", args=[hourly_contract.pk]),
        {"week_start": _monday(1).isoformat(), "hours": "39.5", "note": "Far too many."},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("contracts:timesheet_submit", args=[hourly_contract.pk]),
        {"week_start": _monday(1).isoformat(), "hours": "3", "note": "Typed again."},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "already logged" in page
    assert "Typed again." in page
