"""Reminding owners, before their label ends, to apply again."""

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
    Label,
    LabelExpiryReminder,
    NotificationKind,
)
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
