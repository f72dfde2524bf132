from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from marketplace.models import Notification


def notify(*, recipients: Iterable, kind: str, message: str, url: str = "") -> list[Notification]:
    """Tell people something in the app, and by email once the transaction commits."""
    return notify_each(
        kind=kind,
        notices=[(user, message, url) for user in {user.pk: user for user in recipients}.values()],
    )


def notify_each(*, kind: str, notices: Iterable[tuple]) -> list[Notification]:
    """Tell each person their own message, as notify does: (recipient, message, url) triples,
    in one insert and one email task whatever their number."""
    from marketplace.tasks import send_notification_emails

    notifications = Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, message=message, url=url)
        for user, message, url in notices
    )
    ids = [notification.pk for notification in notifications]
    if ids:
        transaction.on_commit(lambda: send_notification_emails.delay(ids))
    return notifications


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read: the given ones, or all of them."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def notifications_mark_emailed(*, ids: Iterable[int]) -> None:
    Notification.objects.filter(pk__in=list(ids)).update(emailed_at=timezone.now())
