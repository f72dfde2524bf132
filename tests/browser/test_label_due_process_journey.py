"""Journey: due process on a label. A reviewer records a minor finding in Django admin and the
public page says "corrective action open until …"; a reviewer then suspends the label with a
major finding, the owner appeals on the site, a different reviewer overturns the suspension
in admin, and the owner and the public see the outcome. In Chromium, every page checked by
axe."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from certification.models import Label
from tests.browser import test_journeys
from tests.browser.pages import Visitor, log_in_to_admin, open_notification, write_pdf
from tests.browser.test_journeys import FIRM_A, grace_earns_the_label
from tests.factories import PASSWORD, ReviewerFactory

pytestmark = pytest.mark.requires_chromium

# The label journey's fixtures: the World Bank data and the firm's evidence documents.
country_incomes = test_journeys.country_incomes
evidence = test_journeys.evidence

STATEMENT = "The overtime was paid with the April wages; the bank statement shows each payment."
OVERTURN_NOTE = "The bank statement shows every overtime hour paid within the month."


def record_finding(desk: Visitor, *, severity: str, problem: str, action: str, days: int):
    """In Django admin, record a finding on the firm's label, due in `days` days."""
    page = desk.page
    desk.goto("/admin/certification/label/")
    page.get_by_role("row", name=FIRM_A.name).get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action").select_option(label="Record a finding")
    desk.click(page.get_by_role("button", name="Go"))
    page.get_by_role("radio", name=re.compile(f"^{severity}:")).check()
    page.get_by_label("What is wrong:", exact=True).fill(problem)
    page.get_by_label("What must be done:", exact=True).fill(action)
    deadline = (date.today() + timedelta(days=days)).isoformat()
    page.get_by_label("Deadline:", exact=True).fill(deadline)
    desk.click(page.get_by_role("button", name="Record a finding"))
    expect(page.get_by_text("Record a finding: done for 1 label.")).to_be_visible()


def test_a_finding_a_suspension_and_its_appeal_decided_by_another_reviewer(
    visit, reviewer, country_incomes, evidence, tmp_path
):
    other_reviewer = ReviewerFactory(email="samuel@example.com", first_name="Samuel")
    _buyer, grace, _job_path = grace_earns_the_label(visit, reviewer, evidence)
    code = Label.objects.get(organization__name=FIRM_A.name).code
    desk = visit()
    log_in_to_admin(desk, reviewer.email, PASSWORD)

    # A minor finding: the label stays in force, with a corrective action shown publicly.
    record_finding(
        desk,
        severity="Minor",
        problem="Overtime was paid two months late.",
        action="Pay overtime with the monthly wage and show three payslips.",
        days=30,
    )
    anyone = visit()
    anyone.goto(f"/labels/{code}/")
    expect(anyone.page.get_by_text("Certified · corrective action open until")).to_be_visible()

    # A major finding suspends the label; Grace is told and appeals on the site.
    record_finding(
        desk,
        severity="Major",
        problem="Overtime records were missing for three months.",
        action="Show the overtime records and the payments.",
        days=20,
    )
    open_notification(grace, "Your Fairbid label is now suspended")
    grace.goto("/certification/appeals/")
    grace.expect_heading("Appeals")
    decision = grace.page.get_by_role("region", name="A reviewer's suspension of the label")
    decision.get_by_label("Why the decision is wrong").fill(STATEMENT)
    statement_pdf = write_pdf(tmp_path / "bank-statement.pdf", "Bank statement, April")
    decision.get_by_label("Evidence (optional)").set_input_files(statement_pdf)
    grace.click(decision.get_by_role("button", name="Appeal this decision"))
    grace.expect_message("Your appeal is lodged.")
    expect(grace.page.get_by_text("Appeal lodged")).to_be_visible()
    expect(grace.page.get_by_role("button", name="Appeal this decision")).to_have_count(0)

    # The reviewer who suspended cannot decide the appeal; another reviewer overturns it.
    judge = visit()
    log_in_to_admin(judge, other_reviewer.email, PASSWORD)
    judge.click(judge.page.get_by_role("link", name="Appeals", exact=True))
    judge.page.get_by_role("row", name=FIRM_A.name).get_by_role("checkbox").check()
    judge.page.get_by_role("combobox", name="Action").select_option(
        label="Overturn the decision appealed"
    )
    judge.click(judge.page.get_by_role("button", name="Go"))
    judge.page.get_by_label("Note").fill(OVERTURN_NOTE)
    judge.click(judge.page.get_by_role("button", name="Overturn the decision appealed"))
    done = judge.page.get_by_text("Overturn the decision appealed: done for 1 appeal.")
    expect(done).to_be_visible()

    # Grace sees the outcome; the public record lists the appeal, and the label is in force.
    open_notification(grace, "A reviewer overturned the suspension of your Fairbid label")
    grace.goto("/certification/appeals/")
    expect(grace.page.get_by_text("Appeal successful:")).to_be_visible()
    expect(grace.page.get_by_text(OVERTURN_NOTE)).to_be_visible()
    anyone.goto(f"/labels/{code}/")
    expect(anyone.page.get_by_text("This label is in force")).to_be_visible()
    expect(anyone.page.get_by_text("Appeal of the suspension")).to_be_visible()
    expect(anyone.page.get_by_text("Decision overturned on")).to_be_visible()
