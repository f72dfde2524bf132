import pytest
from django.urls import reverse

from conversations import selectors, services
from conversations.models import Message
from marketplace.services import jobs as job_services
from tests.factories import (
    MembershipFactory,
    ReviewerFactory,
    png_upload,
    text_upload,
)
from tests.utils import JOB_ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(conversation, buyer):
    """The conversation with the buyer's answer carrying an image and a text file."""
    message = services.message_post(
        conversation=conversation,
        by=buyer,
        text="Stereo. Here is a sample and the glossary.",
        uploads=[png_upload("sample.png"), text_upload("glossary.txt")],
    )
    image, text = (a.file for a in message.attachments.order_by("pk"))
    return conversation, message, image, text


# Who gets what: the two parties read and download; everyone else gets nothing (anonymous
# is sent to log in; others get 404, so they learn nothing of what exists).
PARTIES = {"buyer": 200, "provider_member": 200}
OUTSIDERS = {"anonymous": 302, "other_buyer": 404, "other_provider": 404, "staff": 404}


def _urls(conversation, message, image, text):
    pk = conversation.pk
    return {
        "thread": reverse("conversations:detail", args=[pk]),
        "download": reverse("conversations:attachment", args=[pk, text.pk]),
        "image": reverse("conversations:attachment", args=[pk, image.pk]),
        "preview": reverse("conversations:attachment_preview", args=[pk, image.pk]),
        "report": reverse("conversations:message_report", args=[pk, message.pk]),
    }


@pytest.mark.parametrize("role", JOB_ROLES)
@pytest.mark.parametrize("url", ["thread", "download", "image", "preview", "report"])
def test_permission_matrix_of_a_conversation_and_its_files(as_role, thread, role, url):
    client = as_role(role)

    response = client.get(_urls(*thread)[url])

    assert response.status_code == {**PARTIES, **OUTSIDERS}[role]
    if role in PARTIES and url != "thread" and url != "report":
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("role", JOB_ROLES)
def test_staff_read_a_conversation_once_a_message_in_it_is_reported(as_role, thread, buyer, role):
    conversation, message, image, text = thread
    services.message_report(message=conversation.messages.first(), by=buyer, reason="Spam")
    client = as_role(role)

    responses = [client.get(url) for url in _urls(*thread).values() if "report" not in url]

    expected = {**PARTIES, **OUTSIDERS, "staff": 200}[role]
    assert {response.status_code for response in responses} == {expected}


@pytest.mark.parametrize("role", JOB_ROLES)
def test_permission_matrix_of_the_job_conversations_page(as_role, job, conversation, role):
    response = as_role(role).get(reverse("conversations:job", args=[job.pk]))

    # A provider that can see the job may ask (other_provider sees the question form); its
    # own conversation opens directly.
    expected = {
        "anonymous": 302,
        "buyer": 200,
        "other_buyer": 200,
        "provider_member": 302,
        "other_provider": 200,
        "staff": 200,
    }[role]
    assert response.status_code == expected
    if role in ("other_buyer", "other_provider", "staff"):
        assert conversation.organization.name not in response.content.decode()


@pytest.mark.parametrize("role", JOB_ROLES)
def test_writing_is_for_the_parties_only(as_role, conversation, role):
    client = as_role(role)
    before = Message.objects.count()

    response = client.post(
        reverse("conversations:detail", args=[conversation.pk]), {"text": "Hello"}
    )

    expected = {**PARTIES, **OUTSIDERS}[role]
    assert response.status_code == (302 if expected == 200 else expected)
    assert Message.objects.count() == before + (1 if expected == 200 else 0)


def test_a_file_of_another_conversation_is_not_found_through_this_one(
    client, job, buyer, thread, other_provider
):
    other = services.conversation_start(
        job=job, by=other_provider, text="Our file", uploads=[text_upload("ours.txt")]
    )
    theirs = other.messages.get().attachments.get().file
    conversation = thread[0]
    client.force_login(buyer)

    response = client.get(reverse("conversations:attachment", args=[conversation.pk, theirs.pk]))

    assert response.status_code == 404


def test_files_of_a_withdrawn_or_hidden_message_are_no_longer_downloadable(
    client, thread, buyer, provider_member
):
    conversation, message, image, text = thread
    services.message_withdraw(message=message, by=buyer)
    client.force_login(provider_member)

    response = client.get(reverse("conversations:attachment", args=[conversation.pk, text.pk]))

    assert response.status_code == 404


