"""Making contracts the way people do, and checking the books."""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from contracts.models import Contract
from ledger.selectors import accounts_with_balances, totals_by_currency
from marketplace.models import BidMilestone
from marketplace.services import jobs as job_services
from tests.factories import BidFactory, JobFactory, LabelFactory, UserFactory


def make_contract(
    *,
    buyer,
    provider_owner,
    parts=(),
    premium=Decimal("0"),
    price=None,
    hourly=False,
    hours_a_week=None,
    currency="USD",
) -> Contract:
    """A contract made the way people make one: a bid (with these milestone amounts),
    awarded (with this premium, the provider labelled if there is one), then accepted."""
    organization = provider_owner.memberships.get().organization
    extra = {"budget_type": "hourly", "budget_max": Decimal("2000.00")} if hourly else {}
    job = JobFactory(buyer=buyer, currency=currency, **extra)
    total = price or sum(parts, Decimal("0")) or Decimal("1000.00")
    bid = BidFactory(
        job=job,
        organization=organization,
        submitted_by=provider_owner,
        price=total,
        weekly_hour_limit=hours_a_week,
    )
    for number, amount in enumerate(parts, start=1):
        BidMilestone.objects.create(
            bid=bid,
            title=f"Part {number}",
            amount=amount,
            due_date=timezone.localdate() + timedelta(days=10 * number),
        )
    if premium and not organization.labels.exists():
        LabelFactory(organization=organization)
    job_services.job_award(
        job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer, premium_percent=premium
    )
    job_services.award_accept(job=job, by=provider_owner)
    return Contract.objects.get(job=job)


def staff_in(group_name: str, **fields):
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def assert_books_balance():
    """Every account summed: each currency's total is zero, and no account that may not go
    negative is below zero."""
    assert all(total == 0 for total in totals_by_currency().values()), totals_by_currency()
    overdrawn = [
        (account.key, account.balance)
        for account in accounts_with_balances()
        if not account.may_go_negative and (account.balance or 0) < 0
    ]
    assert overdrawn == []


def balance_of(key: str) -> Decimal:
    account = accounts_with_balances().filter(key=key).first()
    return (account.balance or Decimal("0.00")) if account else Decimal("0.00")
