"""Concerns the public raises about a label, and their history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certification.models.labels import Label
from core.fields import ParagraphsField
from core.models import HistoryEvent


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class Concern(models.Model):
    """Someone's concern about a labelled organization, raised from the label's public page
    and decided by a reviewer through certification.services.concerns.concern_decide."""

    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="concerns")
    text = ParagraphsField(_("what is the concern"), max_length=5000)
    evidence_url = models.URLField(_("link to evidence"), max_length=500, blank=True)
    contact_email = models.EmailField(
        blank=True, help_text=_("Optional: a concern may be anonymous.")
    )
    language = models.CharField(
        max_length=8, blank=True, help_text=_("The language it was raised in, for its emails.")
    )
    answer_due = models.DateField(
        null=True,
        blank=True,
        help_text=_("The organization may answer until this day, before a sanction."),
    )
    answer = ParagraphsField(_("the organization's answer"), max_length=5000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ConcernStatus.values), name="concern_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status=ConcernStatus.OPEN, decided_at__isnull=True)
                | (~Q(status=ConcernStatus.OPEN) & Q(decided_at__isnull=False)),
                name="concern_decided_when_not_open",
            ),
        ]

    def __str__(self):
        return f"Concern #{self.pk} about {self.label.code} ({self.get_status_display()})"

    @property
    def is_upheld(self) -> bool:
        return self.status == ConcernStatus.UPHELD


class ConcernEvent(HistoryEvent):
    """One change of a concern's status (append-only)."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=32, choices=ConcernStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=ConcernStatus.choices)

    def __str__(self):
        return f"Concern #{self.concern_id}: {self.from_status or '—'} → {self.to_status}"


class ConcernEmailKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
    OUTCOME = "outcome", _("Outcome")


class ConcernEmail(models.Model):
    """An email to the person who raised a concern (when they gave an address), written in
    the transaction that raised or decided it; certification.services.concern_emails sends
    it and marks it sent."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=16, choices=ConcernEmailKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True),
                name="concern_email_pending",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["concern", "kind"], name="one_concern_email_a_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of concern #{self.concern_id}"
