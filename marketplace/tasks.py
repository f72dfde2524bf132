from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail

from marketplace import selectors
from marketplace.services.notifications import notifications_mark_emailed


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Email each notification not yet emailed; safe to run twice."""
    notifications = selectors.notifications_to_email(ids=notification_ids)
    messages = [
        (
            f"[Fairbid] {n.get_kind_display()}",
            f"{n.message}\n\n{settings.SITE_URL}{n.url or '/'}\n\n"
            "You receive this because you use Fairbid.",
            None,
            [n.recipient.email],
        )
        for n in notifications
    ]
    sent = send_mass_mail(messages, fail_silently=False)
    notifications_mark_emailed(ids=[n.pk for n in notifications])
    return sent
