"""Every write of conversations: starting one, messages, reading, reports, moderation."""

from collections.abc import Sequence
from itertools import groupby

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from accounts.models import Organization, OrganizationKind, User
from conversations import rules, selectors
from conversations.models import (
    Conversation,
    Digest,
    EmailMode,
    EmailOutcome,
    EmailPreference,
    Message,
    MessageAttachment,
    MessageReport,
    PendingEmail,
    ReadMarker,
)
from core.exceptions import ApplicationError
from core.tasks import enqueue_on_commit
from core.text import header_safe, validate_paragraphs
from files.services import files_store
from marketplace import selectors as marketplace_selectors
from marketplace.models import Job


def _denied(message: str) -> ApplicationError:
    return ApplicationError(message, code="permission_denied")


def _starter_organization(*, job: Job, by: User, organization: Organization | None):
    """The provider organization a conversation is with, and whether the buyer side starts it."""
    if job.buyer_id == by.pk:
        if organization is None or organization.kind != OrganizationKind.PROVIDER:
            raise ApplicationError(
                _("Choose the provider to write to."), fields={"organization": _("Required.")}
            )
        return organization, True
    membership = account_selectors.provider_membership_for(user=by)
    visible = marketplace_selectors.jobs_visible_to(by).filter(pk=job.pk).exists()
    if membership is None or not visible:
        raise _denied(_("Only the buyer and providers who can see this job can write about it."))
    if organization is not None and organization.pk != membership.organization_id:
        raise _denied(_("You can write only for your own organization."))
    return membership.organization, False


@transaction.atomic
def conversation_start(
    *,
    job: Job,
    by: User,
    text: str,
    organization: Organization | None = None,
    uploads: Sequence = (),
) -> Conversation:
    """Start the conversation of a job with a provider organization, with a first message: a
    provider asks the buyer, or the buyer writes to a firm it invited or that bid. If the two
    already have a conversation, the message goes there."""
    job = Job.objects.select_for_update(of=("self",)).select_related("awarded_bid").get(pk=job.pk)
    organization, by_buyer = _starter_organization(job=job, by=by, organization=organization)
    existing = job.conversations.filter(organization=organization).first()
    if existing is None:
        refusal = rules.may_start(
            job_status=job.status,
            awarded_organization_id=job.awarded_bid.organization_id if job.awarded_bid_id else None,
            organization_id=organization.pk,
            by_buyer=by_buyer,
            invited_or_bid=by_buyer
            and selectors.may_start_with(job=job, organization=organization),
        )
        if refusal:
            raise ApplicationError(refusal, code="invalid_transition")
        existing = Conversation.objects.create(job=job, organization=organization, started_by=by)
    message_post(conversation=existing, by=by, text=text, uploads=uploads)
    return existing


def _locked_for_writing(conversation: Conversation, by: User) -> Conversation:
    conversation = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("job__awarded_bid")
        .get(pk=conversation.pk)
    )
    side = selectors.side_of(conversation=conversation, user=by)
    if side not in (selectors.BUYER, selectors.PROVIDER):
        raise _denied(_("Only the people in this conversation can write in it."))
    reason = selectors.closed_reason(conversation=conversation)
    if reason:
        raise ApplicationError(reason, code="invalid_transition")
    return conversation


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    limit = settings.CONVERSATIONS_MESSAGE_MAX_LENGTH
    if len(text) > limit:
        raise ApplicationError(
            _("Please keep a message under %(limit)s characters.") % {"limit": f"{limit:,}"},
            fields={"text": _("Too long.")},
        )
    _refuse_control_characters(text, field="text")
    return text


def _refuse_control_characters(text: str, *, field: str) -> None:
    try:
        validate_paragraphs(text)
    except ValidationError as error:
        message = " ".join(error.messages)
        raise ApplicationError(message, fields={field: message}) from error


@transaction.atomic
def message_post(
    *, conversation: Conversation, by: User, text: str, uploads: Sequence = ()
) -> Message:
    """Write a message (text, files or both); the others hear of it by email as each likes."""
    conversation = _locked_for_writing(conversation, by)
    text = _clean_text(text)
    if not text and not uploads:
        message = _("Write a message or attach a file.")
        raise ApplicationError(message, fields={"text": message})
    message = Message.objects.create(conversation=conversation, author=by, text=text)
    stored = files_store(uploads=uploads, by=by) if uploads else []
    MessageAttachment.objects.bulk_create(
        MessageAttachment(message=message, file=stored_file) for stored_file in stored
    )
    conversation.last_message_at = message.created_at
    conversation.save(update_fields=["last_message_at"])
    _mark_read(conversation=conversation, user=by, upto=message.pk)
    _queue_emails(conversation=conversation, message=message)
    return message


