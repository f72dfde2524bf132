"""Reminders to submit an evidence update, 60, 30 and 7 days before a piece of verified
evidence lapses, once each, from the nightly task and `manage.py recompute_labels` alike."""

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from certification.models import EvidenceKind, EvidenceLapseReminder, NotificationKind
from certification.services.reminders import due_reminder, evidence_lapse_reminders_send
from certification.tasks import recompute_labels
from notifications.models import Notification
from tests.factories import (
    LabelFactory,
    MembershipFactory,
    ProviderOrganizationFactory,
    VerifiedFactsFactory,
)
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

LABEL_END = date(2027, 6, 30)
PAYROLL_LAPSES = date(2027, 3, 31)


def _label_with_payroll_lapsing(payroll_until=PAYROLL_LAPSES, **kwargs):
    organization = ProviderOrganizationFactory()
    owner = MembershipFactory(organization=organization, owner=True).user
    label = LabelFactory(
        organization=organization,
        valid_from=date(2026, 7, 1),
        valid_until=LABEL_END,
        facts=None,
        **kwargs,
    )
    VerifiedFactsFactory(label=label, payroll_valid_until=payroll_until)
    return label, owner


def _reminders(user=None):
    notices = Notification.objects.filter(kind=NotificationKind.LABEL_EVIDENCE_REMINDER)
    return list((notices.filter(recipient=user) if user else notices).order_by("pk"))


def _night(time_machine, day: date):
    time_machine.move_to(datetime(day.year, day.month, day.day, 2, 30, tzinfo=UTC), tick=False)
    return recompute_labels()


@pytest.mark.parametrize(
    ("left", "due"), [(61, None), (60, 60), (31, 60), (30, 30), (8, 30), (7, 7), (0, 7), (-1, None)]
)
def test_the_reminder_due_is_the_nearest_day_the_lapse_is_within(left, due):
    assert due_reminder(days=[7, 60, 30], left=left) == due


def test_the_nightly_task_reminds_60_30_and_7_days_before_evidence_lapses_once_each(
    time_machine, django_capture_on_commit_callbacks
):
    label, owner = _label_with_payroll_lapsing()

    _night(time_machine, PAYROLL_LAPSES - timedelta(days=61))
    assert _reminders() == []

    with django_capture_on_commit_callbacks(execute=True):
        result = _night(time_machine, PAYROLL_LAPSES - timedelta(days=60))
    [first] = _reminders(owner)
    assert first.message.startswith(
        "The payroll evidence (fair pay) behind your Fairbid label lapses in 60 days, on "
        "31 March 2027. Submit an evidence update from your certification page before then;"
    )
    assert first.subject == "Your label's payroll evidence (fair pay) lapses on 31 March 2027"
    assert first.url == "/certification/"
    assert "Evidence reminders sent: 1." in result
    assert any("Submit an evidence update" in email.body for email in mail.outbox)

    for days_left in (59, 45, 31, 30, 30, 29, 8, 7, 7, 3, 0):
        _night(time_machine, PAYROLL_LAPSES - timedelta(days=days_left))

    assert [notice.message.split(",")[0] for notice in _reminders(owner)] == [
        "The payroll evidence (fair pay) behind your Fairbid label lapses in 60 days",
        "The payroll evidence (fair pay) behind your Fairbid label lapses in 30 days",
        "The payroll evidence (fair pay) behind your Fairbid label lapses in 7 days",
    ]
    assert set(
        EvidenceLapseReminder.objects.filter(label=label).values_list("kind", "days_before")
    ) == {(EvidenceKind.PAYROLL, 60), (EvidenceKind.PAYROLL, 30), (EvidenceKind.PAYROLL, 7)}


def test_the_full_text_of_the_7_day_reminder():
    _label, owner = _label_with_payroll_lapsing()

    evidence_lapse_reminders_send(today=PAYROLL_LAPSES - timedelta(days=7))

    [notice] = _reminders(owner)
    assert notice.message == (
        "The payroll evidence (fair pay) behind your Fairbid label lapses in 7 days, on "
        "31 March 2027. Submit an evidence update from your certification page before then; "
        "once a reviewer accepts it, the label rests on it. Without current evidence the "
        "label is suspended the day after."
    )


def test_manage_py_recompute_labels_sends_the_same_reminders_as_the_nightly_task(
    time_machine,
):
    _label, owner = _label_with_payroll_lapsing()
    out = StringIO()

    call_command("recompute_labels", "--today", "2027-03-01", stdout=out)
    by_command = [(n.message, n.subject) for n in _reminders(owner)]
    Notification.objects.all().delete()
    EvidenceLapseReminder.objects.all().delete()
    _night(time_machine, date(2027, 3, 1))
    by_task = [(n.message, n.subject) for n in _reminders(owner)]

    assert "Evidence reminders sent: 1." in out.getvalue()
    assert by_command == by_task
    assert "lapses in 30 days" in by_command[0][0]


def test_evidence_accepted_until_the_labels_end_is_left_to_the_expiry_reminder():
    _label_with_payroll_lapsing(payroll_until=LABEL_END)

    assert evidence_lapse_reminders_send(today=LABEL_END - timedelta(days=7)) == 0
    assert _reminders() == []


def test_both_kinds_lapsing_give_two_reminders_and_a_moved_date_is_reminded_again():
    organization = ProviderOrganizationFactory()
    owner = MembershipFactory(organization=organization, owner=True).user
    label = LabelFactory(
        organization=organization, valid_from=date(2026, 7, 1), valid_until=LABEL_END, facts=None
    )
    VerifiedFactsFactory(
        label=label, payroll_valid_until=PAYROLL_LAPSES, workforce_valid_until=PAYROLL_LAPSES
    )

    assert evidence_lapse_reminders_send(today=PAYROLL_LAPSES - timedelta(days=30)) == 2
    VerifiedFactsFactory(
        label=label,
        payroll_valid_until=PAYROLL_LAPSES + timedelta(days=40),
        workforce_valid_until=PAYROLL_LAPSES,
    )
    assert evidence_lapse_reminders_send(today=PAYROLL_LAPSES - timedelta(days=29)) == 0
    assert evidence_lapse_reminders_send(today=PAYROLL_LAPSES - timedelta(days=20)) == 1

    assert "lapses in 60 days, on 10 May 2027" in _reminders(owner)[-1].message


@pytest.mark.parametrize("trait", ["revoked", "expired"])
def test_labels_no_longer_current_get_no_evidence_reminder(trait):
    _label_with_payroll_lapsing(**{trait: True})

    assert evidence_lapse_reminders_send(today=PAYROLL_LAPSES - timedelta(days=7)) == 0


def test_the_number_of_queries_does_not_grow_with_the_number_of_labels():
    for _ in range(3):
        _label_with_payroll_lapsing()
    three = count_queries(
        lambda: evidence_lapse_reminders_send(today=PAYROLL_LAPSES - timedelta(days=30))
    )
    for _ in range(20):
        _label_with_payroll_lapsing(payroll_until=PAYROLL_LAPSES + timedelta(days=1))

    twenty = count_queries(
        lambda: evidence_lapse_reminders_send(today=PAYROLL_LAPSES - timedelta(days=29))
    )

    assert len(_reminders()) == 23
    assert twenty == three


def test_reminders_run_in_batches():
    for _ in range(5):
        _label_with_payroll_lapsing()

    assert (
        evidence_lapse_reminders_send(today=PAYROLL_LAPSES - timedelta(days=7), batch_size=2) == 5
    )
    assert len(_reminders()) == 5
