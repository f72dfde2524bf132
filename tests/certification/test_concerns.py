import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certification import transitions
from certification.forms import CONCERN_FORM_REFUSED, concern_form_token
from certification.models import Concern, ConcernEvent, ConcernStatus, LabelStatus, NotificationKind
from certification.services.concerns import concern_decide, concern_raise, concern_transition
from core.exceptions import ApplicationError
from notifications.models import Notification
from tests.factories import (
    ConcernFactory,
    LabelFactory,
    MembershipFactory,
    ReviewerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- The transition table -------------------------------------------------------------------

S = ConcernStatus
ALL_MOVES = [(a, b) for a in S.values for b in S.values]


@pytest.mark.parametrize(("from_status", "to_status"), ALL_MOVES)
def test_a_concern_is_decided_once(reviewer, from_status, to_status):
    assert (to_status in transitions.CONCERN_ALLOWED[from_status]) is (
        from_status == S.OPEN and to_status != S.OPEN
    )
    decided = from_status != S.OPEN
    concern = ConcernFactory(
        status=from_status,
        decided_at=timezone.now() if decided else None,
        decided_by=reviewer if decided else None,
    )

    if to_status in transitions.CONCERN_ALLOWED[from_status]:
        concern_transition(concern=concern, to=to_status, by=reviewer, reason="Checked.")
        concern.refresh_from_db()
        assert (concern.status, concern.decided_by, concern.decision_note) == (
            to_status,
            reviewer,
            "Checked.",
        )
        event = ConcernEvent.objects.get(concern=concern)
        assert (event.from_status, event.to_status, event.actor) == (
            from_status,
            to_status,
            reviewer,
        )
    else:
        with pytest.raises(ApplicationError, match="cannot become"):
            concern_transition(concern=concern, to=to_status, by=reviewer, reason="Checked.")
        concern.refresh_from_db()
        assert concern.status == from_status
        assert not ConcernEvent.objects.filter(concern=concern).exists()


# --- Raising a concern ------------------------------------------------------------------------


def test_a_concern_is_recorded_open_and_staff_reviewers_are_told(
    reviewer, django_capture_on_commit_callbacks
):
    label = LabelFactory()
    not_staff = ReviewerFactory(is_staff=False)

    with django_capture_on_commit_callbacks(execute=True):
        concern = concern_raise(
            label=label,
            text="Children work in their workshop.",
            evidence_url="https://example.com/report",
            contact_email="witness@example.com",
        )

    assert concern.status == ConcernStatus.OPEN
    [notice] = Notification.objects.filter(kind=NotificationKind.LABEL_CONCERN)
    assert notice.recipient == reviewer
    assert label.code in notice.message
    assert notice.url == reverse("admin:certification_concern_change", args=[concern.pk])
    # The reviewer's notification, and the acknowledgement to the person who raised it.
    assert sorted(email.to for email in mail.outbox) == [[reviewer.email], ["witness@example.com"]]
    assert not Notification.objects.filter(recipient=not_staff).exists()


@pytest.mark.parametrize("trait", ["expired", "revoked"])
def test_no_concern_about_a_label_that_is_no_longer_in_force(trait):
    with pytest.raises(ApplicationError, match="certifies nothing any more"):
        concern_raise(label=LabelFactory(**{trait: True}), text="x", contact_email="a@b.example")


def test_a_concern_needs_its_text_and_a_valid_email():
    with pytest.raises(ApplicationError) as error:
        concern_raise(label=LabelFactory(), text="  ", contact_email="not an email")

    assert set(error.value.fields) == {"text", "contact_email"}


# --- Deciding a concern -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "label_status"),
    [("suspend", LabelStatus.SUSPENDED), ("revoke", LabelStatus.REVOKED)],
)
def test_an_upheld_concern_suspends_or_revokes_the_label_with_the_reason_in_its_history(
    reviewer, action, label_status
):
    concern = ConcernFactory()

    concern_decide(
        concern=concern, by=reviewer, uphold=True, action=action, note="Audit confirmed it."
    )

    concern.refresh_from_db()
    assert concern.status == ConcernStatus.UPHELD
    assert concern.decided_by == reviewer
    assert concern.decided_at is not None
    assert concern.decision_note == "Audit confirmed it."
    label = concern.label
    label.refresh_from_db()
    assert label.status == label_status
    assert not label.auto_suspended
    event = label.events.get()
    assert event.reason == f"Concern #{concern.pk} upheld: Audit confirmed it."
    assert event.actor == reviewer


def test_a_concern_can_be_upheld_without_touching_the_label(reviewer):
    concern = ConcernFactory()

    concern_decide(concern=concern, by=reviewer, uphold=True, action=None, note="Warned them.")

    assert concern.status == ConcernStatus.UPHELD
    assert concern.label.events.count() == 0


def test_a_dismissed_concern_leaves_the_label_as_it_is(reviewer):
    concern = ConcernFactory()

    concern_decide(concern=concern, by=reviewer, uphold=False, note="No evidence.")

    concern.refresh_from_db()
    assert concern.status == ConcernStatus.DISMISSED
    assert concern.label.status == LabelStatus.ACTIVE
    with pytest.raises(ApplicationError, match="Only an upheld concern"):
        concern_decide(
            concern=ConcernFactory(), by=reviewer, uphold=False, action="revoke", note="x"
        )