def _queue_emails(*, conversation: Conversation, message: Message) -> None:
    """Write who must hear of the message by email, in this transaction; immediate emails are
    queued once it commits, digests wait for the periodic task."""
    others = [
        person
        for person in selectors.participants(conversation=conversation)
        if person.pk != message.author_id
    ]
    modes = selectors.email_modes_of(users=others)
    pending = PendingEmail.objects.bulk_create(
        PendingEmail(recipient=person, message=message, mode=modes[person.pk])
        for person in others
        if modes[person.pk] != EmailMode.NONE
    )
    immediate = [email.pk for email in pending if email.mode == EmailMode.IMMEDIATE]
    if immediate:
        from conversations.tasks import send_message_emails

        enqueue_on_commit(send_message_emails, immediate)


def _locked_own_message(message: Message, by: User) -> Message:
    message = (
        Message.objects.select_for_update(of=("self",))
        .select_related("conversation__job__awarded_bid")
        .get(pk=message.pk)
    )
    if message.author_id != by.pk:
        raise _denied(_("Only the author of a message can change it."))
    if not message.is_visible:
        raise ApplicationError(
            _("This message was withdrawn or hidden and cannot change."),
            code="invalid_transition",
        )
    window = settings.CONVERSATIONS_EDIT_WINDOW
    if not rules.still_changeable(sent_at=message.created_at, now=timezone.now(), window=window):
        raise ApplicationError(
            _("A message can be changed only within %(minutes)d minutes of sending it.")
            % {"minutes": window.total_seconds() // 60},
            code="invalid_transition",
        )
    reason = selectors.closed_reason(conversation=message.conversation)
    if reason:
        raise ApplicationError(reason, code="invalid_transition")
    return message


@transaction.atomic
def message_edit(*, message: Message, by: User, text: str) -> Message:
    """The author corrects a message shortly after sending it; it shows as edited."""
    message = _locked_own_message(message, by)
    text = _clean_text(text)
    if not text and not message.attachments.exists():
        raise ApplicationError(
            _("A message needs text; withdraw it instead."), fields={"text": _("Required.")}
        )
    message.text = text
    message.edited_at = timezone.now()
    message.save(update_fields=["text", "edited_at"])
    return message


@transaction.atomic
def message_withdraw(*, message: Message, by: User) -> Message:
    """The author takes a message back shortly after sending it; the thread says so."""
    message = _locked_own_message(message, by)
    message.withdrawn_at = timezone.now()
    message.save(update_fields=["withdrawn_at"])
    return message


def _mark_read(*, conversation: Conversation, user: User, upto: int) -> None:
    updated = ReadMarker.objects.filter(
        conversation=conversation, user=user, last_read_id__lt=upto
    ).update(last_read_id=upto)
    if updated:
        return
    try:
        with transaction.atomic():
            ReadMarker.objects.get_or_create(
                conversation=conversation, user=user, defaults={"last_read_id": upto}
            )
    except IntegrityError:  # created meanwhile by another request of the same person
        ReadMarker.objects.filter(
            conversation=conversation, user=user, last_read_id__lt=upto
        ).update(last_read_id=upto)


@transaction.atomic
def conversation_mark_read(*, conversation: Conversation, user: User) -> None:
    """Everything in the conversation so far is read by this participant (it was shown)."""
    side = selectors.side_of(conversation=conversation, user=user)
    if side not in (selectors.BUYER, selectors.PROVIDER):
        return  # staff looking at a reported conversation read nothing for anyone
    latest = selectors.latest_message_id(conversation=conversation)
    if latest:
        _mark_read(conversation=conversation, user=user, upto=latest)


@transaction.atomic
def message_report(*, message: Message, by: User, reason: str) -> MessageReport:
    """A participant reports a message to staff, who may then read the conversation."""
    message = Message.objects.select_related("conversation__job").get(pk=message.pk)
    side = selectors.side_of(conversation=message.conversation, user=by)
    if side not in (selectors.BUYER, selectors.PROVIDER):
        raise _denied(_("Only the people in this conversation can report its messages."))
    if message.author_id == by.pk:
        raise ApplicationError(_("You cannot report your own message; withdraw it instead."))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Say what is wrong with this message."), fields={"reason": _("Required.")}
        )
    if len(reason) > 2000:
        raise ApplicationError(
            _("Please keep the reason under 2,000 characters."), fields={"reason": _("Too long.")}
        )
    _refuse_control_characters(reason, field="reason")
    report = MessageReport(message=message, reported_by=by, reason=reason)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        raise ApplicationError(_("You already reported this message.")) from error
    return report


