import pytest
from rest_framework.test import APIClient

from accounts import services as account_services
from conversations import selectors, services
from tests.factories import BuyerFactory, ReviewerFactory, text_upload

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = APIClient()
    if user is not None:
        _, key = account_services.api_token_create(user=user, name="test")
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_question_and_its_answer_over_the_api(job, buyer, provider_member, firm):
    as_provider, as_buyer = _client(provider_member), _client(buyer)

    started = as_provider.post(
        "/api/v1/conversations/", {"job": job.pk, "text": "Stereo?"}, format="json"
    )
    assert started.status_code == 201, started.json()
    conversation = started.json()
    assert conversation["organization"] == firm.pk
    assert conversation["unread_count"] == 0

    [listed] = as_buyer.get("/api/v1/conversations/").json()["results"]
    assert listed["unread_count"] == 1
    url = f"/api/v1/conversations/{conversation['id']}/"
    assert as_buyer.post(f"{url}read/").status_code == 204
    assert as_buyer.get(url).json()["unread_count"] == 0

    answer = as_buyer.post(
        f"{url}messages/",
        {"text": "Yes.", "files": [text_upload("specs.txt")]},
        format="multipart",
    )
    assert answer.status_code == 201, answer.json()
    [file] = answer.json()["files"]
    assert file["name"] == "specs.txt"
    assert file["download_url"].startswith(f"/conversations/{conversation['id']}/files/")

    messages = as_provider.get(f"{url}messages/").json()["results"]
    assert [m["text"] for m in messages] == ["Yes.", "Stereo?"]  # newest first


def test_editing_withdrawing_and_reporting_over_the_api(conversation, buyer, provider_member):
    message = conversation.messages.get()
    as_author, as_buyer = _client(provider_member), _client(buyer)

    edited = as_author.patch(f"/api/v1/messages/{message.pk}/", {"text": "Mono?"}, format="json")
    assert edited.json()["status"] == "edited"
    refused = as_buyer.patch(f"/api/v1/messages/{message.pk}/", {"text": "x"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    reported = as_buyer.post(
        f"/api/v1/messages/{message.pk}/report/", {"reason": "Spam"}, format="json"
    )
    assert reported.status_code == 201
    withdrawn = as_author.post(f"/api/v1/messages/{message.pk}/withdraw/")
    assert withdrawn.json() | {"created_at": None, "edited_at": None} == {
        "id": message.pk,
        "author": provider_member.display_name,
        "text": "",
        "status": "withdrawn",
        "created_at": None,
        "edited_at": None,
        "files": [],
    }


def test_a_closed_move_answers_409(job, buyer, bid, rival_bid, other_provider, provider_member):
    from marketplace.services import jobs as job_services

    as_rival = _client(other_provider)
    started = as_rival.post(
        "/api/v1/conversations/", {"job": job.pk, "text": "News?"}, format="json"
    ).json()
    job_services.job_award(job=job, bid_id=bid.pk, bid_version=bid.version, by=buyer)
    job_services.award_accept(job=job, by=provider_member)

    response = as_rival.post(
        f"/api/v1/conversations/{started['id']}/messages/", {"text": "Please?"}, format="json"
    )

    assert response.status_code == 409
    assert "awarded to another provider" in response.json()["error"]["message"]


@pytest.mark.parametrize("who", ["other_buyer", "other_provider", "staff"])
def test_outsiders_get_404_on_every_conversation_endpoint(conversation, other_provider, who):
    outsider = {
        "other_buyer": BuyerFactory,
        "other_provider": lambda: other_provider,
        "staff": ReviewerFactory,
    }[who]()
    client = _client(outsider)
    message = conversation.messages.get()
    base = f"/api/v1/conversations/{conversation.pk}/"

    answers = [
        client.get(base),
        client.get(f"{base}messages/"),
        client.post(f"{base}messages/", {"text": "Hi"}, format="json"),
        client.post(f"{base}read/"),
        client.patch(f"/api/v1/messages/{message.pk}/", {"text": "x"}, format="json"),
        client.post(f"/api/v1/messages/{message.pk}/withdraw/"),
        client.post(f"/api/v1/messages/{message.pk}/report/", {"reason": "x"}, format="json"),
    ]

    assert [answer.status_code for answer in answers] == [404] * len(answers)
    assert client.get("/api/v1/conversations/").json()["results"] == []
    assert conversation.messages.count() == 1


def test_anonymous_clients_must_authenticate(conversation):
    assert _client().get("/api/v1/conversations/").status_code == 401


def test_message_email_preference_over_the_api(buyer):
    client = _client(buyer)

    assert client.get("/api/v1/me/message-emails/").json() == {"mode": "digest"}
    assert client.put("/api/v1/me/message-emails/", {"mode": "none"}, format="json").json() == {
        "mode": "none"
    }
    assert client.put("/api/v1/me/message-emails/", {"mode": "x"}, format="json").status_code == 400
    assert buyer.message_emails.mode == "none"


def test_the_api_refuses_a_file_outside_the_allow_list(conversation, buyer):
    response = _client(buyer).post(
        f"/api/v1/conversations/{conversation.pk}/messages/",
        {"text": "x", "files": [text_upload("run.exe", b"MZ\x90\x00" + b"\x00" * 60)]},
        format="multipart",
    )

    assert response.status_code == 400
    assert "not a file Fairbid accepts" in response.json()["error"]["message"]
    assert selectors.unread_message_count(user=buyer) == 1


def test_staff_read_reported_conversations_in_the_pages_not_the_api(conversation, buyer):
    services.message_report(message=conversation.messages.get(), by=buyer, reason="Spam")

    response = _client(ReviewerFactory()).get(f"/api/v1/conversations/{conversation.pk}/")

    assert response.status_code == 404
