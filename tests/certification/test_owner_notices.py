from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from certification.models import Label, LabelStatus, NotificationKind
from certification.services.labels import label_transition
from certification.services.recompute import labels_recompute
from notifications.models import Notification
from tests.factories import LabelFactory, MembershipFactory, ProviderOrganizationFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

END = date(2027, 6, 30)


def _owned_label(**organization_fields):
    organization = ProviderOrganizationFactory(**organization_fields)
    owner = MembershipFactory(organization=organization, owner=True).user
    MembershipFactory(organization=organization)  # a member, not told
    label = LabelFactory(organization=organization, valid_from=date(2026, 7, 1), valid_until=END)
    return label, owner


def _notices(user):
    return list(Notification.objects.filter(recipient=user, kind=NotificationKind.LABEL_STATUS))


def test_a_suspension_by_the_check_tells_the_owner_in_app_and_by_email(
    incomes, django_capture_on_commit_callbacks
):
    label, owner = _owned_label(employee_count=251)

    with django_capture_on_commit_callbacks(execute=True):
        labels_recompute(today=date(2026, 8, 1))

    [notice] = Notification.objects.filter(kind=NotificationKind.LABEL_STATUS)
    assert notice.recipient == owner
    assert notice.message.startswith("Your Fairbid label is now suspended. Reason: ")
    assert "251 employees, more than the limit of 250" in notice.message
    assert "active again at the next nightly check once every criterion" in notice.message
    assert "editing your profile does not change it." in notice.message
    assert notice.url == reverse("certification:label_detail", args=[label.code])
    [email] = mail.outbox
    assert email.to == [owner.email]
    assert "now suspended" in email.body


@pytest.mark.parametrize(
    ("today", "word", "restores"),
    [
        (END - timedelta(days=10), "expiring soon", "Apply for certification again before 30"),
        (END + timedelta(days=1), "expired", "apply for certification again."),
    ],
)
def test_expiry_tells_the_owner_to_apply_again(incomes, today, word, restores):
    _label, owner = _owned_label()

    labels_recompute(today=today)

    [notice] = _notices(owner)
    assert f"now {word}." in notice.message
    assert restores in notice.message


def test_a_revocation_and_a_reinstatement_by_a_reviewer_are_told(reviewer):
    label, owner = _owned_label()

    label_transition(label=label, to=LabelStatus.SUSPENDED, reason="Audit pending.", by=reviewer)
    label_transition(label=label, to=LabelStatus.ACTIVE, reason="Audit passed.", by=reviewer)
    label_transition(label=label, to=LabelStatus.REVOKED, reason="Forced labour.", by=reviewer)

    messages = [notice.message for notice in reversed(_notices(owner))]
    assert messages[0].startswith("Your Fairbid label is now suspended. Reason: Audit pending.")
    assert "only a reviewer lifts it" in messages[0]
    assert messages[1] == (
        "Your Fairbid label is now active. Reason: Audit passed. Nothing more is needed from you."
    )
    assert messages[2].startswith("Your Fairbid label is now revoked. Reason: Forced labour.")


def test_a_long_reason_is_told_whole_with_what_restores_the_label(reviewer):
    label, owner = _owned_label()
    reason = "Wages below the benchmark at the second site. " * 20

    label_transition(label=label, to=LabelStatus.SUSPENDED, reason=reason, by=reviewer)

    [notice] = _notices(owner)
    assert reason.strip() in notice.message
    assert notice.message.endswith("to resolve the reason above.")
    assert "…" not in notice.message


def test_a_run_without_changes_tells_nobody(incomes):
    _owned_label()
    labels_recompute(today=date(2026, 8, 1))

    assert not Notification.objects.exists()


def _owned_labels(count):
    countries = ["UG", "CV", "KE", "WS", "NA"]
    return [_owned_label(country=countries[i % len(countries)]) for i in range(count)]


@pytest.mark.parametrize("today", [date(2026, 8, 1), END - timedelta(days=5)])
def test_telling_owners_keeps_the_queries_of_a_recompute_constant(incomes, today):
    _owned_labels(5)
    five = count_queries(lambda: labels_recompute(today=today))
    told_five = Notification.objects.count()
    Label.objects.update(status=LabelStatus.ACTIVE, auto_suspended=False)
    _owned_labels(45)

    fifty = count_queries(lambda: labels_recompute(today=today))

    assert told_five > 0
    assert Notification.objects.count() > 10 * told_five - 1
    assert fifty == five