def test_a_provider_asks_from_the_job_page_and_the_buyer_answers_without_javascript(
    client, job, buyer, provider_member
):
    client.force_login(provider_member)
    job_page = client.get(job.get_absolute_url()).content.decode()
    assert "Ask the buyer a question" in job_page

    response = client.post(
        reverse("conversations:job", args=[job.pk]),
        {"text": "Are the recordings in stereo?", "files": [text_upload()]},
    )
    conversation = selectors.conversations_for(user=provider_member).get()
    assert response.status_code == 302
    assert response["Location"] == conversation.get_absolute_url()

    client.force_login(buyer)
    assert '<span class="count"' in client.get("/").content.decode()  # unread in the nav
    page = client.get(conversation.get_absolute_url())
    assert "Are the recordings in stereo?" in page.content.decode()
    assert selectors.unread_message_count(user=buyer) == 0  # shown, so read
    response = client.post(conversation.get_absolute_url(), {"text": "Yes, stereo."})
    assert response.status_code == 302
    assert selectors.unread_message_count(user=provider_member) == 1


def test_the_buyer_writes_to_a_bidder_from_the_job_conversations_page(
    client, job, buyer, bid, firm, provider_member
):
    client.force_login(buyer)
    page = client.get(reverse("conversations:job", args=[job.pk]))
    assert firm.name in page.content.decode()

    response = client.post(
        reverse("conversations:job", args=[job.pk]),
        {"organization": firm.pk, "text": "Could you start on Monday?"},
    )

    assert response.status_code == 302
    assert selectors.unread_message_count(user=provider_member) == 1


def test_a_refused_message_is_shown_on_the_form_with_400(client, conversation, buyer):
    client.force_login(buyer)

    response = client.post(conversation.get_absolute_url(), {"text": ""})

    assert response.status_code == 400
    assert "Write a message or attach a file." in response.content.decode()


def test_a_refused_file_is_shown_on_the_form_with_400(client, conversation, buyer):
    client.force_login(buyer)

    response = client.post(
        conversation.get_absolute_url(),
        {"text": "See attached", "files": [text_upload("run.exe", b"MZ\x90\x00" + b"\x00" * 60)]},
    )

    assert response.status_code == 400
    assert "is not a file Fairbid accepts" in response.content.decode()


def test_a_closed_conversation_is_read_only_with_a_line_saying_why(
    client, job, buyer, bid, rival_bid, other_provider, provider_member
):
    rival = services.conversation_start(job=job, by=other_provider, text="Any news?")
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer)
    job_services.award_accept(job=job, by=provider_member)
    client.force_login(other_provider)

    page = client.get(rival.get_absolute_url()).content.decode()

    assert "The job was awarded to another provider, so this conversation is closed." in page
    assert "Write a message" not in page
    assert "Any news?" in page


def test_the_contract_conversation_is_on_the_job_page(
    client, job, buyer, bid, firm, provider_member
):
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer)
    contract = services.conversation_start(job=job, by=buyer, organization=firm, text="Hi!")
    client.force_login(provider_member)

    page = client.get(job.get_absolute_url()).content.decode()

    assert "Contract conversation" in page
    assert contract.get_absolute_url() in page


def test_message_text_is_escaped_and_only_http_links_are_clickable(client, conversation, buyer):
    text = (
        '<script>alert("x")</script> <img src=x onerror=alert(1)> '
        "javascript:alert(1) https://example.com/a?b=1&c=2 "
        'http://example.org/"onmouseover="alert(1) data:text/html,hi'
    )
    services.message_post(conversation=conversation, by=buyer, text=text)
    client.force_login(buyer)

    page = client.get(conversation.get_absolute_url()).content.decode()

    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page
    assert (
        '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener ugc">'
        "https://example.com/a?b=1&amp;c=2</a>" in page
    )
    assert 'href="javascript' not in page
    assert 'href="data:text' not in page
    assert '"onmouseover=' not in page


def test_file_names_are_shown_escaped(client, conversation, buyer):
    services.message_post(
        conversation=conversation,
        by=buyer,
        text="",
        uploads=[text_upload('"><svg onload=alert(1)>.txt')],
    )
    client.force_login(buyer)

    page = client.get(conversation.get_absolute_url()).content.decode()

    assert "<svg" not in page
    assert "svg onload_alert(1).txt" in page


