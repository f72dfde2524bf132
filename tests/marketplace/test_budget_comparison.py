"""Budgets compare only like with like. Filtering or sorting the job list by budget needs one
currency and one budget type, on the page and in the API; hourly prices say "per hour"."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from marketplace.models import BudgetType
from tests.factories import BidFactory, JobFactory

pytestmark = pytest.mark.django_db

REFUSAL = "Choose a currency and a budget type to filter or sort by budget"


@pytest.fixture
def jobs():
    JobFactory(title="Fixed in euros", budget_min=2200, budget_max=2200, currency="EUR")
    JobFactory(title="Fixed in dollars", budget_min=1800, budget_max=1800, currency="USD")
    JobFactory(title="Small fixed in dollars", budget_min=300, budget_max=300, currency="USD")
    JobFactory(
        title="Hourly in dollars",
        budget_type=BudgetType.HOURLY,
        budget_min=6,
        budget_max=10,
        currency="USD",
    )


def _titles(response):
    return [job.title for job in response.context["page"].object_list]


@pytest.mark.parametrize(
    "query",
    [
        {"sort": "budget_high"},
        {"sort": "budget_low", "currency": "USD"},
        {"budget_from": "500", "budget_type": "fixed"},
        {"budget_to": "500"},
    ],
)
def test_the_job_list_refuses_to_compare_budgets_across_currencies_or_types(client, jobs, query):
    response = client.get(reverse("marketplace:job_list"), query)

    assert REFUSAL in response.content.decode()


def test_the_job_list_sorts_and_filters_budgets_within_a_currency_and_a_type(client, jobs):
    url = reverse("marketplace:job_list")
    like_with_like = {"currency": "USD", "budget_type": "fixed"}

    highest = client.get(url, {**like_with_like, "sort": "budget_high"})
    from_500 = client.get(url, {**like_with_like, "budget_from": "500"})
    hourly = client.get(url, {"currency": "USD", "budget_type": "hourly", "budget_from": "8"})

    assert _titles(highest) == ["Fixed in dollars", "Small fixed in dollars"]
    assert _titles(from_500) == ["Fixed in dollars"]
    assert _titles(hourly) == ["Hourly in dollars"]


def test_the_api_refuses_to_compare_budgets_across_currencies_and_applies_like_with_like(jobs):
    client = APIClient()

    refused = client.get("/api/v1/jobs/", {"sort": "budget_high"})
    sorted_jobs = client.get(
        "/api/v1/jobs/", {"sort": "budget_high", "currency": "USD", "budget_type": "fixed"}
    )

    assert refused.status_code == 400
    assert REFUSAL in refused.json()["error"]["message"] + str(refused.json()["error"]["fields"])
    assert [job["title"] for job in sorted_jobs.json()["results"]] == [
        "Fixed in dollars",
        "Small fixed in dollars",
    ]


def test_the_bid_form_on_an_hourly_job_asks_for_a_rate_per_hour(client, provider_owner):
    job = JobFactory(budget_type=BudgetType.HOURLY, budget_min=6, budget_max=10)
    client.force_login(provider_owner)

    html = client.get(reverse("marketplace:bid_create", args=[job.pk])).content.decode()

    assert "Hourly rate (USD per hour)" in html


def test_the_bid_form_on_a_fixed_price_job_asks_for_the_price(client, provider_owner):
    job = JobFactory()
    client.force_login(provider_owner)

    html = client.get(reverse("marketplace:bid_create", args=[job.pk])).content.decode()

    assert "Price (USD)" in html


def test_an_hourly_bid_says_per_hour_to_the_provider_and_the_buyer(client, provider_owner):
    job = JobFactory(budget_type=BudgetType.HOURLY, budget_min=6, budget_max=10)
    organization = provider_owner.memberships.get().organization
    BidFactory(job=job, organization=organization, submitted_by=provider_owner, price=Decimal(8))

    client.force_login(provider_owner)
    provider_sees = client.get(job.get_absolute_url()).content.decode()
    client.force_login(job.buyer)
    buyer_sees = client.get(reverse("marketplace:bid_comparison", args=[job.pk])).content.decode()

    assert "8.00 USD per hour" in provider_sees
    assert "8.00 USD per hour" in buyer_sees
