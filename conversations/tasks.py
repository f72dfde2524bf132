from celery import shared_task
from django.conf import settings
from django.utils import timezone

from conversations import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_message_emails(pending_email_ids: list[int]) -> int:
    """Email these messages now, to people who want an email for each; safe to run twice."""
    return services.message_emails_send(ids=pending_email_ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_message_digests() -> int:
    """Periodic: one email per person with the messages they have not read for a while (and
    any immediate email whose broker message was lost)."""
    return services.message_emails_send(
        due_before=timezone.now() - settings.CONVERSATIONS_DIGEST_AFTER
    )