def test_an_image_preview_shows_only_when_asked(client, thread, buyer):
    conversation, message, image, text = thread
    client.force_login(buyer)
    preview = reverse("conversations:attachment_preview", args=[conversation.pk, image.pk])

    assert preview not in client.get(conversation.get_absolute_url()).content.decode()
    asked = client.get(conversation.get_absolute_url(), {"preview": image.pk}).content.decode()
    assert f'src="{preview}"' in asked


def test_htmx_gets_the_thread_alone_and_it_polls_only_on_the_newest_page(
    client, conversation, buyer, settings
):
    settings.CONVERSATIONS_PAGE_SIZE = 2
    for n in range(3):
        services.message_post(conversation=conversation, by=buyer, text=f"Note {n}")
    client.force_login(buyer)

    partial = client.get(conversation.get_absolute_url(), headers={"HX-Request": "true"})
    older = client.get(conversation.get_absolute_url(), {"page": 2}).content.decode()

    assert partial.content.decode().lstrip().startswith('<div id="thread"')
    assert 'hx-trigger="every 10s"' in partial.content.decode()
    assert "<html" not in partial.content.decode()
    assert "hx-trigger" not in older
    assert "Earlier messages" in partial.content.decode()


def test_editing_withdrawing_and_reporting_through_pages(
    client, conversation, buyer, provider_member
):
    message = conversation.messages.get()
    client.force_login(provider_member)
    edit = reverse("conversations:message_edit", args=[conversation.pk, message.pk])
    assert client.post(edit, {"text": "Stereo or mono?"}).status_code == 302
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "edited" in page

    client.force_login(buyer)
    assert client.post(edit, {"text": "Not mine"}).status_code == 400
    report = reverse("conversations:message_report", args=[conversation.pk, message.pk])
    assert client.post(report, {"reason": "Spam"}).status_code == 302

    client.force_login(provider_member)
    withdraw = reverse("conversations:message_withdraw", args=[conversation.pk, message.pk])
    assert client.post(withdraw).status_code == 302
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "withdrew this message" in page
    assert "Stereo or mono?" not in page


def test_a_hidden_message_shows_as_hidden_to_the_parties_and_with_its_reason_to_staff(
    client, conversation, buyer
):
    message = conversation.messages.get()
    services.message_report(message=message, by=buyer, reason="Rude")
    staff = ReviewerFactory()
    services.message_hide(message=message, by=staff, reason="Insulting language")

    client.force_login(buyer)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "hidden by Fairbid" in page
    assert message.text not in page
    client.force_login(staff)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "Insulting language" in page
    assert message.text in page
    assert "Write a message" not in page


def test_email_settings_page_saves_the_choice(client, buyer):
    client.force_login(buyer)
    url = reverse("conversations:settings")

    assert client.get(url).status_code == 200
    assert client.post(url, {"mode": "immediate"}).status_code == 302
    assert buyer.message_emails.mode == "immediate"
    assert client.post(url, {"mode": "weekly"}).status_code == 400


def _fill(conversation, buyer, provider_member, count):
    for n in range(count):
        services.message_post(
            conversation=conversation,
            by=buyer if n % 2 else provider_member,
            text=f"Message {n} https://example.com/{n}",
            uploads=[text_upload(f"file{n}.txt")],
        )


@pytest.mark.parametrize("count", [5, 50])
def test_a_conversation_page_runs_a_constant_number_of_queries(
    client, conversation, buyer, provider_member, count, django_assert_max_num_queries, settings
):
    settings.CONVERSATIONS_PAGE_SIZE = 100  # every message and file on the page
    _fill(conversation, buyer, provider_member, count)
    client.force_login(buyer)

    # Whatever the count, the same reads; marking read costs two more when the person has a
    # read marker already (they wrote last).
    with django_assert_max_num_queries(17):
        response = client.get(conversation.get_absolute_url())

    assert response.content.decode().count('<li class="post') == count + 1


@pytest.mark.parametrize("count", [5, 50])
def test_the_conversations_list_runs_a_constant_number_of_queries(
    client, job, buyer, count, django_assert_max_num_queries
):
    for _ in range(count):
        firm_member = MembershipFactory(owner=True).user
        conversation = services.conversation_start(job=job, by=firm_member, text="Question")
        services.message_post(
            conversation=conversation, by=firm_member, text="More", uploads=[text_upload()]
        )
    client.force_login(buyer)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("conversations:list"), {"page": 1})
    with django_assert_max_num_queries(10):
        job_page = client.get(reverse("conversations:job", args=[job.pk]))

    assert response.status_code == 200
    assert job_page.content.decode().count("2 unread") == count
