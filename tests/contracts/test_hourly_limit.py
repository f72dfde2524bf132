"""An hourly bid is a rate per hour with a weekly hour limit: the provider gives it on the
form and in the API, every display says "per hour" and "up to N hours a week", the contract
keeps it, and a week logged over it is refused with the reason."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from contracts.models import Contract
from contracts.services import hourly
from core.exceptions import ApplicationError
from marketplace.models import Bid, BudgetType
from marketplace.services import bids as bid_services
from marketplace.services import jobs as job_services
from tests.contracts.helpers import make_contract
from tests.factories import BidFactory, JobFactory

pytestmark = pytest.mark.django_db

RATE_AND_LIMIT = "8.00 USD per hour, up to 30 hours a week"


@pytest.fixture
def hourly_job(buyer):
    return JobFactory(buyer=buyer, budget_type=BudgetType.HOURLY, budget_min=6, budget_max=10)


def _bid(job, by, **fields):
    return bid_services.bid_submit(
        job=job, by=by, price=Decimal("8"), delivery_days=30, proposal="We can.", **fields
    )


def _last_monday():
    today = timezone.localdate()
    return today - timedelta(days=today.weekday() + 7)


def test_an_hourly_bid_keeps_its_weekly_hour_limit(hourly_job, provider_owner):
    bid = _bid(hourly_job, provider_owner, weekly_hour_limit=30)

    assert Bid.objects.get(pk=bid.pk).weekly_hour_limit == 30


def test_an_hourly_bid_without_a_limit_is_refused_on_the_field(hourly_job, provider_owner):
    with pytest.raises(ApplicationError, match="how many hours a week") as refusal:
        _bid(hourly_job, provider_owner)

    assert "weekly_hour_limit" in refusal.value.fields


@pytest.mark.parametrize("hours", [0, 169])
def test_a_limit_outside_a_week_is_refused(hourly_job, provider_owner, hours):
    with pytest.raises(ApplicationError):
        _bid(hourly_job, provider_owner, weekly_hour_limit=hours)

    assert not Bid.objects.exists()


def test_a_fixed_price_bid_has_no_weekly_limit(buyer, provider_owner):
    with pytest.raises(ApplicationError, match="fixed-price bid has no weekly hour limit"):
        _bid(JobFactory(buyer=buyer), provider_owner, weekly_hour_limit=30)


def test_the_provider_changes_the_limit_while_the_job_is_open(hourly_job, provider_owner):
    bid = _bid(hourly_job, provider_owner, weekly_hour_limit=30)

    bid = bid_services.bid_update(bid=bid, by=provider_owner, weekly_hour_limit=20)

    assert bid.weekly_hour_limit == 20
    assert bid.version == 2


def test_the_bid_form_asks_for_the_limit_on_an_hourly_job_only(
    client, buyer, hourly_job, provider_owner
):
    client.force_login(provider_owner)
    hourly_form = client.get(reverse("marketplace:bid_create", args=[hourly_job.pk]))
    fixed_job = JobFactory(buyer=buyer)
    fixed_form = client.get(reverse("marketplace:bid_create", args=[fixed_job.pk]))

    assert "Hours a week, at most" in hourly_form.content.decode()
    assert "Hours a week, at most" not in fixed_form.content.decode()


def test_the_bid_form_refuses_an_hourly_bid_without_a_limit_then_places_it(
    client, hourly_job, provider_owner
):
    client.force_login(provider_owner)
    url = reverse("marketplace:bid_create", args=[hourly_job.pk])
    form = {
        "price": "8",
        "delivery_days": "30",
        "proposal": "We can.",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
    }

    refused = client.post(url, form)
    placed = client.post(url, {**form, "weekly_hour_limit": "30"})

    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    assert placed.status_code == 302
    assert hourly_job.bids.get().weekly_hour_limit == 30


def test_the_api_takes_and_shows_the_limit(hourly_job, provider_owner):
    client = APIClient()
    client.force_authenticate(provider_owner)
    url = f"/api/v1/jobs/{hourly_job.pk}/bids/"
    bid = {"price": "8", "delivery_days": 30, "proposal": "We can."}

    refused = client.post(url, bid, format="json")
    placed = client.post(url, {**bid, "weekly_hour_limit": 30}, format="json")

    assert refused.status_code == 400
    assert "weekly_hour_limit" in refused.json()["error"]["fields"]
    assert placed.status_code == 201
    assert placed.json()["weekly_hour_limit"] == 30


def test_the_rate_and_limit_show_to_the_provider_and_the_buyer(client, hourly_job, provider_owner):
    bid = _bid(hourly_job, provider_owner, weekly_hour_limit=30)

    client.force_login(provider_owner)
    provider_sees = client.get(hourly_job.get_absolute_url()).content.decode()
    client.force_login(hourly_job.buyer)
    comparison = client.get(reverse("marketplace:bid_comparison", args=[hourly_job.pk]))
    award = client.get(reverse("marketplace:job_award", args=[hourly_job.pk, bid.pk]))

    assert RATE_AND_LIMIT in provider_sees
    assert RATE_AND_LIMIT in comparison.content.decode()
    assert RATE_AND_LIMIT in award.content.decode()


def test_the_contract_keeps_the_bids_limit_and_shows_it(client, buyer, provider_owner):
    contract = make_contract(
        buyer=buyer, provider_owner=provider_owner, price=Decimal("8"), hourly=True, hours_a_week=30
    )

    client.force_login(buyer)
    page = client.get(contract.get_absolute_url()).content.decode()
    job_page = client.get(contract.job.get_absolute_url()).content.decode()

    assert contract.weekly_hour_limit == 30
    assert RATE_AND_LIMIT in page
    assert RATE_AND_LIMIT in job_page


def test_an_older_hourly_bid_without_a_limit_gets_the_default(buyer, provider_owner, settings):
    settings.CONTRACTS_DEFAULT_WEEKLY_HOUR_LIMIT = 25
    job = JobFactory(buyer=buyer, budget_type=BudgetType.HOURLY, budget_min=6, budget_max=10)
    organization = provider_owner.memberships.get().organization
    bid = BidFactory(job=job, organization=organization, submitted_by=provider_owner)
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer)
    job_services.award_accept(job=job, by=provider_owner)

    assert Contract.objects.get(job=job).weekly_hour_limit == 25


def test_a_week_over_the_bids_limit_is_refused_with_the_reason(buyer, provider_owner):
    contract = make_contract(
        buyer=buyer, provider_owner=provider_owner, price=Decimal("8"), hourly=True, hours_a_week=30
    )

    with pytest.raises(ApplicationError, match="at most 30 hours a week") as refusal:
        hourly.timesheet_submit(
            contract=contract,
            by=provider_owner,
            week_start=_last_monday(),
            hours=Decimal("30.5"),
            note="A long week.",
        )
    logged = hourly.timesheet_submit(
        contract=contract,
        by=provider_owner,
        week_start=_last_monday(),
        hours=Decimal("30"),
        note="A full week.",
    )

    assert "hours" in refusal.value.fields
    assert logged.hours == Decimal("30")


def test_the_contract_page_refuses_a_week_over_the_limit_and_keeps_the_typing(
    client, buyer, provider_owner
):
    contract = make_contract(
        buyer=buyer, provider_owner=provider_owner, price=Decimal("8"), hourly=True, hours_a_week=30
    )
    client.force_login(provider_owner)

    response = client.post(
        reverse("contracts:timesheet_submit", args=[contract.pk]),
        {"week_start": _last_monday().isoformat(), "hours": "31", "note": "Overtime."},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "The contract allows at most 30 hours a week." in page
    assert "Overtime." in page
    assert not contract.timesheets.exists()
