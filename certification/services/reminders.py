"""Reminding owners, before their label ends, to apply again, and before a piece of its
verified evidence lapses, to submit an evidence update."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts import selectors as account_selectors
from certification import notices
from certification.models import (
    CERTIFIED_STATUSES,
    CURRENT_STATUSES,
    EvidenceLapseReminder,
    Label,
    LabelExpiryReminder,
    NotificationKind,
)
from certification.selectors import facts as fact_selectors
from notifications.services import Notice, notify_each


def label_expiry_reminders_send(*, today: date | None = None, batch_size: int = 500) -> int:
    """Remind the owners of labels in force that end soon, once for each number of days in
    CERTIFICATION_EXPIRY_REMINDER_DAYS; returns how many labels were reminded.

    A label is due the reminder of the nearest such day its end is within (a label first
    seen 5 days before its end gets the 7-day reminder only). Each reminder sent is recorded,
    so a second run sends nothing. Batches of batch_size labels, each with a fixed number of
    queries.
    """
    today = today or timezone.localdate()
    days = sorted(set(settings.CERTIFICATION_EXPIRY_REMINDER_DAYS))
    reminded = 0
    for index, before in enumerate(days):
        after = days[index - 1] if index else -1
        already = LabelExpiryReminder.objects.filter(
            label=OuterRef("pk"), days_before=before, valid_until=OuterRef("valid_until")
        )
        due = Label.objects.filter(
            status__in=sorted(CERTIFIED_STATUSES),
            valid_until__gt=today + timedelta(days=after),
            valid_until__lte=today + timedelta(days=before),
        ).exclude(Exists(already))
        while True:
            with transaction.atomic():
                batch = list(due.order_by("pk")[:batch_size])
                if not batch:
                    break
                LabelExpiryReminder.objects.bulk_create(
                    LabelExpiryReminder(
                        label=label, days_before=before, valid_until=label.valid_until
                    )
                    for label in batch
                )
                _remind_owners(batch, today=today)
            reminded += len(batch)
            if len(batch) < batch_size:
                break
    return reminded


def _remind_owners(labels: list[Label], *, today: date) -> None:
    owners = account_selectors.owners_of({label.organization_id for label in labels})
    reminders = []
    for label in labels:
        reminders += [
            Notice(
                recipient=owner,
                message=notices.expiry_reminder(valid_until=label.valid_until, today=today),
                url=reverse("certification:label_detail", args=[label.code]),
                subject=notices.expiry_reminder_subject(valid_until=label.valid_until),
                action=gettext_lazy("Apply again"),
            )
            for owner in owners[label.organization_id]
        ]
    notify_each(kind=NotificationKind.LABEL_EXPIRY_REMINDER, notices=reminders)


def due_reminder(*, days: list[int], left: int) -> int | None:
    """Of reminders sent `days` before a date, the one due with `left` days to go: the
    nearest such day the date is within (none once the date has passed)."""
    if left < 0:
        return None
    return next((before for before in sorted(days) if left <= before), None)


def _evidence_reminders_due(labels: list[Label], *, today: date) -> list[EvidenceLapseReminder]:
    """The evidence reminders due for these labels, not yet sent. Evidence accepted until the
    label's own end lapses with the label; its expiry reminder speaks for both."""
    days = settings.CERTIFICATION_EVIDENCE_REMINDER_DAYS
    snapshots = fact_selectors.current_facts_by_label(label.pk for label in labels)
    sent = set(
        EvidenceLapseReminder.objects.filter(label__in=labels).values_list(
            "label_id", "kind", "days_before", "valid_until"
        )
    )
    due = []
    for label in labels:
        facts = snapshots.get(label.pk)
        validity = fact_selectors.evidence_validity(facts) if facts else {}
        for kind, until in validity.items():
            before = due_reminder(days=days, left=(until - today).days)
            if until < label.valid_until and before and (label.pk, kind, before, until) not in sent:
                due.append(
                    EvidenceLapseReminder(
                        label=label, kind=kind, days_before=before, valid_until=until
                    )
                )
    return due


def evidence_lapse_reminders_send(*, today: date | None = None, batch_size: int = 500) -> int:
    """Remind the owners of current labels whose verified evidence lapses before the label's
    end, once for each number of days in CERTIFICATION_EVIDENCE_REMINDER_DAYS, to submit an
    evidence update; returns how many reminders were due (one per label and kind of
    evidence). Each is recorded, so a second run sends nothing. Batches of batch_size
    labels, each locked and with a fixed number of queries."""
    today = today or timezone.localdate()
    labels = Label.objects.filter(status__in=sorted(CURRENT_STATUSES)).order_by("pk")
    reminded, last_pk = 0, 0
    while True:
        with transaction.atomic():
            batch = list(labels.filter(pk__gt=last_pk).select_for_update()[:batch_size])
            if not batch:
                break
            due = _evidence_reminders_due(batch, today=today)
            EvidenceLapseReminder.objects.bulk_create(due)
            _remind_of_evidence(due, today=today)
        reminded += len(due)
        last_pk = batch[-1].pk
        if len(batch) < batch_size:
            break
    return reminded


def _remind_of_evidence(due: list[EvidenceLapseReminder], *, today: date) -> None:
    owners = account_selectors.owners_of({reminder.label.organization_id for reminder in due})
    url = reverse("certification:overview")
    notify_each(
        kind=NotificationKind.LABEL_EVIDENCE_REMINDER,
        notices=[
            Notice(
                recipient=owner,
                message=notices.evidence_lapse_reminder(
                    kind=reminder.kind, valid_until=reminder.valid_until, today=today
                ),
                url=url,
                subject=notices.evidence_lapse_subject(
                    kind=reminder.kind, valid_until=reminder.valid_until
                ),
                action=gettext_lazy("Submit an evidence update"),
            )
            for reminder in due
            for owner in owners[reminder.label.organization_id]
        ],
    )
