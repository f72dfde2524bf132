"""Journey: a provider asks before bidding and the buyer answers; a rude message is hidden by
staff; after the award the buyer and the awarded firm exchange files in the contract
conversation, while the other bidder's conversation is closed. In Chromium, at desktop
width and at 360 px, every page checked by axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import (
    Visitor,
    buyer_posts_a_job,
    log_in_to_admin,
    place_bid,
    provider_joins_and_bids,
    set_up_firm,
    sign_up,
    verify_email,
    write_pdf,
)
from tests.browser.test_journeys import (
    BUYER,
    FIRM_A,
    FIRM_B,
    JOB,
    OFFER_A,
    OFFER_B,
    PROVIDER_A,
    PROVIDER_B,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.requires_chromium

QUESTION = "Are the recordings in stereo, with one speaker per channel?"
ANSWER = "Mono, I am afraid. The style guide is at https://example.com/style-guide"


def unread_messages(visitor: Visitor) -> int:
    link = visitor.nav_item(re.compile("^Messages"))
    count = link.locator(".count")
    return int(count.inner_text()) if count.count() else 0


def open_conversation(visitor: Visitor, name: str) -> None:
    """From the navigation's Messages, open the conversation whose row names `name`."""
    visitor.click(visitor.nav_item(re.compile("^Messages")))
    visitor.expect_heading("Conversations")
    visitor.click(visitor.page.get_by_role("link", name=re.compile(re.escape(name))))


def write(visitor: Visitor, text: str, *files) -> None:
    visitor.field("Your message").fill(text)
    if files:
        visitor.field("Attach files").set_input_files(list(files))
    visitor.click(visitor.page.get_by_role("button", name="Send"))
    visitor.expect_message("Your message is sent.")
    expect(visitor.page.locator("#thread")).to_contain_text(text)


