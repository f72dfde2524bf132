"""Emails to the person who raised a concern: an acknowledgement, then the outcome. Each is a
row written with the change it reports; a worker sends it and marks it sent, and a periodic
sweep sends what the broker lost, so an email is neither lost nor sent twice."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from certification import notices
from certification.models import ConcernEmail, ConcernEmailKind
from core.text import header_safe


def _message(email: ConcernEmail) -> EmailMessage:
    """The email in the language the concern was raised in."""
    concern = email.concern
    url = settings.SITE_URL + reverse("certification:label_detail", args=[concern.label.code])
    with translation.override(concern.language or settings.LANGUAGE_CODE):
        if email.kind == ConcernEmailKind.ACKNOWLEDGEMENT:
            subject = notices.concern_acknowledgement_subject(code=concern.label.code)
            body = notices.concern_acknowledgement(
                code=concern.label.code, answer_due=concern.answer_due, url=url
            )
        else:
            subject = notices.concern_outcome_subject(code=concern.label.code)
            body = notices.concern_outcome(
                code=concern.label.code, upheld=concern.is_upheld, url=url
            )
        return EmailMessage(
            subject=header_safe(f"{settings.EMAIL_SUBJECT_PREFIX}{subject}"),
            body=str(body),
            to=[concern.contact_email],
        )


def concern_emails_send(
    *, ids: Iterable[int] | None = None, older_than: timedelta | None = None, limit: int = 200
) -> int:
    """Send concern emails not sent yet (these ids, or those pending for older_than) and mark
    each sent; returns how many were sent. The rows stay locked while their emails go out,
    so two workers never send the same one; an email is marked sent as soon as the server
    took it, so a failure halfway sends the rest on the next try."""
    pending = ConcernEmail.objects.filter(sent_at__isnull=True)
    if ids is not None:
        pending = pending.filter(pk__in=list(ids))
    if older_than is not None:
        pending = pending.filter(created_at__lte=timezone.now() - older_than)
    sent, failure = [], None
    with transaction.atomic():
        batch = list(
            pending.select_for_update(skip_locked=True, of=("self",))
            .select_related("concern__label")
            .order_by("pk")[:limit]
        )
        try:
            with get_connection() as connection:
                for email in batch:
                    connection.send_messages([_message(email)])
                    email.sent_at = timezone.now()
                    sent.append(email)
        except OSError as error:  # the mail server; what it took stays marked sent
            failure = error
        ConcernEmail.objects.bulk_update(sent, ["sent_at"])
    if failure is not None:
        raise failure
    return len(sent)
