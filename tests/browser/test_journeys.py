"""Journeys through Fairbid in Chromium, clicking and typing as people do.

Each journey is one test. Later journeys replay the earlier ones as steps (pages.py), because
every test starts from an empty database and nothing is written behind the browser's back.
"""

import re
from datetime import UTC, datetime, time, timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from certification.services.incomes import country_incomes_load
from tests.browser.pages import (
    Benchmark,
    Document,
    Firm,
    JobPost,
    LabelAnswers,
    Offer,
    Person,
    Visitor,
    apply_for_label,
    approve_in_admin,
    badge_words,
    buyer_posts_a_job,
    log_in,
    log_in_to_admin,
    open_notification,
    provider_joins_and_bids,
    t,
    t_money,
    valid_until_on_label_page,
    write_pdf,
)
from tests.factories import PASSWORD as REVIEWER_PASSWORD

pytestmark = pytest.mark.requires_chromium

BUYER = Person("Ingrid", "Holm", "ingrid@example.com")
JOB = JobPost(
    title="Transcribe 40 hours of oral history interviews",
    description="Interviews in English and Luganda, recorded in 2023. We need clean verbatim "
    "transcripts with timestamps every two minutes.",
    category="Transcription",
    skills="Luganda, English, transcription",
    budget="2400",
    currency="USD",
)
PROVIDER_A = Person("Grace", "Namutebi", "grace@example.com", offers_services=True)
FIRM_A = Firm(
    name="Kampala Transcripts Ltd",
    country="Uganda",
    city="Kampala",
    year_founded=2016,
    employees=14,
    local_ownership_percent=100,
    description="Transcription and translation in Luganda, Swahili and English.",
)
OFFER_A = Offer(
    price="2200",
    delivery_days=21,
    proposal="Two native Luganda speakers transcribe; a third checks every file.",
)
PROVIDER_B = Person("Joseph", "Otieno", "joseph@example.com", offers_services=True)
FIRM_B = Firm(
    name="Lakeside Data Services",
    country="Kenya",
    city="Kisumu",
    year_founded=2019,
    employees=8,
    local_ownership_percent=90,
    description="Data entry and transcription for research projects.",
)
OFFER_B = Offer(
    price="2350",
    delivery_days=18,
    proposal="A team of four transcribers with research experience; delivery in weekly batches.",
)

LABEL_ANSWERS = LabelAnswers(
    lowest_monthly_wage="820000",
    wage_currency="UGX",
    total_workers=14,
    impact_workers=6,
    who_they_are="Six of our transcribers were out of work for more than a year before joining.",
)
BENCHMARK = Benchmark(
    monthly="700000", currency="UGX", source="Living-wage estimate for urban Uganda, 2025"
)
APPROVAL_NOTE = "Payroll and workforce records check out; the lowest wage is above the benchmark."
COUNTRY_INCOME_FILES = ["country_income_groups_fy2025.csv", "country_income_groups.csv"]


@pytest.fixture
def country_incomes(transactional_db):
    """The World Bank income groups the location criterion is judged on, as `make run` loads
    them: reference data, oldest fiscal year first."""
    data = Path(__file__).resolve().parents[2] / "certification" / "data"
    for name in COUNTRY_INCOME_FILES:
        country_incomes_load(path=data / name)


@pytest.fixture
def evidence(tmp_path) -> list[Document]:
    """The firm's documents, as PDF files on the owner's computer. They speak for two years,
    longer than the label, so only the label's own end date ends it."""
    return [
        Document(
            kind="Payroll summary (fair pay)",
            path=write_pdf(tmp_path / "payroll-summary.pdf", "Payroll summary, 14 workers"),
            valid_for_days=730,
        ),
        Document(
            kind="Impact workforce records",
            path=write_pdf(tmp_path / "impact-workforce.pdf", "Impact workforce, 6 of 14"),
            valid_for_days=730,
        ),
    ]