def test_question_answer_moderation_and_files_in_the_contract_conversation(
    visit, tmp_path, transactional_db
):
    buyer, job_path = buyer_posts_a_job(visit, BUYER, JOB)

    # Grace's firm asks before bidding, from the job page.
    grace = visit()
    sign_up(grace, PROVIDER_A)
    verify_email(grace, PROVIDER_A)
    set_up_firm(grace, FIRM_A)
    grace.goto(job_path)
    grace.click(grace.page.get_by_role("link", name="Ask the buyer a question"))
    grace.field("Your message").fill(QUESTION)
    grace.click(grace.page.get_by_role("button", name="Send"))
    grace.expect_message("Your message is sent.")
    place_bid(grace, JOB, OFFER_A)

    # Joseph's firm bids and writes something no one should have to read.
    joseph = provider_joins_and_bids(visit, PROVIDER_B, FIRM_B, JOB, OFFER_B)
    joseph.goto(job_path)
    joseph.click(joseph.page.get_by_role("link", name="Ask the buyer a question"))
    joseph.field("Your message").fill("Pick us or regret it, you fool.")
    joseph.click(joseph.page.get_by_role("button", name="Send"))

    # The buyer sees two unread messages, answers Grace, and reports Joseph's message.
    buyer.goto("/")
    assert unread_messages(buyer) == 2
    open_conversation(buyer, FIRM_A.name)
    expect(buyer.page.get_by_text(QUESTION)).to_be_visible()
    write(buyer, ANSWER)
    link = buyer.page.get_by_role("link", name="https://example.com/style-guide")
    expect(link).to_have_attribute("rel", "nofollow noopener ugc")
    assert unread_messages(buyer) == 1
    open_conversation(buyer, FIRM_B.name)
    buyer.click(buyer.page.get_by_role("link", name="Report"))
    buyer.page.get_by_label("What is wrong with this message?").fill("An insult.")
    buyer.click(buyer.page.get_by_role("button", name="Report"))
    buyer.expect_message("Fairbid's staff will look at this message.")

    # Staff hide it in Django admin, with a reason.
    moderator = UserFactory(is_staff=True, is_superuser=True)
    desk = visit()
    log_in_to_admin(desk, moderator.email, PASSWORD)
    desk.click(desk.page.get_by_role("link", name="Reported messages"))
    row = desk.page.get_by_role("row", name=re.compile("regret it"))
    row.get_by_role("checkbox").check()
    desk.page.get_by_role("combobox", name="Action").select_option(label="Hide the message")
    desk.click(desk.page.get_by_role("button", name="Go"))
    desk.page.get_by_label("Note").fill("Insults have no place on Fairbid.")
    desk.click(desk.page.get_by_role("button", name="Hide the message"))
    expect(desk.page.get_by_text("Hide the message: done for 1 reported message.")).to_be_visible()
    buyer.goto(buyer.path)
    expect(buyer.page.get_by_text("This message was hidden by Fairbid's staff.")).to_be_visible()
    expect(buyer.page.get_by_text("regret it")).to_have_count(0)

    # Grace reads the answer; the buyer awards her firm and she accepts.
    grace.goto("/")
    assert unread_messages(grace) == 1
    open_conversation(grace, FIRM_A.name)
    expect(grace.page.get_by_text(ANSWER)).to_be_visible()
    assert unread_messages(grace) == 0
    buyer.goto(f"{job_path}bids/")
    buyer.click(buyer.page.get_by_role("row", name=FIRM_A.name).get_by_role("link", name="Award…"))
    buyer.click(buyer.page.get_by_role("button", name="Award the job"))
    grace.goto(job_path)
    grace.click(grace.page.get_by_role("button", name="Accept the award and start"))

    # The contract conversation is on the job page; both exchange files there.
    expect(grace.page.get_by_text("Contract conversation")).to_be_visible()
    grace.click(grace.page.get_by_role("link", name=re.compile(f"{re.escape(JOB.title)} · ")))
    sample = write_pdf(tmp_path / "transcript-sample.pdf", "Interview 1, first ten minutes")
    write(grace, "Here is a sample of the first interview.", sample)
    # Her open thread refreshes itself and would read what comes next: she moves on.
    grace.goto("/")
    open_conversation(buyer, FIRM_A.name)
    with buyer.page.expect_download() as download:
        buyer.page.get_by_role("link", name="transcript-sample.pdf").click()
    assert download.value.suggested_filename == "transcript-sample.pdf"
    notes = tmp_path / "notes.txt"
    notes.write_text("Speaker names: Ingrid (I), Amos (A).\n")
    write(buyer, "Looks good. Speaker names attached.", notes)
    buyer.screenshot("conversation")

    # Joseph's conversation is closed, with the reason, and takes no more messages.
    joseph.goto("/")
    open_conversation(joseph, FIRM_B.name)
    expect(
        joseph.page.get_by_text("The job was awarded to another provider, so this conversation")
    ).to_be_visible()
    expect(joseph.page.get_by_role("button", name="Send")).to_have_count(0)

    # On a 360 px phone, Grace reads the contract conversation and downloads the notes.
    phone = visit(viewport={"width": 360, "height": 740})
    phone.goto("/accounts/login/")
    phone.field("Email").fill(PROVIDER_A.email)
    phone.field("Password").fill(PROVIDER_A.password)
    phone.click(phone.page.get_by_role("button", name="Log in"))
    assert unread_messages(phone) == 1
    open_conversation(phone, FIRM_A.name)
    expect(phone.page.get_by_role("link", name="notes.txt")).to_be_visible()
    assert phone.fits_width()
    phone.screenshot("conversation-360")


def test_an_open_thread_shows_new_messages_while_visible_and_asks_nothing_while_hidden(
    visit, live_server, transactional_db
):
    from django.conf import settings
    from django.test import Client

    from conversations import services
    from tests.factories import BidFactory, JobFactory, MembershipFactory

    grace = MembershipFactory(owner=True).user
    job = JobFactory()
    BidFactory(job=job, organization=grace.memberships.get().organization)
    conversation = services.conversation_start(job=job, by=grace, text="Stereo?")
    client = Client()
    client.force_login(job.buyer)
    buyer = visit()
    buyer.page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    buyer.goto(conversation.get_absolute_url())
    polls = []
    buyer.page.on(
        "request",
        lambda request: request.headers.get("hx-request") and polls.append(request.url),
    )

    # Visible: Grace's next message appears without a reload (the thread asks every 10 s).
    services.message_post(conversation=conversation, by=grace, text="And mono?")
    expect(buyer.page.get_by_text("And mono?")).to_be_visible(timeout=15_000)
    assert polls

    # Hidden (another tab in front): no request at all.
    buyer.page.evaluate(
        "Object.defineProperty(document, 'hidden', {value: true, configurable: true})"
    )
    asked = len(polls)
    buyer.page.wait_for_timeout(12_000)
    assert len(polls) == asked