def test_a_decided_concern_cannot_be_decided_again(reviewer):
    concern = ConcernFactory()
    concern_decide(concern=concern, by=reviewer, uphold=False, note="No evidence.")

    with pytest.raises(ApplicationError, match="already dismissed"):
        concern_decide(concern=concern, by=reviewer, uphold=True, action="revoke", note="Hm.")

    concern.label.refresh_from_db()
    assert concern.label.status == LabelStatus.ACTIVE


def test_a_reviewer_of_the_labels_organization_cannot_decide(reviewer):
    concern = ConcernFactory()
    MembershipFactory(user=reviewer, organization=concern.label.organization)

    with pytest.raises(ApplicationError, match="organization you belong to"):
        concern_decide(concern=concern, by=reviewer, uphold=True, action="revoke", note="x")

    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN


def test_deciding_needs_a_note_and_a_reviewer(reviewer):
    concern = ConcernFactory()

    with pytest.raises(ApplicationError, match="write a note"):
        concern_decide(concern=concern, by=reviewer, uphold=False, note="  ")
    with pytest.raises(ApplicationError, match="Only certification reviewers"):
        concern_decide(concern=concern, by=UserFactory(), uphold=False, note="No.")


def test_a_label_that_cannot_be_suspended_leaves_the_concern_open(reviewer):
    concern = ConcernFactory(label=LabelFactory(suspended=True))

    with pytest.raises(ApplicationError, match="cannot become suspended"):
        concern_decide(concern=concern, by=reviewer, uphold=True, action="suspend", note="x")

    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN


# --- The form on the label's page -------------------------------------------------------------


def _post(client, label, *, seconds_ago=10, remote_addr="127.0.0.1", **fields):
    data = {
        "text": "They pay below the minimum wage.",
        "evidence_url": "https://example.com/payslips",
        "contact_email": "worker@example.com",
        "homepage": "",
        "shown": concern_form_token(now=time.time() - seconds_ago),
        **fields,
    }
    url = reverse("certification:concern_create", args=[label.code])
    return client.post(url, data, REMOTE_ADDR=remote_addr)


def test_the_label_page_offers_the_concern_form_with_a_hidden_trap(client):
    label = LabelFactory()

    html = client.get(reverse("certification:label_detail", args=[label.code])).content.decode()

    assert "Raise a concern" in html
    assert 'name="shown"' in html
    assert '<p hidden><label for="id_homepage">' in html


def test_a_label_no_longer_in_force_offers_no_concern_form(client):
    label = LabelFactory(expired=True)

    html = client.get(reverse("certification:label_detail", args=[label.code])).content.decode()

    assert "Raise a concern" not in html


def test_a_person_raises_a_concern_from_the_label_page(client):
    label = LabelFactory()

    response = _post(client, label)

    assert response.status_code == 302
    assert response["Location"] == reverse("certification:label_detail", args=[label.code])
    concern = Concern.objects.get()
    assert concern.label == label
    assert concern.evidence_url == "https://example.com/payslips"
    assert "will look into your concern" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("kind", "changes"),
    [
        ("the trap filled in", {"homepage": "http://spam.example"}),
        ("sent too fast", {"seconds_ago": 1}),
        ("a forged time", {"shown": "1700000000:forged"}),
        ("no time", {"shown": ""}),
        ("a form shown days ago", {"seconds_ago": 3 * 24 * 3600}),
    ],
)
def test_a_suspicious_submission_gets_only_a_neutral_error(client, kind, changes):
    label = LabelFactory()

    response = _post(client, label, **changes)

    assert response.status_code == 400
    assert str(CONCERN_FORM_REFUSED) in response.content.decode()
    assert not Concern.objects.exists()


def test_a_form_with_a_mistake_is_shown_again_with_the_error(client):
    response = _post(client, LabelFactory(), contact_email="nope")

    assert "Enter a valid email address." in response.content.decode()
    assert not Concern.objects.exists()


def test_one_address_may_raise_three_concerns_an_hour(client, time_machine):
    label = LabelFactory()
    time_machine.move_to("2026-08-01 10:00Z", tick=False)

    statuses = [_post(client, label).status_code for _ in range(4)]

    assert statuses == [302, 302, 302, 429]
    assert Concern.objects.count() == 3
    refused = _post(client, label)
    assert "at most 3 concerns an hour from one connection" in refused.content.decode()
    assert _post(client, label, remote_addr="203.0.113.9").status_code == 302
    time_machine.move_to("2026-08-01 11:01Z", tick=False)
    assert _post(client, label).status_code == 302


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True)
def test_fifteen_concurrent_posts_from_one_address_raise_three_concerns():
    """The limit is checked and counted in one step: posts arriving together cannot all pass
    a check made before any of them was counted."""
    label = LabelFactory()
    together = threading.Barrier(15)

    def post_at_once(_):
        together.wait()
        try:
            return _post(Client(), label).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=15) as pool:
        statuses = sorted(pool.map(post_at_once, range(15)))

    assert statuses == [302] * 3 + [429] * 12
    assert Concern.objects.count() == 3