def test_buyer_signs_up_verifies_email_and_posts_a_job(visit):
    buyer, job_path = buyer_posts_a_job(visit, BUYER, JOB)

    buyer.screenshot("job-detail-buyer")
    buyer.click(buyer.nav_item(t("Dashboard")))
    expect(buyer.page.get_by_role("link", name=JOB.title)).to_be_visible()
    expect(buyer.page.get_by_role("link", name="Compare bids")).to_be_visible()

    # Anyone, on a small phone, finds the job in the list.
    phone = visit(viewport={"width": 360, "height": 740})
    phone.goto("/jobs/")
    expect(phone.page.get_by_text("1 job found.")).to_be_visible()
    # The first Tab shows the link that skips the navigation.
    phone.page.keyboard.press("Tab")
    skip = phone.page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    phone.page.keyboard.press("Enter")
    expect(phone.page.get_by_role("main")).to_be_focused()
    assert phone.fits_width()
    phone.screenshot("job-list-360")
    phone.click(phone.page.get_by_role("link", name=JOB.title))
    assert phone.path == job_path
    phone.expect_heading(JOB.title)
    assert phone.fits_width()
    phone.screenshot("job-detail-360")


@pytest.mark.parametrize("journey_language", ["en", "fr"], indirect=True)
def test_two_providers_sign_up_set_up_their_firms_and_bid(visit):
    buyer, job_path = buyer_posts_a_job(visit, BUYER, JOB)

    grace = provider_joins_and_bids(visit, PROVIDER_A, FIRM_A, JOB, OFFER_A)
    grace.screenshot("job-detail-provider")
    joseph = provider_joins_and_bids(visit, PROVIDER_B, FIRM_B, JOB, OFFER_B)

    # Bids are sealed: a bidder sees how many there are, not the others' prices.
    grace.goto(job_path)
    expect(grace.page.get_by_text(t_money(OFFER_A.price, "USD"))).to_be_visible()
    expect(grace.page.get_by_text(t_money(OFFER_B.price, "USD"))).to_have_count(0)
    joseph.click(joseph.nav_item(t("Dashboard")))
    expect(joseph.page.get_by_role("link", name=JOB.title)).to_be_visible()
    joseph.screenshot("provider-dashboard")

    # The buyer is told of each bid.
    buyer.goto("/")
    assert buyer.unread_count() == 2
    open_notification(
        buyer,
        t("{organization} bid {price} on “{job}”.").format(
            organization=FIRM_B.name, price=t_money(OFFER_B.price, "USD"), job=JOB.title
        ),
    )
    assert buyer.path == f"{job_path}bids/"
    expect(buyer.page.get_by_role("row", name=FIRM_A.name)).to_be_visible()
    expect(buyer.page.get_by_role("row", name=FIRM_B.name)).to_be_visible()


