from celery import shared_task
from django.core.mail import send_mail
from django.template.loader import render_to_string

from accounts import selectors, services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int) -> None:
    invitation = selectors.invitation_for_email(invitation_id=invitation_id)
    if invitation is None:
        return
    context = {"invitation": invitation, "accept_url": selectors.absolute_url(invitation)}
    send_mail(
        subject=f"[Fairbid] You are invited to join {invitation.organization}",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    services.invitation_mark_sent(invitation=invitation)


@shared_task
def expire_invitations() -> int:
    return services.invitations_expire()
