"""What people do in Fairbid's pages, for the browser journeys.

A Visitor is one person in a browser context of their own. Its `goto` and `click` wait for the
page they lead to, check that it answered, and run axe on it. The steps below (sign up, verify
the email, post a job, set up a firm, bid, open a notification) are built from them, so a
journey reads as what people do, and new journeys can reuse them.
"""

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import Locator, Page, expect

PASSWORD = "correct-horse-battery-42"

# FAIRBID_SCREENSHOTS=1 (`make screenshots`) refreshes the pictures in docs/screenshots/;
# ordinary test runs leave them alone.
SCREENSHOTS = os.environ.get("FAIRBID_SCREENSHOTS") == "1"
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


# Accessibility


class AccessibilityAudit:
    """Runs axe-core on pages; any violation of impact serious or critical fails the test.

    A page whose markup is the same as one already checked (apart from numbers, such as ids,
    dates and counts, and CSRF tokens) is not checked again in the session, so journeys that
    replay earlier ones stay fast.
    """

    FAILING_IMPACTS = ("serious", "critical")
    _NOISE = re.compile(r'value="[A-Za-z0-9]{32,}"|\d+')

    def __init__(self):
        self._axe = Axe()
        self._checked: set[str] = set()

    def check(self, page: Page) -> None:
        key = hashlib.sha256(self._NOISE.sub("", page.content()).encode()).hexdigest()
        if key in self._checked:
            return
        violations = self._axe.run(page).response["violations"]
        failing = [v for v in violations if v["impact"] in self.FAILING_IMPACTS]
        assert not failing, describe_violations(page.url, failing)
        self._checked.add(key)


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} serious or critical problem(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html']}")
            summary = node.get("failureSummary", "").replace("\n", " ").strip()
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


# A person in a browser


class Visitor:
    def __init__(self, page: Page, audit: AccessibilityAudit):
        self.page = page
        self.audit = audit

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path

    def goto(self, path: str) -> None:
        response = self.page.goto(path)
        self._arrived(response, f"GET {path}")

    def click(self, target: Locator) -> None:
        """Click a link or a submit button and wait for the page it leads to."""
        with self.page.expect_navigation() as navigation:
            target.click()
        self._arrived(navigation.value, f"after clicking {target}")

    def _arrived(self, response, what: str) -> None:
        assert response is not None, f"No page loaded {what}"
        assert response.ok, f"{response.url} answered {response.status} {what}"
        self.audit.check(self.page)

    # What is on every page

    def nav(self) -> Locator:
        return self.page.get_by_role("navigation", name="Main")

    def expect_message(self, text: str) -> None:
        expect(self.page.get_by_role("status")).to_contain_text(text)

    def expect_heading(self, text: str | re.Pattern) -> None:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(text)

    def field(self, label: str) -> Locator:
        """The form field labelled exactly `label` (Django's labels end in a colon)."""
        return self.page.get_by_label(f"{label}:", exact=True)

    def unread_count(self) -> int:
        """The number shown beside Notifications in the navigation (none shown: 0)."""
        count = self.nav().get_by_role("link", name=re.compile("^Notifications")).locator(".count")
        return int(count.inner_text()) if count.count() else 0

    def screenshot(self, name: str, *, full_page: bool = True) -> None:
        if SCREENSHOTS:
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=SCREENSHOT_DIR / f"{name}.png", full_page=full_page)

    def fits_width(self) -> bool:
        """Nothing sticks out sideways, so nobody has to scroll horizontally."""
        return self.page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )


# People, firms, jobs and bids in the journeys


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    email: str
    offers_services: bool = False
    password: str = PASSWORD


@dataclass(frozen=True)
class Firm:
    name: str
    country: str
    city: str
    year_founded: int
    employees: int
    local_ownership_percent: int
    description: str


@dataclass(frozen=True)
class JobPost:
    title: str
    description: str
    category: str
    skills: str
    budget: str
    currency: str
    bids_close_in_days: int = 14
    delivery_in_days: int = 45


@dataclass(frozen=True)
class Offer:
    price: str
    delivery_days: int
    proposal: str


# Steps


def sign_up(visitor: Visitor, person: Person) -> None:
    page = visitor.page
    visitor.goto("/")
    visitor.click(visitor.nav().get_by_role("link", name="Sign up"))
    visitor.screenshot("sign-up")
    visitor.field("Email").fill(person.email)
    visitor.field("First name").fill(person.first_name)
    visitor.field("Last name").fill(person.last_name)
    role = "Offer services" if person.offers_services else "Buy services"
    page.get_by_role("radio", name=re.compile(f"^{role}")).check()
    visitor.field("Password").fill(person.password)
    visitor.field("Password (again)").fill(person.password)
    visitor.click(page.get_by_role("button", name="Sign up"))
    visitor.expect_heading("Verify Your Email Address")


