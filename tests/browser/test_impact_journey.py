"""Journey: the demo's buyer, who awarded work to certified firms (with fair-trade premiums)
and to other firms, in US dollars and euros, opens the impact dashboard for this year, reads
the figures and the charts, downloads the contracts as CSV and opens the printable statement;
a visitor opens the public /impact/ page. In Chromium, every page checked by axe, at desktop
width and on a 360 px phone, where nothing may stick out sideways.

The data is `seed_demo`'s, made through the services (awards, transfers, releases, premium
uses and the hourly summary), so the journey sees what `make run` shows."""

import csv
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from demo.accounts import DEMO_PASSWORD
from tests.browser.pages import Person, Visitor, log_in

pytestmark = pytest.mark.requires_chromium

BUYER = Person("Alice", "Morgan", "buyer@demo.fairbid.test", password=DEMO_PASSWORD)
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo")


def fits_360(visitor: Visitor) -> bool:
    return visitor.page.evaluate("document.documentElement.scrollWidth <= 360")


def show_this_year(visitor: Visitor) -> None:
    visitor.click(visitor.nav_item("Your impact"))
    visitor.expect_heading("Your impact")
    visitor.field("Period").select_option(label="This year")
    visitor.click(visitor.page.get_by_role("button", name="Show"))


def figures_row(visitor: Visitor, currency: str) -> list[str]:
    """The cells of a currency's row in the figures table, spaces made plain."""
    row = visitor.page.locator("table.figures tbody tr").filter(
        has=visitor.page.get_by_role("rowheader", name=currency, exact=True)
    )
    return [" ".join(cell.split()) for cell in row.locator("td").all_inner_texts()]


def bar_lengths(visitor: Visitor, chart: str) -> dict[str, float]:
    """The drawn length of each bar of a horizontal bar chart, by its label."""
    bars = visitor.page.locator(f'svg[data-chart="{chart}"] g[data-label]')
    return {
        bar.get_attribute("data-label"): float(bar.locator("rect").get_attribute("width"))
        for bar in bars.all()
    }


def test_buyer_reads_the_impact_of_a_year_and_a_visitor_the_platform(visit, demo, tmp_path):
    today = timezone.localdate()
    buyer = visit()
    log_in(buyer, BUYER)
    show_this_year(buyer)

    # The figures, per currency, never added together.
    assert figures_row(buyer, "USD") == [
        "8,100.00 USD (4 contracts)",
        "7,200.00 USD",
        "88.9 %",
        "4,700.00 USD (3 contracts)",
        "226.00 USD",
    ]
    assert figures_row(buyer, "EUR") == [
        "5,100.00 EUR (2 contracts)",
        "2,100.00 EUR",
        "41.2 %",
        "5,100.00 EUR (2 contracts)",
        "105.00 EUR",
    ]
    expect(buyer.page.locator("dt:text-is('Countries reached') + dd")).to_have_text("5")
    # Three charts in each currency, drawn on the server, each with its data beneath.
    expect(buyer.page.locator('svg[role="img"]')).to_have_count(6)
    assert bar_lengths(buyer, "impact-usd-country") == {
        "Uganda": 360.0,
        "Kenya": 72.0,
        "Rwanda": 54.0,
    }
    assert bar_lengths(buyer, "impact-usd-income") == {
        "Low income": 360.0,
        "Lower middle income": 62.6,
    }
    month = buyer.page.locator(f'svg[data-chart="impact-usd-month"] g[data-label="{today:%b %Y}"]')
    expect(month.locator('rect[data-series="certified"]')).to_have_attribute("height", "177.8")
    expect(month.locator('rect[data-series="other"]')).to_have_attribute("height", "22.2")
    expect(
        buyer.page.get_by_role("table", name="Awarded value by country, EUR: the data")
    ).to_contain_text("Cabo Verde")
    assert buyer.fits_width()
    buyer.screenshot("impact-dashboard")

    # The contracts behind the figures, as CSV.
    with buyer.page.expect_download() as download:
        buyer.page.get_by_role("link", name="Download the contracts (CSV)").click()
    assert (
        download.value.suggested_filename
        == f"fairbid-contracts-{today.year}-01-01-{today.year}-12-31.csv"
    )
    saved = tmp_path / "contracts.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(saved.open(encoding="utf-8")))
    assert [
        (
            row["provider"],
            row["certified_at_award"],
            row["value"],
            row["currency"],
            row["premium_paid"],
        )
        for row in rows
    ] == [
        ("Kampala Data Works Ltd", "yes", "3400.00", "USD", "0.00"),
        ("Kampala Data Works Ltd", "yes", "2600.00", "USD", "130.00"),
        ("Nairobi Transcribe Co.", "yes", "1200.00", "USD", "96.00"),
        ("Praia Translation Services", "yes", "2100.00", "EUR", "105.00"),
        ("Himalaya Code Collective", "no", "3000.00", "EUR", "0.00"),
        ("Kigali Support Center", "no", "900.00", "USD", "0.00"),
    ]

    # The one-page statement for a sustainability report: the same figures, without the
    # buttons when printed.
    buyer.click(buyer.page.get_by_role("link", name="Printable impact statement"))
    buyer.expect_heading("Impact statement")
    expect(buyer.page.locator("p.lead")).to_contain_text(
        f"by Alice Morgan's company, 1 January {today.year} to 31 December {today.year}."
    )
    assert figures_row(buyer, "USD")[1] == "7,200.00 USD"
    buyer.page.emulate_media(media="print")
    expect(buyer.page.get_by_role("link", name="Back to the dashboard")).to_be_hidden()
    expect(buyer.page.locator("svg[role='img']").first).to_be_visible()

    # A visitor sees the platform's totals as the hourly task computed them.
    visitor = visit()
    visitor.goto("/")
    visitor.click(visitor.page.get_by_role("link", name="Fairbid's impact"))
    visitor.expect_heading("Fairbid's impact")
    expect(visitor.page.get_by_text(re.compile(r"^Last updated "))).to_be_visible()
    assert figures_row(visitor, "USD") == [
        "8,980.00 USD",
        "7,200.00 USD",
        "3,800.00 USD",
        "226.00 USD",
        "105.00 USD",
    ]
    expect(visitor.page.locator('svg[role="img"]')).to_have_count(4)
    assert visitor.fits_width()
    visitor.screenshot("impact-public")

    # On a 360 px phone, each page fits the screen.
    phone = visit(viewport=PHONE)
    log_in(phone, BUYER)
    show_this_year(phone)
    assert fits_360(phone)
    phone.page.get_by_role("heading", name="Figures", exact=True).evaluate(
        "heading => heading.scrollIntoView()"
    )
    phone.screenshot("impact-dashboard-360", full_page=False)
    phone.click(phone.page.get_by_role("link", name="Printable impact statement"))
    assert fits_360(phone)
    phone.goto("/impact/dashboard/?period=this_year&convert_to=USD")
    expect(phone.page.get_by_text("Converted into USD")).to_be_visible()
    assert fits_360(phone)
    phone_visitor = visit(viewport=PHONE)
    phone_visitor.goto("/impact/")
    assert fits_360(phone_visitor)
