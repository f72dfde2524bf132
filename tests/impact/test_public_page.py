"""/impact/: the platform's totals, computed by a beat task into one summary row; the page
reads that row only."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from impact.models import PlatformSummary, PremiumUse
from impact.tasks import refresh_platform_summary
from ledger.models import Account, Entry, Transaction
from marketplace.models import JobStatus
from tests.factories import BuyerFactory, JobFactory, LabelFactory, MembershipFactory
from tests.impact.conftest import at, make_contract

pytestmark = pytest.mark.django_db


def _premium_released(provider, amount, currency):
    """A release's premium entry, as contracts' books write it."""
    account, _ = Account.objects.get_or_create(
        key=f"provider:{provider.pk}:provider_premium_payable:{currency}",
        defaults={"kind": "provider_premium_payable", "name": "Premium", "currency": currency},
    )
    escrow = Account.objects.create(
        key=f"escrow-{Account.objects.count()}",
        kind="premium_escrow",
        name="Held",
        currency=currency,
        may_go_negative=True,
    )
    movement = Transaction.objects.create(
        idempotency_key=f"t-{Account.objects.count()}",
        kind="milestone_released",
        description="Released",
        currency=currency,
    )
    Entry.objects.create(transaction=movement, account=escrow, amount=-amount, currency=currency)
    Entry.objects.create(transaction=movement, account=account, amount=amount, currency=currency)


@pytest.fixture
def platform(providers):
    buyer = BuyerFactory()
    uganda, kenya, india = providers["UG"], providers["KE"], providers["IN"]
    LabelFactory(organization=uganda, valid_from=date(2026, 1, 1), valid_until=date(2026, 12, 31))
    LabelFactory(organization=india, valid_from=date(2026, 1, 1), valid_until=date(2026, 12, 31))
    make_contract(
        buyer=buyer,
        provider=uganda,
        price="1000.00",
        currency="USD",
        awarded="2026-07-10",
        completed="2026-08-20",
        premium="50.00",
        paid_on="2026-08-20",
    )
    make_contract(buyer=buyer, provider=kenya, price="400.00", currency="USD", awarded="2026-08-05")
    make_contract(buyer=buyer, provider=india, price="300.00", currency="EUR", awarded="2026-09-20")
    _premium_released(uganda, Decimal("50.00"), "USD")
    PremiumUse.objects.create(
        organization=uganda,
        used_on=date(2026, 9, 1),
        amount=Decimal("30.00"),
        currency="USD",
        purpose="training",
        description="Two staff trained in accessibility audits.",
        reported_by=MembershipFactory(organization=uganda).user,
    )
    JobFactory(status=JobStatus.COMPLETED)
    return buyer


def test_the_beat_task_computes_the_platform_totals(platform):
    with time_machine.travel(at("2026-11-27"), tick=False):
        refresh_platform_summary()

    figures = PlatformSummary.objects.get().figures
    assert figures["awarded"] == {"EUR": "300.00", "USD": "1400.00"}
    assert figures["awarded_certified"] == {"EUR": "300.00", "USD": "1000.00"}
    assert figures["paid_certified"] == {"USD": "1000.00"}
    assert figures["premiums_paid"] == {"USD": "50.00"}
    assert figures["premiums_reported"] == {"USD": "30.00"}
    assert figures["jobs_completed"] == 1
    assert figures["contracts"] == {"n": 3, "certified": 2}
    assert figures["certified_by_country"] == [["IN", 1], ["UG", 1]]
    assert figures["certified_by_income"] == [["low", 1], ["lower_middle", 1]]
    assert figures["months"]["USD"][-5:] == [
        ["2026-07-01", "1000.00", "0.00"],
        ["2026-08-01", "0.00", "400.00"],
        ["2026-09-01", "0.00", "0.00"],
        ["2026-10-01", "0.00", "0.00"],
        ["2026-11-01", "0.00", "0.00"],
    ]
    assert len(figures["months"]["USD"]) == 12


def test_the_public_page_shows_the_totals_charts_and_time_of_update(client, platform):
    with time_machine.travel(at("2026-11-27"), tick=False):
        refresh_platform_summary()

    html = client.get(reverse("impact:public")).content.decode()

    assert "Last updated 27 November 2026, 12:00 UTC" in html
    assert '<td class="number" data-label="Awarded">1,400.00 USD</td>' in html
    assert '<td class="number" data-label="Premium uses reported">30.00 USD</td>' in html
    assert html.count('role="img"') == 4  # two bar charts, one monthly chart per currency
    assert '<th scope="row">Uganda</th><td class="number">1</td>' in html
    assert '<th scope="row">Low income</th><td class="number">1</td>' in html


def test_before_the_first_computation_the_page_says_so(client, db):
    html = client.get(reverse("impact:public")).content.decode()
    assert "have not been computed yet" in html


def test_the_page_costs_the_same_queries_whatever_the_number_of_contracts(
    client, platform, providers, django_assert_num_queries
):
    refresh_platform_summary()
    with django_assert_num_queries(1):
        client.get(reverse("impact:public"))
    for i in range(6):
        make_contract(
            buyer=platform,
            provider=providers["KE"],
            price="10.00",
            currency="KES",
            awarded=f"2026-10-1{i}",
        )
    refresh_platform_summary()
    with django_assert_num_queries(1):
        client.get(reverse("impact:public"))


def test_the_summary_task_is_on_beats_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "impact.tasks.refresh_platform_summary" in tasks
