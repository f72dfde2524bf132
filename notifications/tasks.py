from celery import shared_task

from core.outbox import SWEEP_AFTER
from notifications import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Email these notifications unless already emailed; safe to run twice."""
    return services.notification_emails_send(ids=notification_ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_pending_notification_emails() -> int:
    """Periodic: email what is still pending, such as notifications queued while the broker
    was down."""
    return services.notification_emails_send(older_than=SWEEP_AFTER)
