import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.models import DocumentKind, Receipt
from contracts.services import milestones as milestone_services
from contracts.services import money
from tests.contracts.helpers import make_contract

pytestmark = pytest.mark.django_db


def _release_all(contract, buyer, provider, finance):
    for milestone in contract.milestones.select_related("funding"):
        money.payment_record(
            funding=milestone.funding,
            amount=milestone.funding.amount_due,
            bank_reference=f"B{milestone.pk}",
            by=finance,
        )
        milestone_services.milestone_submit(milestone=milestone, by=provider, message="x")
        milestone_services.milestone_approve(milestone=milestone, by=buyer)


@pytest.fixture
def released(two_part_contract, buyer, provider_owner, finance):
    _release_all(two_part_contract, buyer, provider_owner, finance)
    return two_part_contract


def test_each_release_issues_a_receipt_and_a_remittance_numbered_in_sequence(released):
    receipts = Receipt.objects.filter(kind=DocumentKind.RECEIPT).order_by("number")
    remittances = Receipt.objects.filter(kind=DocumentKind.REMITTANCE).order_by("number")

    assert [r.code for r in receipts] == ["R-000001", "R-000002"]
    assert [r.code for r in remittances] == ["RA-000001", "RA-000002"]
    assert [(r.amount, r.premium) for r in receipts] == [
        (Decimal("600.00"), Decimal("30.00")),
        (Decimal("400.00"), Decimal("20.00")),
    ]


def test_the_buyer_sees_receipts_and_the_provider_remittances(
    client, released, buyer, provider_owner, other_provider
):
    receipt = Receipt.objects.filter(kind=DocumentKind.RECEIPT).first()
    remittance = Receipt.objects.filter(kind=DocumentKind.REMITTANCE).first()
    receipt_url = reverse("contracts:receipt_detail", args=[receipt.pk])
    remittance_url = reverse("contracts:receipt_detail", args=[remittance.pk])

    client.force_login(buyer)
    page = client.get(receipt_url).content.decode()
    assert receipt.code in page
    assert "Fair-trade premium" in page
    assert "contracts.css" in page
    assert client.get(remittance_url).status_code == 404
    client.force_login(provider_owner)
    assert client.get(remittance_url).status_code == 200
    assert client.get(receipt_url).status_code == 404
    client.force_login(other_provider)
    assert client.get(remittance_url).status_code == 404


def test_earnings_list_the_period_with_totals_per_currency_and_a_csv(
    client, released, buyer, provider_owner, finance
):
    euro = make_contract(
        buyer=buyer, provider_owner=provider_owner, parts=(Decimal("80.00"),), currency="EUR"
    )
    _release_all(euro, buyer, provider_owner, finance)
    client.force_login(provider_owner)

    page = client.get(reverse("contracts:earnings")).content.decode()
    assert "1,000.00 USD" in page
    assert "50.00 USD" in page
    assert "80.00 EUR" in page
    response = client.get(reverse("contracts:earnings"), {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert sorted(row["number"] for row in rows) == ["RA-000001", "RA-000002", "RA-000003"]
    assert {row["currency"] for row in rows} == {"USD", "EUR"}


def test_a_period_without_releases_says_so(client, released, buyer):
    client.force_login(buyer)
    page = client.get(reverse("contracts:spending"), {"start": "2001-01-01", "end": "2001-12-31"})
    assert "Nothing was released in this period." in page.content.decode()


def test_spending_lists_only_the_buyers_own_receipts(client, released, other_provider):
    client.force_login(other_provider)
    assert "R-000001" not in client.get(reverse("contracts:spending")).content.decode()


def test_the_statement_queries_do_not_grow_with_rows(
    client, buyer, provider_owner, finance, django_assert_max_num_queries
):
    client.force_login(buyer)
    for size in (1, 4):
        contract = make_contract(
            buyer=buyer, provider_owner=provider_owner, parts=(Decimal("10.00"),) * size
        )
        _release_all(contract, buyer, provider_owner, finance)
        with django_assert_max_num_queries(12):
            client.get(reverse("contracts:spending"))