def test_buyer_awards_a_bid_provider_delivers_twice_and_both_review(visit):
    buyer, job_path = buyer_posts_a_job(visit, BUYER, JOB)
    grace = provider_joins_and_bids(visit, PROVIDER_A, FIRM_A, JOB, OFFER_A)
    joseph = provider_joins_and_bids(visit, PROVIDER_B, FIRM_B, JOB, OFFER_B)

    # The buyer compares the bids, first from certified providers only: none is certified yet.
    buyer.goto("/")
    buyer.click(buyer.page.get_by_role("link", name="Compare bids"))
    bids = buyer.page
    certified_only = buyer.field("Certified providers only")
    certified_only.check()
    buyer.click(bids.get_by_role("button", name="Apply"))
    expect(bids.get_by_text("No bid matches these filters.")).to_be_visible()
    expect(certified_only).to_be_checked()
    certified_only.uncheck()
    buyer.click(bids.get_by_role("button", name="Apply"))
    expect(bids.get_by_role("row", name=FIRM_B.name)).to_be_visible()
    buyer.screenshot("bid-comparison")
    buyer.click(bids.get_by_role("row", name=FIRM_A.name).get_by_role("link", name="Award…"))
    buyer.expect_heading(f"Award “{JOB.title}” to {FIRM_A.name}?")
    buyer.click(buyer.page.get_by_role("button", name="Award the job"))
    buyer.expect_message(f"You awarded the job to {FIRM_A.name}.")
    assert buyer.path == job_path

    # Grace's firm is told, and accepts; Joseph's firm is told it was not selected.
    open_notification(grace, f"Your bid on “{JOB.title}” was awarded. Accept or decline the award.")
    assert grace.path == job_path
    grace.click(grace.page.get_by_role("button", name="Accept the award and start"))
    grace.expect_message("You accepted the award. The job is in progress.")
    open_notification(joseph, f"“{JOB.title}” was awarded to another provider.")
    expect(joseph.page.get_by_text("Not selected", exact=True)).to_be_visible()
    open_notification(buyer, f"{FIRM_A.name} accepted “{JOB.title}”. The work has started.")

    # Grace delivers; the buyer asks for a revision, with the reason.
    grace.goto(job_path)
    grace.field("What you deliver").fill("All 40 transcripts are in the shared folder.")
    grace.click(grace.page.get_by_role("button", name="Mark as delivered"))
    grace.expect_message("Your delivery is sent to the buyer.")
    delivered = f"The work on “{JOB.title}” was delivered. Accept it or request a revision."
    open_notification(buyer, delivered)
    reason = "Interviews 12 and 31 have no timestamps."
    buyer.page.get_by_label("What needs revising?").fill(reason)
    buyer.screenshot("delivery-to-review")
    buyer.click(buyer.page.get_by_role("button", name="Request a revision"))
    buyer.expect_message("You asked for a revision. The provider has been told.")

    # Grace delivers again; the buyer accepts, and the job is completed.
    open_notification(grace, f"The buyer asked for a revision of “{JOB.title}”: {reason}")
    expect(grace.page.get_by_text(f"Revision requested: {reason}")).to_be_visible()
    grace.field("What you deliver").fill("Interviews 12 and 31 now have timestamps.")
    grace.click(grace.page.get_by_role("button", name="Mark as delivered"))
    open_notification(buyer, delivered)
    buyer.click(buyer.page.get_by_role("button", name="Accept delivery and complete"))
    buyer.expect_message("You accepted the delivery. The job is completed")
    expect(buyer.page.get_by_text("Completed", exact=True)).to_be_visible()
    open_notification(
        grace, f"The buyer accepted your delivery of “{JOB.title}”. The job is completed."
    )

    # Both review each other, double-blind: the first review stays sealed until the second.
    review = "Careful work, and quick to fix what we asked."
    buyer.goto(job_path)
    buyer.page.get_by_role("radio", name="5 ★").check()
    buyer.field("Your review").fill(review)
    buyer.click(buyer.page.get_by_role("button", name="Publish review"))
    buyer.expect_message("Thank you: your review is sealed until the other side writes theirs")
    open_notification(grace, re.compile(f"You were reviewed for “{re.escape(JOB.title)}”"))
    expect(grace.page.get_by_text(review)).to_have_count(0)
    grace.page.get_by_role("radio", name="4 ★").check()
    grace.field("Your review").fill("Clear brief and quick answers to our questions.")
    grace.click(grace.page.get_by_role("button", name="Publish review"))
    grace.expect_message("Thank you: both reviews are now published.")
    expect(grace.page.get_by_text(review)).to_be_visible()
    open_notification(
        buyer, f"You received a 4-star review for “{JOB.title}”; both reviews are now published."
    )
    buyer.screenshot("job-completed")

    # Anyone sees the review on the firm's public profile.
    visitor = visit()
    visitor.goto("/providers/")
    visitor.click(visitor.page.get_by_role("link", name=FIRM_A.name))
    visitor.expect_heading(FIRM_A.name)
    expect(visitor.page.get_by_text(review)).to_be_visible()
    visitor.screenshot("provider-profile")


