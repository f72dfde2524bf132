from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from core.fields import ParagraphsField
from files.models import StoredFile
from marketplace.models import Job


class Conversation(models.Model):
    """The private conversation of a job's buyer side (the buyer and their company's members)
    with one provider organization's members. Whether it is closed follows from the job
    (rules.closed_reason), so it reopens by itself when an award is declined."""

    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="conversations")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="conversations"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        verbose_name = _("conversation")
        constraints = [
            models.UniqueConstraint(
                fields=["job", "organization"], name="one_conversation_per_job_and_organization"
            ),
        ]

    def __str__(self):
        return f"{self.job} · {self.organization}"

    def get_absolute_url(self):
        return reverse("conversations:detail", kwargs={"pk": self.pk})


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = ParagraphsField(_("message"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Hidden by staff after a report: kept for the record, shown to nobody but staff.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hidden_reason = ParagraphsField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        indexes = [models.Index(fields=["conversation", "-id"], name="message_newest_first")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="message_hidden_with_a_reason",
            ),
        ]

    def __str__(self):
        return self.text[:80] or str(_("(files only)"))

    @property
    def is_visible(self) -> bool:
        """Shown to the participants: neither withdrawn by its author nor hidden by staff."""
        return self.withdrawn_at is None and self.hidden_at is None


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.OneToOneField(StoredFile, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return str(self.file)


class ReadMarker(models.Model):
    """How far one person has read one conversation: every message up to last_read_id."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="read_markers"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="one_read_marker_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.user} read {self.conversation} up to {self.last_read_id}"


class MessageReport(models.Model):
    """A participant's report of a message to staff."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = ParagraphsField(_("reason"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reported message")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reported_by"], name="one_report_per_message_and_person"
            ),
        ]

    def __str__(self):
        return f"{self.reported_by}: {self.reason[:60]}"


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("An email for each message")
    DIGEST = "digest", _("One digest of unread messages every few minutes")
    NONE = "none", _("No emails about messages")


class EmailPreference(models.Model):
    """How a person likes to hear of new messages; without a row, digests."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_emails"
    )
    mode = models.CharField(
        _("emails about messages"),
        max_length=16,
        choices=EmailMode.choices,
        default=EmailMode.DIGEST,
    )

    def __str__(self):
        return f"{self.user}: {self.mode}"


class Digest(models.Model):
    """One email sent to one person about new messages (one message when immediate)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.recipient} at {self.sent_at:%Y-%m-%d %H:%M}"


class EmailOutcome(models.TextChoices):
    SENT = "sent", _("Sent")
    ALREADY_READ = "already_read", _("Read before the email was due")
    NOT_SHOWN = "not_shown", _("Withdrawn or hidden before the email was due")


class PendingEmail(models.Model):
    """A message one recipient may need to hear of by email, written in the transaction that
    posts the message; a worker sends it (alone or in a digest) and records the outcome, so a
    lost broker message is caught up by the sweep and a re-run sends nothing twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=16, choices=EmailMode.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=EmailOutcome.choices, blank=True)
    digest = models.ForeignKey(
        Digest, on_delete=models.SET_NULL, null=True, blank=True, related_name="emails"
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(done_at__isnull=True),
                name="pending_message_email",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "message"], name="one_email_per_message_and_recipient"
            ),
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, outcome="")
                | (Q(done_at__isnull=False) & ~Q(outcome="")),
                name="pending_email_done_with_an_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.message_id} for {self.recipient}: {self.outcome or 'pending'}"
