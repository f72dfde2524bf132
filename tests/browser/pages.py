"""What people do in Fairbid's pages, for the browser journeys.

A Visitor is one person in a browser context of their own. Its `goto` and `click` wait for the
page they lead to, check that it answered, and run axe on it. The steps below (sign up, verify
the email, post a job, set up a firm, bid, open a notification, apply for the label, decide an
application in Django admin) are built from them, so a journey reads as what people do, and
new journeys can reuse them.
"""

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from playwright.sync_api import Locator, Page, expect

from core import formats

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
    ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
    _NOISE = re.compile(r'value="[A-Za-z0-9]{32,}"|\d+')

    def __init__(self, impacts: tuple[str, ...] = FAILING_IMPACTS):
        self._axe = Axe()
        self._impacts = impacts
        self._checked: set[str] = set()

    def check(self, page: Page) -> None:
        key = hashlib.sha256(self._NOISE.sub("", page.content()).encode()).hexdigest()
        if key in self._checked:
            return
        violations = self._axe.run(page).response["violations"]
        failing = [v for v in violations if v["impact"] in self._impacts]
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


# The language the journey's people read Fairbid in: their browser asks for it (see the
# journey_language fixture), and the steps look for Fairbid's words as shown in it.
JOURNEY = {"language": "en"}


def t(text: str) -> str:
    """Fairbid's `text` (its English message id) as shown in the journey's language."""
    with translation.override(JOURNEY["language"]):
        return gettext(text)


def t_money(amount: str, currency: str) -> str:
    with translation.override(JOURNEY["language"]):
        return formats.money(Decimal(amount), currency)


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
        return self.page.get_by_role("navigation", name=t("Main"))

    def nav_item(self, name: str | re.Pattern, *, role: str = "link") -> Locator:
        """A link (or button) of the main navigation, opening its menu if that is where it is."""
        item = self.nav().get_by_role(role, name=name, exact=isinstance(name, str))
        if not item.count():
            self.nav().locator("summary").click()
        return item

    def expect_message(self, text: str) -> None:
        expect(self.page.get_by_role("status")).to_contain_text(text)

    def expect_heading(self, text: str | re.Pattern) -> None:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(text)

    def field(self, label: str) -> Locator:
        """The form field labelled exactly `label` (Django's labels end in a colon)."""
        shown = t(label)
        if shown == label:  # a model field's label: its lower-case verbose name, capitalised
            shown = capfirst(t(label[0].lower() + label[1:]))
        return self.page.get_by_label(f"{shown}{t(':')}", exact=True)

    def unread_count(self) -> int:
        """The number shown beside Notifications in the navigation (none shown: 0)."""
        count = self.nav_item(re.compile(f"^{t('Notifications')}")).locator(".count")
        return int(count.inner_text()) if count.count() else 0

    def screenshot(self, name: str, *, full_page: bool = True) -> None:
        if SCREENSHOTS and JOURNEY["language"] == "en":
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
class Part:
    """A milestone of a bid: a part of the price, due so many days after the bid."""

    title: str
    amount: str
    due_in_days: int


@dataclass(frozen=True)
class Offer:
    price: str
    delivery_days: int
    proposal: str
    milestones: tuple[Part, ...] = ()


@dataclass(frozen=True)
class LabelAnswers:
    """A provider's answers to the criteria a reviewer verifies."""

    lowest_monthly_wage: str
    wage_currency: str
    total_workers: int
    impact_workers: int
    who_they_are: str


@dataclass(frozen=True)
class Document:
    """An evidence document: the kind it is filed as, its file, and how long it speaks for."""

    kind: str
    path: Path
    valid_for_days: int


@dataclass(frozen=True)
class Benchmark:
    """The local living wage a reviewer records for an application."""

    monthly: str
    currency: str
    source: str


# Steps


def sign_up(visitor: Visitor, person: Person) -> None:
    page = visitor.page
    visitor.goto("/")
    visitor.click(visitor.nav_item(t("Sign up")))
    visitor.screenshot("sign-up")
    visitor.field("Email").fill(person.email)
    visitor.field("First name").fill(person.first_name)
    visitor.field("Last name").fill(person.last_name)
    role = t(
        "Offer services: my firm bids on jobs"
        if person.offers_services
        else "Buy services: post jobs and hire providers"
    )
    page.get_by_role("radio", name=role).check()
    visitor.field("Password").fill(person.password)
    visitor.field("Password (again)").fill(person.password)
    visitor.click(page.get_by_role("button", name=t("Sign up")))
    visitor.expect_heading(t("Verify Your Email Address"))


def verification_link(email: str) -> str:
    """The confirmation link of the last verification email sent to `email`."""
    for message in reversed(mail.outbox):
        match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body)
        if email in message.to and match:
            return match.group(1)
    raise AssertionError(f"No verification email to {email} in the outbox.")


