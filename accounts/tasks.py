from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from accounts import selectors, services
from core.text import header_safe


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int) -> None:
    invitation = selectors.invitation_for_email(invitation_id=invitation_id)
    if invitation is None:
        return
    # The invited person has no account yet: write in the language of the one who invites.
    with translation.override(selectors.language_of(invitation.invited_by)):
        context = {
            "invitation": invitation,
            "action_url": selectors.absolute_url(invitation),
            "action_label": gettext("Accept the invitation"),
        }
        email = EmailMultiAlternatives(
            subject=header_safe(
                settings.EMAIL_SUBJECT_PREFIX
                + gettext("You are invited to join {organization}").format(
                    organization=invitation.organization
                )
            ),
            body=render_to_string("accounts/email/invitation.txt", context),
            to=[invitation.email],
        )
        email.attach_alternative(
            render_to_string("accounts/email/invitation.html", context), "text/html"
        )
    email.send()
    services.invitation_mark_sent(invitation=invitation)


@shared_task
def expire_invitations() -> int:
    return services.invitations_expire()
