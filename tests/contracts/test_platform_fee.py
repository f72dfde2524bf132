"""Fairbid's fee: none unless a setting configures one. When configured, both sides read it
before the award, the contract keeps the rate it was made with, and each release takes it as
an entry of its own, from the price and never from the premium; the books balance with and
without it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.models import DocumentKind, OutgoingKind
from contracts.services import disputes, money
from contracts.services import milestones as milestone_services
from tests.contracts.helpers import assert_books_balance, balance_of, make_contract
from tests.factories import BidFactory, JobFactory

pytestmark = pytest.mark.django_db

FEE_NOTE = "Fairbid keeps a fee of 10% of each amount released to the provider"


def _fund_and_submit(milestone, finance, provider_owner):
    money.payment_record(
        funding=milestone.funding,
        amount=milestone.funding.amount_due,
        bank_reference=f"B{milestone.pk}",
        by=finance,
    )
    milestone_services.milestone_submit(milestone=milestone, by=provider_owner, message="Done.")


def _first(contract):
    return contract.milestones.select_related("funding").first()


def test_without_a_fee_the_whole_price_goes_to_the_provider(
    buyer, provider_owner, finance, two_part_contract
):
    milestone = _first(two_part_contract)
    _fund_and_submit(milestone, finance, provider_owner)

    milestone_services.milestone_approve(milestone=milestone, by=buyer)

    assert two_part_contract.platform_fee_percent == 0
    payable = f"provider:{two_part_contract.provider_id}:provider_payable:USD"
    assert balance_of(payable) == Decimal("600.00")
    assert balance_of("platform:fees:USD") == 0
    assert milestone.outgoing.get(kind=OutgoingKind.PAYOUT).amount == Decimal("600.00")
    assert_books_balance()


def test_a_configured_fee_is_its_own_entry_on_release_and_the_books_balance(
    settings, buyer, provider_owner, finance
):
    settings.CONTRACTS_PLATFORM_FEE_PERCENT = Decimal("10")
    contract = make_contract(
        buyer=buyer,
        provider_owner=provider_owner,
        parts=(Decimal("600.00"), Decimal("400.00")),
        premium=Decimal("5"),
    )
    settings.CONTRACTS_PLATFORM_FEE_PERCENT = Decimal("0")  # the contract keeps its rate
    milestone = _first(contract)
    _fund_and_submit(milestone, finance, provider_owner)
    assert_books_balance()

    milestone_services.milestone_approve(milestone=milestone, by=buyer)

    assert contract.platform_fee_percent == Decimal("10")
    provider = f"provider:{contract.provider_id}"
    assert balance_of(f"{provider}:provider_payable:USD") == Decimal("540.00")
    assert balance_of(f"{provider}:provider_premium_payable:USD") == Decimal("30.00")
    assert balance_of("platform:fees:USD") == Decimal("60.00")
    payout = milestone.outgoing.get(kind=OutgoingKind.PAYOUT)
    assert (payout.amount, payout.premium) == (Decimal("540.00"), Decimal("30.00"))
    remittance = milestone.receipts.get(kind=DocumentKind.REMITTANCE)
    assert (remittance.fee, remittance.total) == (Decimal("60.00"), Decimal("570.00"))
    assert_books_balance()

    money.outgoing_send(outgoing=payout, reference="OUT-1", by=finance)
    assert balance_of(f"{provider}:provider_payable:USD") == 0
    assert balance_of("platform:fees:USD") == Decimal("60.00")
    assert_books_balance()


def test_a_split_charges_the_fee_on_the_providers_share_only(
    settings, buyer, provider_owner, finance, mediator
):
    settings.CONTRACTS_PLATFORM_FEE_PERCENT = Decimal("10")
    contract = make_contract(
        buyer=buyer, provider_owner=provider_owner, parts=(Decimal("600.00"), Decimal("400.00"))
    )
    milestone = _first(contract)
    _fund_and_submit(milestone, finance, provider_owner)
    dispute = disputes.dispute_open(milestone=milestone, by=buyer, reason="Half is missing.")
    disputes.dispute_answer(dispute=dispute, by=provider_owner, answer="It is all there.")

    disputes.dispute_decide(
        dispute=dispute,
        by=mediator,
        outcome="split",
        to_provider=Decimal("300.00"),
        to_buyer=Decimal("300.00"),
        note="Half was delivered.",
    )

    assert balance_of("platform:fees:USD") == Decimal("30.00")
    assert balance_of(f"buyer:{buyer.pk}:buyer_refund_due:USD") == Decimal("300.00")
    assert_books_balance()


def test_both_sides_read_the_fee_before_the_award(settings, client, buyer, provider_owner):
    settings.CONTRACTS_PLATFORM_FEE_PERCENT = Decimal("10")
    job = JobFactory(buyer=buyer)
    organization = provider_owner.memberships.get().organization
    bid = BidFactory(job=job, organization=organization, submitted_by=provider_owner)

    client.force_login(provider_owner)
    bid_form = client.get(reverse("marketplace:bid_create", args=[job.pk]))
    client.force_login(buyer)
    award = client.get(reverse("marketplace:job_award", args=[job.pk, bid.pk]))

    assert FEE_NOTE in bid_form.content.decode()
    assert FEE_NOTE in award.content.decode()


def test_no_fee_is_mentioned_when_there_is_none(client, buyer, provider_owner):
    job = JobFactory(buyer=buyer)
    organization = provider_owner.memberships.get().organization
    bid = BidFactory(job=job, organization=organization, submitted_by=provider_owner)

    client.force_login(buyer)
    award = client.get(reverse("marketplace:job_award", args=[job.pk, bid.pk]))

    assert "Fairbid keeps a fee" not in award.content.decode()


def test_the_contract_and_the_remittance_advice_show_the_fee(
    settings, client, buyer, provider_owner, finance
):
    settings.CONTRACTS_PLATFORM_FEE_PERCENT = Decimal("10")
    contract = make_contract(buyer=buyer, provider_owner=provider_owner, parts=(Decimal("600.00"),))
    milestone = _first(contract)
    _fund_and_submit(milestone, finance, provider_owner)
    milestone_services.milestone_approve(milestone=milestone, by=buyer)
    remittance = milestone.receipts.get(kind=DocumentKind.REMITTANCE)

    client.force_login(provider_owner)
    page = client.get(contract.get_absolute_url()).content.decode()
    advice = client.get(reverse("contracts:receipt_detail", args=[remittance.pk])).content.decode()

    assert "10% of each amount released, kept from the provider's payout" in page
    assert "Fairbid's fee, kept from the work's amount" in advice
    assert "540.00 USD" in advice