def verification_link(email: str) -> str:
    """The confirmation link of the last verification email sent to `email`."""
    for message in reversed(mail.outbox):
        match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body)
        if email in message.to and match:
            return match.group(1)
    raise AssertionError(f"No verification email to {email} in the outbox.")


def verify_email(visitor: Visitor, person: Person) -> None:
    """Follow the link from the email and confirm: the person is then logged in, at home."""
    visitor.goto(verification_link(person.email))
    visitor.click(visitor.page.get_by_role("button", name="Confirm"))
    expect(visitor.nav().get_by_role("button", name="Log out")).to_be_visible()
    assert visitor.path == "/"


def post_job(visitor: Visitor, job: JobPost) -> str:
    """Post and publish a job; return the path of its page."""
    page = visitor.page
    visitor.click(visitor.nav().get_by_role("link", name="Post a job"))
    visitor.field("Title").fill(job.title)
    visitor.field("Description").fill(job.description)
    visitor.field("Category").select_option(label=job.category)
    visitor.field("Required skills").fill(job.skills)
    page.get_by_role("radio", name="Fixed price").check()
    visitor.field("Budget from").fill(job.budget)
    visitor.field("Currency").select_option(job.currency)
    today = date.today()
    visitor.field("Bid deadline").fill(
        f"{today + timedelta(days=job.bids_close_in_days):%Y-%m-%d}T17:00"
    )
    visitor.field("Expected delivery date").fill(
        f"{today + timedelta(days=job.delivery_in_days):%Y-%m-%d}"
    )
    visitor.screenshot("post-a-job")
    visitor.click(page.get_by_role("button", name="Publish"))
    visitor.expect_message("Your job is published.")
    visitor.expect_heading(job.title)
    expect(page.get_by_text("Open for bids", exact=True)).to_be_visible()
    return visitor.path


def set_up_firm(visitor: Visitor, firm: Firm) -> None:
    page = visitor.page
    visitor.click(visitor.nav().get_by_role("link", name="Set up your firm"))
    visitor.expect_heading("Set up your firm")
    visitor.field("Legal name").fill(firm.name)
    visitor.field("Country").select_option(label=firm.country)
    visitor.field("City or region").fill(firm.city)
    visitor.field("Year founded").fill(str(firm.year_founded))
    visitor.field("Number of employees").fill(str(firm.employees))
    visitor.field("Share owned by people living in the country (%)").fill(
        str(firm.local_ownership_percent)
    )
    visitor.field("Short description").fill(firm.description)
    visitor.screenshot("set-up-your-firm")
    visitor.click(page.get_by_role("button", name="Create"))
    visitor.expect_message(f"{firm.name} is set up.")
    expect(visitor.nav().get_by_role("link", name="My firm")).to_be_visible()


def place_bid(visitor: Visitor, job: JobPost, offer: Offer) -> None:
    """Find the job in the job list and bid on it."""
    page = visitor.page
    visitor.click(visitor.nav().get_by_role("link", name="Jobs"))
    visitor.click(page.get_by_role("link", name=job.title))
    visitor.click(page.get_by_role("link", name="Place a bid"))
    visitor.field("Price").fill(offer.price)
    visitor.field("Delivery time (days)").fill(str(offer.delivery_days))
    visitor.field("Proposal").fill(offer.proposal)
    visitor.screenshot("place-a-bid")
    visitor.click(page.get_by_role("button", name="Place bid"))
    visitor.expect_message("Your bid is placed.")
    expect(page.get_by_text("Your firm's bid")).to_be_visible()


def open_notification(visitor: Visitor, message: str | re.Pattern) -> None:
    """Come back to Fairbid, see the unread count in the navigation, open Notifications and
    follow the unread one saying `message`.

    The notification leads to the page it is about, and the count goes down by one.
    """
    visitor.goto("/")
    unread = visitor.unread_count()
    assert unread >= 1, f"No unread notification; expected one saying {message!r}."
    visitor.click(visitor.nav().get_by_role("link", name=re.compile("^Notifications")))
    visitor.expect_heading("Notifications")
    link = visitor.page.get_by_role("listitem").filter(has=visitor.page.locator("strong"))
    link = link.get_by_role("link", name=message)
    expect(link).to_have_count(1)
    visitor.click(link)
    assert visitor.unread_count() == unread - 1


# Steps that whole journeys build on


def buyer_posts_a_job(visit, buyer: Person, job: JobPost) -> tuple[Visitor, str]:
    """Journey 1 as a step: the buyer's browser, and the path of the published job."""
    visitor = visit()
    sign_up(visitor, buyer)
    verify_email(visitor, buyer)
    return visitor, post_job(visitor, job)


def provider_joins_and_bids(
    visit, provider: Person, firm: Firm, job: JobPost, offer: Offer
) -> Visitor:
    """A provider signs up, verifies, sets up the firm and bids on `job`."""
    visitor = visit()
    sign_up(visitor, provider)
    verify_email(visitor, provider)
    set_up_firm(visitor, firm)
    place_bid(visitor, job, offer)
    return visitor
