"""A provider's reputation as parts anyone can read, each a count over a stated period."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from contracts.models import Milestone, MilestoneEvent, MilestoneStatus, Submission
from contracts.models.disputes import Dispute
from impact.reputation import reputations_for
from marketplace.models import Review, ReviewDirection
from tests.factories import BidFactory, BuyerFactory, JobFactory, UserFactory
from tests.impact.conftest import at, make_contract

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


def _milestone(contract, position, due, submitted=None, status=MilestoneStatus.SUBMITTED):
    milestone = Milestone.objects.create(
        contract=contract,
        position=position,
        title=f"Part {position}",
        amount=Decimal("100"),
        due_date=date.fromisoformat(due),
        status=status,
    )
    if submitted:
        with time_machine.travel(at(submitted), tick=False):
            Submission.objects.create(
                milestone=milestone, submitted_by=UserFactory(), message="Done."
            )
    return milestone


def _review(contract, rating, published=True):
    Review.objects.create(
        job=contract.job,
        direction=ReviewDirection.OF_PROVIDER,
        author=contract.buyer,
        provider=contract.provider,
        rating=rating,
        text="Fine.",
        published_at=timezone.now() - timedelta(days=1 if published else -10),
    )


@pytest.fixture
def record(providers):
    firm = providers["UG"]
    buyer, other_buyer = BuyerFactory(), BuyerFactory()
    first = make_contract(
        buyer=buyer,
        provider=firm,
        price="200.00",
        currency="USD",
        awarded="2026-07-01",
        completed="2026-08-20",
    )
    second = make_contract(
        buyer=buyer, provider=firm, price="50.00", currency="USD", awarded="2026-09-01"
    )
    third = make_contract(
        buyer=other_buyer, provider=firm, price="80.00", currency="EUR", awarded="2026-10-01"
    )
    _milestone(first, 1, "2026-08-01", submitted="2026-07-30")
    late = _milestone(first, 2, "2026-08-10", submitted="2026-08-12")
    _milestone(third, 1, "2026-11-01", status=MilestoneStatus.FUNDED)  # overdue, no work yet
    _milestone(third, 2, "2026-12-15", status=MilestoneStatus.FUNDED)  # not due yet
    with time_machine.travel(at("2026-08-13"), tick=False):
        MilestoneEvent.objects.create(
            milestone=late, from_status="submitted", to_status=MilestoneStatus.CHANGES_REQUESTED
        )
        Dispute.objects.create(
            milestone=late,
            opened_by=buyer,
            opened_by_side="buyer",
            reason="Late.",
            answer_due=timezone.now() + timedelta(days=7),
            mediator=UserFactory(),
            outcome="split",
            to_provider=Decimal("50"),
            to_buyer=Decimal("50"),
            premium_to_provider=Decimal("0"),
            premium_to_buyer=Decimal("0"),
            decided_at=timezone.now(),
        )
    _review(first, 5)
    _review(third, 4)
    _review(second, 1, published=False)  # still sealed (double-blind): not counted
    return firm


def test_each_part_is_counted_over_the_period(record):
    reputation = reputations_for([record.pk], today=TODAY)[record.pk]

    assert reputation.as_dict() == {
        "since": date(2024, 11, 27),
        "until": TODAY,
        "contracts": {"started": 3, "completed": 1, "ended_early": 0},
        "milestones": {"due": 3, "on_time": 1},
        "changes": {"submissions": 2, "requested": 1},
        "disputes": {
            "opened": 1,
            "opened_by_buyer": 1,
            "open": 0,
            "released_to_provider": 0,
            "refunded_to_buyer": 0,
            "split": 1,
        },
        "ratings": {"5": 1, "4": 1, "3": 0, "2": 0, "1": 0},
        "buyers": {"total": 2, "repeat": 1},
    }


def test_the_profile_shows_the_parts_with_their_period(client, record):
    with time_machine.travel(at("2026-11-27"), tick=False):
        html = client.get(reverse("marketplace:provider_profile", args=[record.slug])).content
    html = html.decode()
    assert "Track record" in html
    assert "From 27 November 2024 to 27 November 2026" in html
    assert "1 of 3 due in the period, submitted by their due day" in html
    assert "1 opened (1 by the buyer)" in html
    assert "1 of 2 buyers made more than one contract" in html


def test_the_api_gives_the_same_parts(record):
    with time_machine.travel(at("2026-11-27"), tick=False):
        response = APIClient().get(f"/api/v1/providers/{record.slug}/reputation/")
    assert response.status_code == 200
    body = response.json()
    assert body["since"] == "2024-11-27"
    assert body["milestones"] == {"due": 3, "on_time": 1}
    assert body["ratings"]["5"] == 1
    assert APIClient().get("/api/v1/providers/nobody/reputation/").status_code == 404


def test_the_bid_comparison_shows_a_compact_form(client, record, providers):
    job = JobFactory()
    BidFactory(job=job, organization=record)
    BidFactory(job=job, organization=providers["KE"])
    client.force_login(job.buyer)
    with time_machine.travel(at("2026-11-27"), tick=False):
        html = client.get(reverse("marketplace:bid_comparison", args=[job.pk])).content.decode()
    assert "1 completed · 1/3 milestones on time · 1 disputes · 1/2 repeat buyers" in html
    assert "0 completed · 0/0 milestones on time · 0 disputes · 0/0 repeat buyers" in html


def test_the_queries_do_not_grow_with_the_organizations(record, providers):
    with CaptureQueriesContext(connection) as one:
        reputations_for([record.pk], today=TODAY)
    with CaptureQueriesContext(connection) as three:
        reputations_for([org.pk for org in providers.values()], today=TODAY)
    assert len(one) == len(three) == 8