@transaction.atomic
def message_hide(*, message: Message, by: User, reason: str) -> Message:
    """Staff hide a reported message, with a reason; the thread shows that it was hidden."""
    if not by.is_staff:
        raise _denied(_("Only staff can hide messages."))
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.hidden_at is not None:
        raise ApplicationError(_("This message is already hidden."), code="invalid_transition")
    if not message.reports.exists():
        raise ApplicationError(_("Only a reported message can be hidden."))
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("Say why the message is hidden."), fields={"reason": _("Required.")}
        )
    message.hidden_at = timezone.now()
    message.hidden_by = by
    message.hidden_reason = reason
    message.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return message


@transaction.atomic
def email_preference_set(*, user: User, mode: str) -> EmailPreference:
    if mode not in EmailMode.values:
        raise ApplicationError(_("Choose one of the options."), fields={"mode": _("Invalid.")})
    preference, _created = EmailPreference.objects.update_or_create(
        user=user, defaults={"mode": mode}
    )
    return preference


# --- Emails ----------------------------------------------------------------------------------


def _email(recipient: User, emails: list[PendingEmail]) -> EmailMessage:
    conversations = [
        (conversation, [email.message for email in group])
        for conversation, group in groupby(emails, key=lambda email: email.message.conversation)
    ]
    subject = (
        _("New message about “%(job)s”") % {"job": conversations[0][0].job}
        if len(emails) == 1
        else _("%(count)d new messages") % {"count": len(emails)}
    )
    body = render_to_string(
        "conversations/email/messages.txt",
        {"recipient": recipient, "conversations": conversations, "site_url": settings.SITE_URL},
    )
    return EmailMessage(
        subject=header_safe(f"{settings.EMAIL_SUBJECT_PREFIX}{subject}"),
        body=body,
        to=[recipient.email],
    )


def message_emails_send(*, ids=None, due_before=None, limit: int = 1000) -> int:
    """Email each recipient, in one email, the messages pending for them (these ids, or all
    written before due_before) that they have not read yet; record each row's outcome.
    Returns how many emails went out.

    The rows stay locked while their emails go out, so two workers never send the same one;
    each recipient's rows are marked as soon as the mail server took their email, so a failure
    halfway sends the rest on the next run and never repeats the first ones.
    """
    pending = PendingEmail.objects.filter(done_at__isnull=True)
    if ids is not None:
        pending = pending.filter(pk__in=list(ids))
    if due_before is not None:
        pending = pending.filter(created_at__lte=due_before)
    done, sent, failure = [], 0, None
    with transaction.atomic():
        batch = list(
            pending.select_for_update(skip_locked=True, of=("self",))
            .select_related(
                "recipient",
                "message__author",
                "message__conversation__job",
                "message__conversation__organization",
            )
            .order_by("recipient_id", "message__conversation_id", "message_id")[:limit]
        )
        read_upto = {
            (marker.user_id, marker.conversation_id): marker.last_read_id
            for marker in ReadMarker.objects.filter(
                user__in={email.recipient_id for email in batch},
                conversation__in={email.message.conversation_id for email in batch},
            )
        }
        now = timezone.now()
        try:
            with get_connection() as connection:
                for recipient, group in groupby(batch, key=lambda email: email.recipient):
                    group = list(group)
                    unread = []
                    for email in group:
                        message = email.message
                        email.done_at = now
                        if not message.is_visible:
                            email.outcome = EmailOutcome.NOT_SHOWN
                        elif (
                            read_upto.get((recipient.pk, message.conversation_id), 0) >= message.pk
                        ):
                            email.outcome = EmailOutcome.ALREADY_READ
                        else:
                            email.outcome = EmailOutcome.SENT
                            unread.append(email)
                    if unread:
                        connection.send_messages([_email(recipient, unread)])
                        digest = Digest.objects.create(recipient=recipient)
                        for email in unread:
                            email.digest = digest
                        sent += 1
                    done.extend(group)
        except OSError as error:  # the mail server; what it took stays marked sent
            failure = error
        PendingEmail.objects.bulk_update(done, ["done_at", "outcome", "digest"])
    if failure is not None:
        raise failure
    return sent
