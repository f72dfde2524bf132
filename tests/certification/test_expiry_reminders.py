from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail

from certification.models import LabelExpiryReminder, LabelStatus, NotificationKind
from certification.services.reminders import label_expiry_reminders_send
from certification.tasks import recompute_labels
from notifications.models import Notification
from tests.factories import LabelFactory, MembershipFactory, ProviderOrganizationFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

END = date(2027, 6, 30)


def _owned_label(**kwargs):
    organization = ProviderOrganizationFactory()
    owner = MembershipFactory(organization=organization, owner=True).user
    kwargs.setdefault("valid_from", date(2026, 7, 1))
    kwargs.setdefault("valid_until", END)
    return LabelFactory(organization=organization, **kwargs), owner


def _reminders(user=None):
    notices = Notification.objects.filter(kind=NotificationKind.LABEL_EXPIRY_REMINDER)
    return list(notices.filter(recipient=user) if user else notices)


def _night(time_machine, day: date):
    time_machine.move_to(datetime(day.year, day.month, day.day, 2, 30, tzinfo=UTC), tick=False)
    return recompute_labels()


def test_the_nightly_task_reminds_the_owner_30_and_7_days_before_the_end_once_each(
    incomes, time_machine, django_capture_on_commit_callbacks
):
    label, owner = _owned_label()

    _night(time_machine, END - timedelta(days=31))
    assert _reminders() == []

    with django_capture_on_commit_callbacks(execute=True):
        result = _night(time_machine, END - timedelta(days=30))
    [first] = _reminders(owner)
    assert first.message == (
        "Your Fairbid label ends in 30 days, on 30 June 2027. To keep it without a gap, "
        "apply for certification again before then."
    )
    assert "Expiry reminders sent: 1." in result
    assert any("ends in 30 days" in email.body for email in mail.outbox)

    for day in range(29, 7, -1):
        _night(time_machine, END - timedelta(days=day))
    assert len(_reminders(owner)) == 1

    _night(time_machine, END - timedelta(days=7))
    _night(time_machine, END - timedelta(days=7))
    _night(time_machine, END - timedelta(days=2))

    messages = [notice.message for notice in _reminders(owner)]
    assert len(messages) == 2
    assert messages[0].startswith("Your Fairbid label ends in 7 days, on 30 June 2027.")
    assert set(
        LabelExpiryReminder.objects.filter(label=label).values_list("days_before", flat=True)
    ) == {30, 7}


def test_a_label_first_seen_within_7_days_gets_only_the_7_day_reminder():
    _label, owner = _owned_label()

    sent = label_expiry_reminders_send(today=END - timedelta(days=5))

    [notice] = _reminders(owner)
    assert sent == 1
    assert "ends in 5 days" in notice.message
    assert label_expiry_reminders_send(today=END - timedelta(days=4)) == 0


@pytest.mark.parametrize("trait", ["suspended", "revoked", "expired"])
def test_labels_not_in_force_get_no_reminder(trait):
    _owned_label(**{trait: True}, valid_from=date(2026, 7, 1), valid_until=END)

    assert label_expiry_reminders_send(today=END - timedelta(days=7)) == 0
    assert _reminders() == []


def test_a_label_whose_end_moves_is_reminded_of_its_new_end():
    label, owner = _owned_label(status=LabelStatus.EXPIRING)
    label_expiry_reminders_send(today=END - timedelta(days=30))
    label.valid_until = END + timedelta(days=365)
    label.save()

    label_expiry_reminders_send(today=END + timedelta(days=335))

    assert len(_reminders(owner)) == 2


def test_the_number_of_queries_does_not_grow_with_the_number_of_labels():
    for _ in range(5):
        _owned_label()
    five = count_queries(lambda: label_expiry_reminders_send(today=END - timedelta(days=30)))
    for _ in range(50):
        _owned_label(valid_until=END + timedelta(days=1))

    fifty = count_queries(lambda: label_expiry_reminders_send(today=END - timedelta(days=29)))

    assert len(_reminders()) == 55
    assert fifty == five


def test_reminders_run_in_batches():
    for _ in range(5):
        _owned_label()

    assert label_expiry_reminders_send(today=END - timedelta(days=7), batch_size=2) == 5
    assert len(_reminders()) == 5