def log_in(visitor: Visitor, person: Person) -> None:
    visitor.goto("/")
    visitor.click(visitor.nav_item("Log in"))
    visitor.field("Email").fill(person.email)
    visitor.field("Password").fill(person.password)
    visitor.click(visitor.page.get_by_role("button", name="Log in"))
    expect(visitor.nav_item(t("Log out"), role="button")).to_be_visible()


def verify_email(visitor: Visitor, person: Person) -> None:
    """Follow the link from the email and confirm: the person is then logged in, at home."""
    visitor.goto(verification_link(person.email))
    visitor.click(visitor.page.get_by_role("button", name=t("Confirm")))
    expect(visitor.nav_item(t("Log out"), role="button")).to_be_visible()
    assert visitor.path == "/"


def post_job(visitor: Visitor, job: JobPost) -> str:
    """Post and publish a job; return the path of its page."""
    page = visitor.page
    visitor.click(visitor.nav_item(t("Post a job")))
    visitor.field("Title").fill(job.title)
    visitor.field("Description").fill(job.description)
    visitor.field("Category").select_option(label=t(job.category))
    visitor.field("Required skills").fill(job.skills)
    page.get_by_role("radio", name=t("Fixed price")).check()
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
    visitor.click(page.get_by_role("button", name=t("Publish")))
    visitor.expect_message(t("Your job is published."))
    visitor.expect_heading(job.title)
    expect(page.get_by_text(t("Open for bids"), exact=True)).to_be_visible()
    return visitor.path


def set_up_firm(visitor: Visitor, firm: Firm) -> None:
    page = visitor.page
    visitor.click(visitor.nav_item(t("Set up your firm")))
    visitor.expect_heading(t("Set up your firm"))
    visitor.field("Legal name").fill(firm.name)
    visitor.field("Country").select_option(label=t(firm.country))
    visitor.field("City or region").fill(firm.city)
    visitor.field("Year founded").fill(str(firm.year_founded))
    visitor.field("Number of employees").fill(str(firm.employees))
    visitor.field("Share owned by people living in the country (%)").fill(
        str(firm.local_ownership_percent)
    )
    visitor.field("Short description").fill(firm.description)
    visitor.screenshot("set-up-your-firm")
    visitor.click(page.get_by_role("button", name=t("Create")))
    visitor.expect_message(t("{org} is set up. Welcome to Fairbid.").format(org=firm.name))
    expect(visitor.nav_item(t("My firm"))).to_be_visible()


def place_bid(visitor: Visitor, job: JobPost, offer: Offer) -> None:
    """Find the job in the job list and bid on it."""
    page = visitor.page
    visitor.click(visitor.nav_item(t("Jobs")))
    visitor.click(page.get_by_role("link", name=job.title))
    visitor.click(page.get_by_role("link", name=t("Place a bid")))
    # The label names the job's currency, and "per hour" on an hourly job.
    price = (t("Price (%(currency)s)"), t("Hourly rate (%(currency)s per hour)"))
    labels = "|".join(re.escape(label % {"currency": job.currency}) for label in price)
    visitor.page.get_by_label(re.compile(f"^({labels})")).fill(offer.price)
    visitor.field("Delivery time (days)").fill(str(offer.delivery_days))
    visitor.field("Proposal").fill(offer.proposal)
    for number, part in enumerate(offer.milestones):
        visitor.field("Title").nth(number).fill(part.title)
        visitor.field("Amount").nth(number).fill(part.amount)
        due = date.today() + timedelta(days=part.due_in_days)
        visitor.field("Due date").nth(number).fill(f"{due:%Y-%m-%d}")
    visitor.screenshot("place-a-bid")
    visitor.click(page.get_by_role("button", name=t("Place bid")))
    visitor.expect_message(t("Your bid is placed. The buyer has been told."))
    expect(page.get_by_text(t("Your firm's bid"))).to_be_visible()


def open_notification(visitor: Visitor, message: str | re.Pattern) -> None:
    """Come back to Fairbid, see the unread count in the navigation, open Notifications and
    follow the unread one saying `message`.

    The notification leads to the page it is about, and the count goes down by one.
    """
    visitor.goto("/")
    unread = visitor.unread_count()
    assert unread >= 1, f"No unread notification; expected one saying {message!r}."
    visitor.click(visitor.nav_item(re.compile(f"^{t('Notifications')}")))
    visitor.expect_heading(t("Notifications"))
    link = visitor.page.get_by_role("listitem").filter(has=visitor.page.locator("strong"))
    link = link.get_by_role("link", name=message)
    expect(link).to_have_count(1)
    visitor.click(link)
    assert visitor.unread_count() == unread - 1


# The label


def write_pdf(path: Path, text: str) -> Path:
    """Write a small, valid one-page PDF showing `text` (ASCII, without parentheses)."""
    content = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    path.write_bytes(bytes(pdf))
    return path