def grace_earns_the_label(visit, reviewer, evidence) -> tuple[Visitor, Visitor, str]:
    """Journey 4's steps: Grace's firm bids on the buyer's job and applies for the label, and
    a reviewer approves it in Django admin. The buyer's and Grace's browsers, and the job."""
    buyer, job_path = buyer_posts_a_job(visit, BUYER, JOB)
    grace = provider_joins_and_bids(visit, PROVIDER_A, FIRM_A, JOB, OFFER_A)
    apply_for_label(grace, LABEL_ANSWERS, evidence)
    # The reviewer is staff in the "Certification reviewers" group, not a superuser.
    assert reviewer.is_staff
    assert not reviewer.is_superuser
    desk = visit()
    log_in_to_admin(desk, reviewer.email, REVIEWER_PASSWORD)
    approve_in_admin(desk, FIRM_A, BENCHMARK, APPROVAL_NOTE)
    return buyer, grace, job_path


def follow_the_badge(buyer: Visitor, anyone: Visitor, job_path: str, badge: str) -> str:
    """See `badge` on the firm's bid, as the buyer compares bids, and on the firm's public
    profile; follow it there to the label's public page. Return the label's code."""
    buyer.goto(f"{job_path}bids/")
    expect(buyer.page.get_by_role("row", name=FIRM_A.name)).to_contain_text(badge)
    anyone.goto("/providers/")
    anyone.click(anyone.page.get_by_role("link", name=FIRM_A.name))
    anyone.expect_heading(FIRM_A.name)
    anyone.click(anyone.page.get_by_role("main").get_by_role("link", name=badge))
    code = anyone.path.split("/")[2]
    anyone.expect_heading(f"Fairbid label {code}")
    return code


def test_provider_applies_for_the_label_a_reviewer_approves_and_the_badge_shows(
    visit, reviewer, country_incomes, evidence
):
    buyer, grace, job_path = grace_earns_the_label(visit, reviewer, evidence)

    # Grace is told, with the label's end date and code.
    open_notification(grace, re.compile("^Your organization carries the Fairbid label until"))
    expect(grace.page.get_by_role("main").get_by_text("Fairbid certified")).to_be_visible()
    expect(grace.page.get_by_text(re.compile(r"· Approved on"))).to_be_visible()

    # The buyer, comparing bids for certified providers only, now finds Grace's firm.
    buyer.goto(f"{job_path}bids/")
    buyer.field("Certified providers only").check()
    buyer.click(buyer.page.get_by_role("button", name="Apply"))
    expect(buyer.page.get_by_role("row", name=FIRM_A.name)).to_be_visible()

    # Anyone can check the badge: the bid, the profile, the public page and the badge image.
    anyone = visit()
    code = follow_the_badge(buyer, anyone, job_path, "Fairbid certified")
    expect(anyone.page.get_by_text("This label is in force")).to_be_visible()
    expect(anyone.page.get_by_role("link", name=FIRM_A.name)).to_be_visible()
    anyone.screenshot("label-verification")
    assert badge_words(anyone, code) == ["Fairbid", "certified"]


def test_label_shows_expired_everywhere_once_its_end_date_passes_and_labels_are_recomputed(
    visit, reviewer, country_incomes, evidence
):
    buyer, grace, job_path = grace_earns_the_label(visit, reviewer, evidence)
    anyone = visit()
    code = follow_the_badge(buyer, anyone, job_path, "Fairbid certified")
    last_day = valid_until_on_label_page(anyone)

    # The day after the label's last day, the operator recomputes the labels.
    with time_machine.travel(datetime.combine(last_day + timedelta(days=1), time(9), UTC)):
        output = StringIO()
        call_command("recompute_labels", stdout=output)
        assert "active → expired 1" in output.getvalue()

        # A year on, the buyer's and Grace's sessions have ended: they log in again.
        log_in(buyer, BUYER)
        log_in(grace, PROVIDER_A)
        open_notification(grace, re.compile("^Your Fairbid label is now expired"))
        grace.expect_heading(f"Fairbid label {code}")

        assert follow_the_badge(buyer, anyone, job_path, "Label expired") == code
        expect(anyone.page.get_by_text("This label expired")).to_be_visible()
        anyone.click(anyone.page.get_by_role("link", name=FIRM_A.name))
        expect(anyone.page.get_by_role("main").get_by_text("Label expired")).to_be_visible()
        anyone.screenshot("provider-profile-label-expired")
        assert badge_words(anyone, code) == ["Fairbid", "expired"]
