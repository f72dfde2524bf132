"""A buyer's impact dashboard for a period: known contracts in two currencies give exact
figures, chart data, CSV rows and conversions; its query count does not grow with the
number of contracts."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from impact.figures import CurrencyFigures
from impact.periods import Period
from impact.reports import buyer_report
from impact.services import exchange_rate_save
from tests.factories import (
    BuyerFactory,
    BuyerOrganizationFactory,
    LabelFactory,
    MembershipFactory,
    UserFactory,
)
from tests.impact.conftest import make_contract

pytestmark = pytest.mark.django_db

Q3 = Period(date(2026, 7, 1), date(2026, 9, 30))
Q3_QUERY = {"period": "custom", "start": "2026-07-01", "end": "2026-09-30"}


@pytest.fixture
def buyers():
    company = BuyerOrganizationFactory()
    first = MembershipFactory(organization=company, user=BuyerFactory(), role="owner").user
    colleague = MembershipFactory(organization=company, user=BuyerFactory()).user
    return first, colleague


@pytest.fixture
def contracts(buyers, providers):
    buyer, colleague = buyers
    uganda, kenya, india = providers["UG"], providers["KE"], providers["IN"]
    LabelFactory(organization=uganda, valid_from=date(2026, 1, 1), valid_until=date(2026, 12, 31))
    # India's firm was certified only from August: its July award counts as "other".
    LabelFactory(organization=india, valid_from=date(2026, 8, 1), valid_until=date(2027, 7, 31))
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
    make_contract(
        buyer=colleague, provider=kenya, price="500.00", currency="USD", awarded="2026-08-05"
    )
    make_contract(
        buyer=buyer,
        provider=uganda,
        price="2000.00",
        currency="EUR",
        awarded="2026-09-15",
        completed="2026-10-02",
        premium="200.00",
        paid_on="2026-10-02",  # after the period
    )
    make_contract(
        buyer=buyer,
        provider=india,
        price="300.00",
        currency="EUR",
        awarded="2026-07-20",
        completed="2026-09-01",
    )
    # Awarded before the period, completed in it: counts as completed only.
    make_contract(
        buyer=buyer,
        provider=kenya,
        price="700.00",
        currency="USD",
        awarded="2026-06-10",
        completed="2026-07-05",
    )
    # Another company's contract never counts.
    make_contract(
        buyer=BuyerFactory(),
        provider=uganda,
        price="9999.00",
        currency="USD",
        awarded="2026-08-01",
    )
    return buyer


def test_figures_per_currency_for_the_period(contracts):
    figures = buyer_report(user=contracts, period=Q3).figures

    assert figures.currencies == [
        CurrencyFigures(
            "EUR",
            awarded=Decimal("2300.00"),
            awarded_count=2,
            certified_awarded=Decimal("2000.00"),
            completed=Decimal("300.00"),
            completed_count=1,
            certified_completed=Decimal("0.00"),
        ),
        CurrencyFigures(
            "USD",
            awarded=Decimal("1500.00"),
            awarded_count=2,
            certified_awarded=Decimal("1000.00"),
            completed=Decimal("1700.00"),
            completed_count=2,
            certified_completed=Decimal("1000.00"),
            premiums_paid=Decimal("50.00"),
        ),
    ]
    assert [row.certified_share for row in figures.currencies] == [Decimal("87.0"), Decimal("66.7")]
    assert (figures.provider_count, figures.country_count) == (3, 3)
    assert figures.by_country == {
        "EUR": [("IN", "India", Decimal("300.00")), ("UG", "Uganda", Decimal("2000.00"))],
        "USD": [("KE", "Kenya", Decimal("500.00")), ("UG", "Uganda", Decimal("1000.00"))],
    }
    assert figures.by_income == {
        "EUR": [("Low income", Decimal("2000.00")), ("Lower middle income", Decimal("300.00"))],
        "USD": [("Low income", Decimal("1000.00")), ("Lower middle income", Decimal("500.00"))],
    }
    zero = Decimal("0.00")
    assert figures.by_month == {
        "EUR": [
            (date(2026, 7, 1), zero, Decimal("300.00")),
            (date(2026, 8, 1), zero, zero),
            (date(2026, 9, 1), Decimal("2000.00"), zero),
        ],
        "USD": [
            (date(2026, 7, 1), Decimal("1000.00"), zero),
            (date(2026, 8, 1), zero, Decimal("500.00")),
            (date(2026, 9, 1), zero, zero),
        ],
    }


def test_the_charts_draw_the_figures(contracts):
    eur, usd = buyer_report(user=contracts, period=Q3).charts

    assert [(bar.label, bar.length) for bar in usd.by_country.bars] == [
        ("Uganda", Decimal("360.0")),
        ("Kenya", Decimal("180.0")),
    ]
    assert [(bar.label, bar.length) for bar in eur.by_income.bars] == [
        ("Low income", Decimal("360.0")),
        ("Lower middle income", Decimal("54.0")),
    ]
    july, august, september = usd.by_month.columns
    assert [column.label for column in usd.by_month.columns] == ["Jul 2026", "Aug 2026", "Sep 2026"]
    assert (july.certified.height, july.other.height) == (Decimal("200.0"), Decimal("0.0"))
    assert (august.certified.height, august.other.height) == (Decimal("0.0"), Decimal("100.0"))
    assert september.total == Decimal("0.00")


def test_the_dashboard_page_shows_figures_charts_and_their_tables(client, contracts):
    client.force_login(contracts)

    page = client.get(reverse("impact:dashboard"), Q3_QUERY)

    html = page.content.decode()
    assert page.status_code == 200
    assert "1,500.00 USD" in html
    assert "2,300.00 EUR" in html
    assert "87.0 %" in html
    assert "50.00 USD" in html  # the premium released in the period
    assert html.count('role="img"') == 6
    assert '<th scope="row">Kenya</th><td class="number">500.00 USD</td>' in html
    assert "How these figures are computed" in html
    assert "<script" not in html.split("<main", 1)[1]


def test_converted_figures_show_their_rate_and_date_and_never_guess(client, contracts):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="add_exchangerate"))
    exchange_rate_save(
        by=staff, from_currency="EUR", to_currency="USD", rate=Decimal("1.10"), on=date(2026, 9, 1)
    )
    client.force_login(contracts)

    in_usd = client.get(reverse("impact:dashboard"), {**Q3_QUERY, "convert_to": "USD"})
    in_gbp = client.get(reverse("impact:dashboard"), {**Q3_QUERY, "convert_to": "GBP"})

    html = in_usd.content.decode()
    assert "2,300.00 EUR = 2,530.00 USD" in html
    assert "at 1 EUR = 1.1 USD, rate of 1 September 2026" in html
    assert "4,030.00 USD" in html  # 1,500.00 USD + 2,530.00 USD
    gbp = in_gbp.content.decode()
    assert "no rate from EUR to GBP recorded: not converted" in gbp
    assert "no total: a rate is missing" in gbp


def test_the_csv_lists_the_contracts_behind_the_figures(client, contracts):
    client.force_login(contracts)

    response = client.get(reverse("impact:contracts_csv"), Q3_QUERY)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "fairbid-contracts-2026-07-01-2026-09-30.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][3:] == [
        "country",
        "income_group",
        "certified_at_award",
        "value",
        "currency",
        "premium_percent",
        "premium_paid",
        "awarded_on",
        "completed_on",
    ]
    assert [row[3:] for row in rows[1:]] == [
        [
            "KE",
            "Lower middle income",
            "no",
            "700.00",
            "USD",
            "0.00",
            "0.00",
            "2026-06-10",
            "2026-07-05",
        ],
        ["UG", "Low income", "yes", "1000.00", "USD", "5.00", "50.00", "2026-07-10", "2026-08-20"],
        [
            "IN",
            "Lower middle income",
            "no",
            "300.00",
            "EUR",
            "0.00",
            "0.00",
            "2026-07-20",
            "2026-09-01",
        ],
        ["KE", "Lower middle income", "no", "500.00", "USD", "0.00", "0.00", "2026-08-05", ""],
        [
            "UG",
            "Low income",
            "yes",
            "2000.00",
            "EUR",
            "10.00",
            "200.00",
            "2026-09-15",
            "2026-10-02",
        ],
    ]
    assert rows[1][2] == "Firm in KE"


def test_the_printable_statement_has_the_period_figures_charts_and_method(client, contracts):
    client.force_login(contracts)

    html = client.get(reverse("impact:statement"), Q3_QUERY).content.decode()

    assert "Impact statement" in html
    assert "1 July 2026 to 30 September 2026" in html
    assert "1,500.00 USD" in html
    assert 'role="img"' in html
    assert "How these figures are computed" in html
    assert "css/impact.css" in html


def test_a_custom_period_needs_ordered_days_and_keeps_what_was_typed(client, buyers):
    client.force_login(buyers[0])

    page = client.get(
        reverse("impact:dashboard"),
        {"period": "custom", "start": "2026-09-30", "end": "2026-07-01"},
    )

    assert page.status_code == 400
    assert "The period ends after it starts." in page.content.decode()
    assert 'value="2026-09-30"' in page.content.decode()
    assert client.get(reverse("impact:contracts_csv"), {"period": "custom"}).status_code == 400


def test_an_empty_period_says_so(client, buyers):
    client.force_login(buyers[0])
    html = client.get(reverse("impact:dashboard")).content.decode()
    assert "No contract was awarded or completed in this period." in html


@pytest.mark.parametrize("name", ["impact:dashboard", "impact:statement", "impact:contracts_csv"])
def test_only_buyers_see_impact_reports(client, provider_owner, name):
    assert client.get(reverse(name)).status_code == 302  # to log in
    client.force_login(provider_owner)
    assert client.get(reverse(name)).status_code == 403


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, Q3_QUERY).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["impact:dashboard", "impact:contracts_csv"])
def test_query_count_does_not_grow_with_the_contracts(client, contracts, providers, name):
    client.force_login(contracts)
    few = _queries(client, reverse(name))
    for i in range(8):
        make_contract(
            buyer=contracts,
            provider=providers[["UG", "KE", "IN"][i % 3]],
            price=f"{100 + i}.00",
            currency=["USD", "EUR", "KES"][i % 3],
            awarded=f"2026-0{7 + i % 3}-1{i}",
            completed=f"2026-09-2{i}" if i % 2 else None,
        )
    assert _queries(client, reverse(name)) == few
