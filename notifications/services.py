"""Every write of notifications: telling people, marking read, emailing."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from core.tasks import enqueue_on_commit
from notifications.models import Notification


def notify(*, recipients: Iterable, kind: str, message: str, url: str = "") -> list[Notification]:
    """Tell people something in the app, and by email soon after the transaction commits."""
    return notify_each(
        kind=kind,
        notices=[(user, message, url) for user in {user.pk: user for user in recipients}.values()],
    )


def notify_each(*, kind: str, notices: Iterable[tuple]) -> list[Notification]:
    """Tell each person their own message, as notify does: (recipient, message, url) triples,
    in one insert and one email task whatever their number."""
    from notifications.tasks import send_notification_emails

    notifications = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, message=message, url=url)
        for user, message, url in notices
    )
    ids = [notification.pk for notification in notifications]
    if ids:
        enqueue_on_commit(send_notification_emails, ids)
    return notifications


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read: the given ones, or all of them."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def _email(notification: Notification) -> EmailMessage:
    return EmailMessage(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{notification.get_kind_display()}",
        body=f"{notification.message}\n\n{settings.SITE_URL}{notification.url or '/'}\n\n"
        "You receive this because you use Fairbid.",
        to=[notification.recipient.email],
    )


def notification_emails_send(
    *, ids: Iterable[int] | None = None, older_than: timedelta | None = None, limit: int = 200
) -> int:
    """Email notifications not emailed yet (these ids, or those pending for older_than) and
    mark each sent; returns how many were sent.

    The rows stay locked while their emails go out, so two workers never send the same one;
    an email is marked sent as soon as the server took it, so a failure halfway sends the rest
    on the next try and never repeats the first ones.
    """
    pending = Notification.objects.filter(emailed_at__isnull=True)
    if ids is not None:
        pending = pending.filter(pk__in=list(ids))
    if older_than is not None:
        pending = pending.filter(created_at__lte=timezone.now() - older_than)
    sent, failure = [], None
    with transaction.atomic():
        batch = list(
            pending.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .order_by("pk")[:limit]
        )
        try:
            with get_connection() as connection:
                for notification in batch:
                    connection.send_messages([_email(notification)])
                    notification.emailed_at = timezone.now()
                    sent.append(notification)
        except OSError as error:  # the mail server; what it took stays marked sent
            failure = error
        Notification.objects.bulk_update(sent, ["emailed_at"])
    if failure is not None:
        raise failure
    return len(sent)
