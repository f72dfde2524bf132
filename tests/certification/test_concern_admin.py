import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from certification.models import ConcernStatus, LabelStatus
from tests.factories import ConcernFactory, MembershipFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:certification_concern_changelist"


@pytest.fixture
def reviewer_client(client, reviewer):
    assert reviewer.is_staff
    assert not reviewer.is_superuser
    client.force_login(reviewer)
    return client


def _act(client, action, concerns, **extra):
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [c.pk for c in concerns], **extra}
    return client.post(reverse(CHANGELIST), data)


def test_a_reviewer_lists_filters_and_searches_concerns(reviewer_client):
    open_one = ConcernFactory(contact_email="first@example.com")
    dismissed = ConcernFactory(
        status=ConcernStatus.DISMISSED, decided_at="2026-08-01T10:00Z", decision_note="No."
    )

    everything = reviewer_client.get(reverse(CHANGELIST)).content.decode()
    only_open = reviewer_client.get(reverse(CHANGELIST), {"status__exact": "open"})
    by_email = reviewer_client.get(reverse(CHANGELIST), {"q": "first@example.com"})
    by_code = reviewer_client.get(reverse(CHANGELIST), {"q": dismissed.label.code})

    assert str(open_one) in everything
    assert str(dismissed) in everything
    assert str(dismissed) not in only_open.content.decode()
    assert str(open_one) in by_email.content.decode()
    assert str(open_one) not in by_code.content.decode()


def test_what_the_public_sent_is_read_only(reviewer_client):
    concern = ConcernFactory()
    page = reverse("admin:certification_concern_change", args=[concern.pk])

    response = reviewer_client.get(page)
    reviewer_client.post(page, {"text": "Changed.", "contact_email": "x@example.com"})

    assert response.status_code == 200
    assert concern.text in response.content.decode()
    assert 'name="text"' not in response.content.decode()
    concern.refresh_from_db()
    assert concern.text == "Their workers are paid late every month."
    assert reviewer_client.get(reverse("admin:certification_concern_add")).status_code == 403


@pytest.mark.parametrize(
    ("action", "concern_status", "label_status"),
    [
        ("uphold_and_suspend", ConcernStatus.UPHELD, LabelStatus.SUSPENDED),
        ("uphold_and_revoke", ConcernStatus.UPHELD, LabelStatus.REVOKED),
        ("dismiss", ConcernStatus.DISMISSED, LabelStatus.ACTIVE),
    ],
)
def test_each_action_asks_for_a_note_then_decides_through_the_service(
    reviewer_client, reviewer, action, concern_status, label_status
):
    concern = ConcernFactory()

    confirmation = _act(reviewer_client, action, [concern])
    without_note = _act(reviewer_client, action, [concern], apply="yes", note="  ")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN
    done = _act(reviewer_client, action, [concern], apply="yes", note="Checked with the auditor.")

    assert confirmation.status_code == 200
    assert '<textarea name="note"' in confirmation.content.decode()
    assert "This field is required." in without_note.content.decode()
    assert done.status_code == 302
    concern.refresh_from_db()
    concern.label.refresh_from_db()
    assert concern.status == concern_status
    assert concern.decided_by == reviewer
    assert concern.decision_note == "Checked with the auditor."
    assert concern.label.status == label_status
    if label_status != LabelStatus.ACTIVE:
        assert concern.label.events.get().reason == (
            f"Concern #{concern.pk} upheld: Checked with the auditor."
        )


def test_an_action_refused_by_the_service_says_why(reviewer_client, reviewer):
    own = ConcernFactory()
    MembershipFactory(user=reviewer, organization=own.label.organization)
    other = ConcernFactory()

    response = _act(reviewer_client, "uphold_and_revoke", [own, other], apply="yes", note="x")

    page = reviewer_client.get(response["Location"]).content.decode()
    assert "organization you belong to" in page
    assert "done for 1 concern." in page
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.status == ConcernStatus.OPEN
    assert other.status == ConcernStatus.UPHELD
