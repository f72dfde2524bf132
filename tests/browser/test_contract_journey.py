"""Journey: a fixed-price contract with two milestones, paid by bank transfer. The buyer awards
the bid, the provider accepts; the buyer reads the transfer instructions, finance records the
transfer in Django admin; the provider submits, the buyer asks for changes, the provider
submits again and the buyer approves; finance records the payout and the provider confirms it
arrived. In Chromium, every page checked by axe, the contract page also at 360 px."""

import re

import pytest
from playwright.sync_api import expect

from contracts.models import Funding
from contracts.services.staff import FINANCE_GROUP_NAME
from tests.browser.pages import (
    Firm,
    Offer,
    Part,
    Person,
    Visitor,
    buyer_posts_a_job,
    log_in,
    log_in_to_admin,
    open_notification,
    provider_joins_and_bids,
)
from tests.browser.test_journeys import BUYER, JOB
from tests.contracts.helpers import assert_books_balance, staff_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.requires_chromium

PROVIDER = Person("Amina", "Wanjiru", "amina@example.com", offers_services=True)
FIRM = Firm(
    name="Nairobi Audio Scribes",
    country="Kenya",
    city="Nairobi",
    year_founded=2018,
    employees=11,
    local_ownership_percent=100,
    description="Transcription of research interviews in Swahili, Luganda and English.",
)
OFFER = Offer(
    price="2000",
    delivery_days=30,
    proposal="Two transcribers per language; every file is checked by a second person.",
    milestones=(
        Part("First 20 interviews", "1200", 14),
        Part("Last 20 interviews", "800", 30),
    ),
)
FIRST = OFFER.milestones[0].title


def milestone(visitor: Visitor, title: str):
    """The section of the contract page about the milestone named `title`."""
    return visitor.page.get_by_role("region", name=re.compile(re.escape(title)))


def run_admin_action(desk: Visitor, model: str, row_name: str, action: str, **fields) -> None:
    """In Django admin, select the one row of `model` named `row_name`, run `action`, fill the
    action's form and apply it."""
    page = desk.page
    desk.goto("/admin/")
    desk.click(page.get_by_role("link", name=model, exact=True))
    row = page.get_by_role("row", name=row_name)
    row.get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action").select_option(label=action)
    desk.click(page.get_by_role("button", name="Go"))
    for label, value in fields.items():
        page.get_by_label(label).fill(value)
    desk.click(page.get_by_role("button", name=action))
    expect(page.get_by_text(f"{action}: done for 1")).to_be_visible()


def test_a_milestone_is_funded_by_transfer_submitted_twice_approved_and_paid_out(
    visit, transactional_db
):
    buyer, job_path = buyer_posts_a_job(visit, BUYER, JOB)
    amina = provider_joins_and_bids(visit, PROVIDER, FIRM, JOB, OFFER)

    # The buyer awards the bid with its two milestones; Amina accepts.
    buyer.goto(f"{job_path}bids/")
    buyer.click(buyer.page.get_by_role("row", name=FIRM.name).get_by_role("link", name="Award…"))
    for part in OFFER.milestones:
        expect(buyer.page.get_by_text(part.title)).to_be_visible()
    buyer.click(buyer.page.get_by_role("button", name="Award the job"))
    amina.goto(job_path)
    amina.click(amina.page.get_by_role("button", name="Accept the award and start"))
    amina.expect_message("You accepted the award. The job is in progress.")
    amina.click(amina.page.get_by_role("link", name="Open the contract"))
    contract_path = amina.path
    expect(
        amina.page.get_by_text("Start work on a milestone only once it is funded.")
    ).to_be_visible()
    expect(milestone(amina, FIRST)).to_contain_text("Not funded yet: do not start this work.")

    # The buyer reads how to pay the first milestone: a transfer with its own reference.
    buyer.goto(contract_path)
    first = milestone(buyer, FIRST)
    expect(first).to_contain_text("Waiting for funding")
    reference = first.locator(".transfer strong").inner_text()
    assert Funding.objects.filter(reference=reference, amount_due=1200).exists()
    expect(first).to_contain_text(f"with the reference {reference}")
    assert_books_balance()

    # Finance, staff in the Finance group and not superuser, records the transfer in admin.
    finance = staff_in(FINANCE_GROUP_NAME, email="finance@fairbid.test")
    assert not finance.is_superuser
    desk = visit()
    log_in_to_admin(desk, finance.email, PASSWORD)
    run_admin_action(
        desk,
        "Fundings",
        reference,
        "Record a payment received with this reference",
        **{
            "Amount received": "1200.00",
            "Bank's or operator's reference of the transfer": "KCB-2026-118834",
        },
    )
    assert_books_balance()

    # Amina is told the milestone is funded, and submits the work.
    open_notification(amina, re.compile(f"^“{FIRST}” of “{re.escape(JOB.title)}” is funded"))
    assert amina.path == contract_path
    first = milestone(amina, FIRST)
    expect(first).to_contain_text("Funded")
    first.get_by_label("What do you hand over?").fill("Interviews 1 to 20, in the shared folder.")
    amina.click(first.get_by_role("button", name="Submit the work"))
    amina.expect_message("Your work is submitted. The buyer has been told.")

    # The buyer asks for changes, with the reason; Amina submits again.
    buyer.goto(contract_path)
    first = milestone(buyer, FIRST)
    first.get_by_label("Or ask for changes: what needs changing?").fill(
        "Interview 7 has no timestamps."
    )
    buyer.click(first.get_by_role("button", name="Ask for changes"))
    buyer.expect_message("You asked for changes. The provider has been told.")
    amina.goto(contract_path)
    first = milestone(amina, FIRST)
    expect(first).to_contain_text("Changes requested: Interview 7 has no timestamps.")
    first.get_by_label("What do you hand over?").fill("Interview 7 now has timestamps.")
    amina.click(first.get_by_role("button", name="Submit the work"))

    # The buyer approves: the money held is released to Amina's firm.
    buyer.goto(contract_path)
    first = milestone(buyer, FIRST)
    expect(first).to_contain_text("Approved automatically on")
    buyer.click(first.get_by_role("button", name=re.compile("^Approve and release")))
    buyer.expect_message("You approved the milestone: its money is released to the provider.")
    first = milestone(buyer, FIRST)
    expect(first).to_contain_text("Released")
    expect(first).to_contain_text("Finance prepares the transfer")
    assert_books_balance()

    # Finance records the payout sent; Amina confirms it arrived.
    run_admin_action(
        desk,
        "Outgoing payments",
        "Payout",
        "Record as sent, with the transfer's reference",
        **{"Reference of the transfer sent": "KCB-OUT-552190"},
    )
    assert_books_balance()
    amina.goto(contract_path)
    first = milestone(amina, FIRST)
    expect(first).to_contain_text("Sent (reference KCB-OUT-552190)")
    amina.click(first.get_by_role("button", name="Confirm it arrived"))
    amina.expect_message("Thank you: the payment is confirmed as received.")
    expect(milestone(amina, FIRST)).to_contain_text("Received, confirmed")
    expect(milestone(amina, OFFER.milestones[1].title)).to_contain_text("Waiting for funding")
    amina.screenshot("contract")

    # On a 360 px phone, Amina reads the contract without scrolling sideways.
    phone = visit(viewport={"width": 360, "height": 740})
    log_in(phone, PROVIDER)
    phone.goto(contract_path)
    expect(milestone(phone, FIRST)).to_contain_text("Released")
    assert phone.fits_width()
    phone.screenshot("contract-360")
