"""Sending the emails that rows record as pending: each row is written, unsent, in the
transaction of the change it tells of, and sent here by a worker, so that neither a broker
outage nor a mail server failing halfway loses or repeats one."""

from collections.abc import Callable
from datetime import timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

# A row is queued for its email as its change commits; a periodic sweep sends those whose
# message the broker lost, once they are older than this (younger ones may still be on their way).
SWEEP_AFTER = timedelta(minutes=2)


def send_pending_emails(
    pending: QuerySet,
    *,
    email_for: Callable[[Model], EmailMessage | None],
    sent_field: str,
    limit: int = 200,
) -> int:
    """Email the pending rows (at most limit, oldest first) and set sent_field on each;
    returns how many were handled. email_for gives a row's email, or None for a row to mark
    handled without one (its recipient wants no email).

    The rows stay locked while their emails go out, so two workers never send the same one;
    a row is marked as soon as the server took its email, so a failure halfway sends the rest
    on the next try and never repeats the first ones.
    """
    sent: list[Model] = []
    failure = None
    with transaction.atomic():
        batch = list(
            pending.select_for_update(skip_locked=True, of=("self",)).order_by("pk")[:limit]
        )
        try:
            with get_connection() as connection:
                for row in batch:
                    email = email_for(row)
                    if email is not None:
                        connection.send_messages([email])
                    setattr(row, sent_field, timezone.now())
                    sent.append(row)
        except OSError as error:  # the mail server; what it took stays marked sent
            failure = error
        pending.model.objects.bulk_update(sent, [sent_field])
    if failure is not None:
        raise failure
    return len(sent)