def apply_for_label(visitor: Visitor, answers: LabelAnswers, documents: list[Document]) -> None:
    """The firm's owner opens Label, starts an application, answers, uploads each document,
    signs the labour code and submits."""
    page = visitor.page
    visitor.click(visitor.nav_item("My firm's label"))
    visitor.click(page.get_by_role("button", name="Apply for the label"))
    visitor.expect_message("Your application is started.")

    visitor.field("Lowest full-time monthly wage").fill(answers.lowest_monthly_wage)
    visitor.field("Currency of the wage").fill(answers.wage_currency)
    visitor.field("Total workers").fill(str(answers.total_workers))
    visitor.field("Impact workers").fill(str(answers.impact_workers))
    visitor.field("Who your impact workers are").fill(answers.who_they_are)
    visitor.click(page.get_by_role("button", name="Save answers"))
    visitor.expect_message("Your answers are saved.")

    for document in documents:
        visitor.field("What it shows").select_option(label=document.kind)
        visitor.field("Document").set_input_files(document.path)
        until = date.today() + timedelta(days=document.valid_for_days)
        visitor.field("Valid until").fill(f"{until:%Y-%m-%d}")
        visitor.click(page.get_by_role("button", name="Upload"))
        visitor.expect_message("The document is uploaded and kept private.")
        expect(page.get_by_role("link", name=document.path.name)).to_be_visible()

    expect(visitor.field("Your full name")).not_to_be_empty()
    page.get_by_role("checkbox", name="I have read the Fairbid code").check()
    visitor.click(page.get_by_role("button", name="Sign the code"))
    visitor.expect_message("You signed the Fairbid code of labour practices.")
    visitor.screenshot("label-application")
    visitor.click(page.get_by_role("button", name="Submit for review"))
    visitor.expect_message("Your application is submitted.")
    expect(page.get_by_text("Your application is submitted.", exact=True)).to_be_visible()


def log_in_to_admin(visitor: Visitor, email: str, password: str) -> None:
    visitor.goto("/admin/")
    visitor.page.get_by_label("Email").fill(email)
    visitor.page.get_by_label("Password").fill(password)
    visitor.click(visitor.page.get_by_role("button", name="Log in"))
    expect(visitor.page.get_by_role("heading", name="Site administration")).to_be_visible()


def approve_in_admin(visitor: Visitor, firm: Firm, benchmark: Benchmark, note: str) -> None:
    """A reviewer finds the firm's application, records the living-wage benchmark, and
    approves it with the admin action, which asks for a note."""
    page = visitor.page
    visitor.click(page.get_by_role("link", name="Applications", exact=True))
    page.get_by_role("textbox", name="Search").fill(firm.name)
    visitor.click(page.get_by_role("button", name="Search"))
    row = page.get_by_role("row", name=firm.name)
    expect(row).to_contain_text("Submitted")
    visitor.click(row.get_by_role("link").first)

    page.get_by_label("Local living-wage benchmark (monthly)").fill(benchmark.monthly)
    page.get_by_label("Benchmark currency").fill(benchmark.currency)
    page.get_by_label("Benchmark source").fill(benchmark.source)
    today = date.today()
    page.get_by_label("Benchmark date").fill((today - timedelta(days=30)).isoformat())
    for evidence in ("Payroll", "Workforce"):
        accepted_until = page.get_by_label(f"{evidence} evidence accepted until")
        accepted_until.fill((today + timedelta(days=180)).isoformat())
    visitor.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    expect(page.get_by_text("Not saved")).to_have_count(0)

    row = page.get_by_role("row", name=firm.name)
    row.get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action").select_option(label="Approve and grant the label")
    visitor.click(page.get_by_role("button", name="Go"))
    page.get_by_label("Note").fill(note)
    visitor.screenshot("label-approval-in-admin")
    visitor.click(page.get_by_role("button", name="Approve and grant the label"))
    expect(page.get_by_text("Approve and grant the label: done for 1 application.")).to_be_visible()
    expect(page.get_by_role("row", name=firm.name)).to_contain_text("Approved")


def badge_words(visitor: Visitor, code: str) -> list[str]:
    """Open the label's embeddable badge in the browser and read the words the SVG shows.

    The badge is an image for other sites to embed, not a page, so axe does not check it.
    """
    response = visitor.page.goto(f"/labels/{code}/badge.svg")
    assert response.ok, f"The badge answered {response.status}"
    assert response.headers["content-type"].startswith("image/svg+xml")
    return visitor.page.locator("svg text").all_text_contents()


def valid_until_on_label_page(visitor: Visitor) -> date:
    """The last day of the label whose public page is open."""
    text = visitor.page.locator("dt:text-is('Valid until') + dd").inner_text()
    return datetime.strptime(text, "%d %B %Y").date()


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
