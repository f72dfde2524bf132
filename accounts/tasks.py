from celery import shared_task

from accounts import services
from core.outbox import SWEEP_AFTER


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int) -> int:
    """Email this invitation unless already sent, revoked or used; safe to run twice."""
    return services.invitation_emails_send(ids=[invitation_id])


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_pending_invitation_emails() -> int:
    """Periodic: email the invitations still unsent, such as those made while the broker was
    down."""
    return services.invitation_emails_send(older_than=SWEEP_AFTER)


@shared_task
def expire_invitations() -> int:
    return services.invitations_expire()
