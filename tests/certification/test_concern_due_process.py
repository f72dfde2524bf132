"""Due process for concerns: the raiser's acknowledgement and outcome by email (when they gave
one), the organization's answer before any sanction, and upheld concerns on the public
record."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from certification.models import (
    ConcernEmail,
    ConcernEmailKind,
    ConcernStatus,
    FindingSeverity,
    LabelStatus,
)
from certification.services import concern_emails as concern_email_services
from certification.services import concerns as concern_services
from certification.tasks import send_pending_concern_emails
from core.exceptions import ApplicationError
from notifications.models import Notification
from tests.factories import LabelFactory, MembershipFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def label(provider_owner):
    return LabelFactory(organization=provider_owner.memberships.get().organization)


def _raise(label, email="witness@example.com", **kwargs):
    return concern_services.concern_raise(
        label=label, text="Workers were paid late in March.", contact_email=email, **kwargs
    )


def _to_the_raiser():
    return [message for message in mail.outbox if message.to == ["witness@example.com"]]


def _suspend(concern, reviewer):
    return concern_services.concern_decide(
        concern=concern, by=reviewer, uphold=True, action="suspend", note="Payslips confirm it."
    )


def test_the_raiser_gets_an_acknowledgement_by_email_from_a_worker(
    label, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = _raise(label)

    email = ConcernEmail.objects.get(concern=concern)
    assert (email.kind, email.sent_at is not None) == (ConcernEmailKind.ACKNOWLEDGEMENT, True)
    [message] = _to_the_raiser()
    assert f"We received your concern about the label {label.code}" in message.subject
    assert "without your name or address, and may answer until" in message.body
    assert "We will email you the outcome." in message.body


def test_an_anonymous_concern_is_accepted_and_emails_nobody(label):
    concern = _raise(label, email="")

    assert concern.contact_email == ""
    assert not ConcernEmail.objects.exists()


def test_the_acknowledgement_is_in_the_language_the_concern_was_raised_in(label):
    with translation.override("fr"):
        concern = _raise(label)

    assert concern.language == "fr"
    concern_email_services.concern_emails_send()
    [message] = mail.outbox
    assert message.subject.endswith(
        f"Nous avons bien reçu votre signalement concernant le label {label.code}"
    )
    assert "sans votre nom ni votre adresse" in message.body


def test_the_sweep_sends_what_the_broker_lost_and_never_twice(label):
    concern = _raise(label)  # no commit callbacks run: as if the broker were down
    assert ConcernEmail.objects.get(concern=concern).sent_at is None

    with time_machine.travel(timezone.now() + timedelta(minutes=3)):
        assert send_pending_concern_emails() == 1
        assert send_pending_concern_emails() == 0
    assert len(mail.outbox) == 1


def test_the_organization_is_told_without_the_raiser_s_identity(label, provider_owner):
    _raise(label, email="witness@example.com")

    notice = Notification.objects.get(recipient=provider_owner, kind="label_concern")
    assert "Someone raised a concern about your Fairbid label" in notice.message
    assert "Workers were paid late in March." in notice.message
    assert "witness" not in notice.message


def test_a_sanction_waits_for_the_answer_or_its_deadline(label, settings):
    settings.CERTIFICATION_CONCERN_ANSWER_DAYS = 14
    concern = _raise(label)
    assert concern.answer_due == timezone.localdate() + timedelta(days=14)

    with pytest.raises(ApplicationError, match="may answer this concern until") as refusal:
        _suspend(concern, ReviewerFactory())
    assert refusal.value.code == "not_heard"
    label.refresh_from_db()
    assert label.status == LabelStatus.ACTIVE

    still_open = pytest.raises(ApplicationError, match="may answer this concern until")
    with time_machine.travel(timezone.now() + timedelta(days=14), tick=False), still_open:
        _suspend(concern, ReviewerFactory())
    with time_machine.travel(timezone.now() + timedelta(days=15), tick=False):
        _suspend(concern, ReviewerFactory())
    label.refresh_from_db()
    assert label.status == LabelStatus.SUSPENDED


def test_dismissing_or_upholding_without_a_sanction_needs_no_wait(label):
    concern = _raise(label)
    concern_services.concern_decide(
        concern=concern, by=ReviewerFactory(), uphold=True, action=None, note="Noted."
    )
    assert concern.status == ConcernStatus.UPHELD


def test_once_the_owner_answered_a_reviewer_may_sanction(label, provider_owner):
    concern = _raise(label)
    concern_services.concern_answer(
        concern=concern, by=provider_owner, answer="March wages were paid on 2 April."
    )

    _suspend(concern, ReviewerFactory())

    concern.refresh_from_db()
    assert concern.answer == "March wages were paid on 2 April."
    label.refresh_from_db()
    assert label.status == LabelStatus.SUSPENDED


def test_upholding_with_a_finding_records_it_once_heard(label, provider_owner):
    concern = _raise(label)
    concern_services.concern_answer(concern=concern, by=provider_owner, answer="We disagree.")

    concern_services.concern_decide(
        concern=concern,
        by=ReviewerFactory(),
        uphold=True,
        action="finding",
        note="Late pay confirmed.",
        finding={
            "severity": FindingSeverity.MINOR,
            "problem": "Wages paid late.",
            "required_action": "Pay on time and show payslips.",
            "deadline": timezone.localdate() + timedelta(days=30),
        },
    )

    assert label.findings.get().problem == "Wages paid late."


def test_the_answer_is_given_once_by_the_owner_within_the_time(label, provider_owner):
    concern = _raise(label)
    member = MembershipFactory(organization=label.organization).user
    with pytest.raises(ApplicationError, match="Only the organization's owner"):
        concern_services.concern_answer(concern=concern, by=member, answer="No.")
    concern_services.concern_answer(concern=concern, by=provider_owner, answer="No.")
    with pytest.raises(ApplicationError, match="already answered"):
        concern_services.concern_answer(concern=concern, by=provider_owner, answer="Again.")

    late = _raise(label)
    too_late = pytest.raises(ApplicationError, match="The time to answer this concern ended on")
    with time_machine.travel(timezone.now() + timedelta(days=15), tick=False), too_late:
        concern_services.concern_answer(concern=late, by=provider_owner, answer="Late.")


def test_the_raiser_gets_the_outcome_by_email(label, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        concern = _raise(label)
    with django_capture_on_commit_callbacks(execute=True):
        concern_services.concern_decide(
            concern=concern, by=ReviewerFactory(), uphold=False, note="No evidence found."
        )

    _acknowledgement, outcome = _to_the_raiser()
    assert "did not uphold it" in outcome.body
    assert "No evidence found." not in outcome.body


def test_the_owner_answers_on_the_label_page(client, label, provider_owner):
    concern = _raise(label)
    client.force_login(provider_owner)
    page = client.get(reverse("certification:overview")).content.decode()
    assert "Workers were paid late in March." in page
    assert "witness@example.com" not in page

    response = client.post(
        reverse("certification:concern_answer", args=[concern.pk]),
        {"answer": "We paid on 2 April; bank statement attached for the reviewer."},
    )

    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.answered_by == provider_owner
    page = client.get(reverse("certification:overview")).content.decode()
    assert "Your answer, sent on" in page


def test_a_too_long_answer_is_a_form_error(client, label, provider_owner):
    concern = _raise(label)
    client.force_login(provider_owner)

    response = client.post(
        reverse("certification:concern_answer", args=[concern.pk]), {"answer": "x" * 5001}
    )

    assert response.status_code == 400
    concern.refresh_from_db()
    assert concern.answered_at is None


def test_the_admin_refuses_an_early_sanction_and_shows_the_answer(client, label, provider_owner):
    concern = _raise(label)
    reviewer = ReviewerFactory()
    client.force_login(reviewer)

    response = client.post(
        reverse("admin:certification_concern_changelist"),
        {
            "action": "uphold_and_suspend",
            "_selected_action": [concern.pk],
            "apply": "1",
            "note": "Confirmed.",
        },
        follow=True,
    )

    assert "may answer this concern until" in response.content.decode()
    concern_services.concern_answer(concern=concern, by=provider_owner, answer="mk-our-answer")
    page = client.get(reverse("admin:certification_concern_change", args=[concern.pk]))
    assert "mk-our-answer" in page.content.decode()


def test_upheld_concerns_show_on_the_public_record_without_private_details(
    client, label, provider_owner
):
    concern = _raise(label)
    concern_services.concern_answer(concern=concern, by=provider_owner, answer="Private answer.")
    _suspend(concern, ReviewerFactory())

    page = client.get(reverse("certification:label_detail", args=[label.code])).content.decode()

    assert "Concern upheld" in page
    assert "Suspended" in page
    for private in ("witness@example.com", "Private answer.", "Workers were paid late"):
        assert private not in page
