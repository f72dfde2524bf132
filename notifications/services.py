"""Every write of notifications: telling people, marking read, emailing.

What a notification says is written in its recipient's language. Services pass their
message, subject and action as lazy text (gettext_lazy, or format_lazy around it with the
facts as parameters; core.formats' *_lazy functions for days and amounts); notify renders
each under the recipient's language and stores the result, so the page and the email read
the same and a later change of wording or language never rewrites what was said.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext

from accounts.selectors import language_of
from core.outbox import send_pending_emails
from core.tasks import enqueue_on_commit
from core.text import header_safe
from notifications import kinds
from notifications.models import Notification

Text = str | Promise


def _interpolate(template, values: dict) -> str:
    return str(template) % {name: str(value) for name, value in values.items()}


# interpolated(gettext_lazy("… %(job)s …"), {"job": job}): the %-formatted message, written
# when read (in the recipient's language), for messages in the %(name)s style.
interpolated = lazy(_interpolate, str)


@dataclass(frozen=True)
class Notice:
    """One person's notification before it is written in their language.

    message: what happened, with its facts. subject: the email's subject, saying what
    happened in a few words (the kind's name when empty). action: the label of the one link
    the email offers (to url)."""

    recipient: object
    message: Text
    url: str = ""
    subject: Text = ""
    action: Text = ""


def notify(
    *,
    recipients: Iterable,
    kind: str,
    message: Text,
    url: str = "",
    subject: Text = "",
    action: Text = "",
) -> list[Notification]:
    """Tell people something in the app, and by email soon after the transaction commits,
    each in their own language."""
    return notify_each(
        kind=kind,
        notices=[
            Notice(user, message, url, subject, action)
            for user in {user.pk: user for user in recipients}.values()
        ],
    )


def _written(kind: str, notice: Notice) -> Notification:
    with translation.override(language_of(notice.recipient)):
        return Notification(
            recipient=notice.recipient,
            kind=kind,
            message=str(notice.message),
            subject=str(notice.subject or kinds.label(kind))[:200],
            action=str(notice.action)[:100],
            url=notice.url,
        )


def notify_each(*, kind: str, notices: Iterable[Notice | tuple]) -> list[Notification]:
    """Tell each person their own message, as notify does: Notices (or (recipient, message,
    url) triples), in one insert and one email task whatever their number."""
    from notifications.tasks import send_notification_emails

    notifications = Notification.objects.bulk_create(
        _written(kind, notice if isinstance(notice, Notice) else Notice(*notice))
        for notice in notices
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


# Where an email tells its reader to change which emails they get.
EMAIL_SETTINGS_URL_NAME = "accounts:preferences"


def _site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _email(notification: Notification) -> EmailMultiAlternatives:
    """The notification's email, from templates, in its recipient's language: a greeting,
    what happened, one link to act on it, and where to change email settings."""
    recipient = notification.recipient
    with translation.override(language_of(recipient)):
        context = {
            "recipient": recipient,
            "notification": notification,
            "action_label": notification.action or gettext("Open on Fairbid"),
            "action_url": _site_url(reverse("notifications:open", args=[notification.pk])),
            "settings_url": _site_url(reverse(EMAIL_SETTINGS_URL_NAME)),
        }
        subject = notification.subject or notification.get_kind_display()
        email = EmailMultiAlternatives(
            subject=header_safe(f"{settings.EMAIL_SUBJECT_PREFIX}{subject}"),
            body=render_to_string("notifications/email/notification.txt", context),
            to=[recipient.email],
        )
        email.attach_alternative(
            render_to_string("notifications/email/notification.html", context), "text/html"
        )
    return email


def notification_emails_send(
    *, ids: Iterable[int] | None = None, older_than: timedelta | None = None, limit: int = 200
) -> int:
    """Email notifications not emailed yet (these ids, or those pending for older_than) and
    mark each sent (core.outbox: once, and never lost); returns how many were handled."""
    pending = Notification.objects.filter(emailed_at__isnull=True).select_related("recipient")
    if ids is not None:
        pending = pending.filter(pk__in=list(ids))
    if older_than is not None:
        pending = pending.filter(created_at__lte=timezone.now() - older_than)
    return send_pending_emails(
        pending,
        email_for=lambda notification: (
            _email(notification) if notification.recipient.notification_emails else None
        ),
        sent_field="emailed_at",
        limit=limit,
    )
