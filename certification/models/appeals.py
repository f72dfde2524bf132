"""Appeals: a provider organization asks a different reviewer to look again at a decision
that went against it (a rejected application, a reviewer's suspension, a revocation)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certification.models.applications import ApplicationEvent
from certification.models.labels import LabelEvent
from core.fields import ParagraphsField
from core.models import HistoryEvent, TimeStampedModel
from files.models import StoredFile


class AppealSubject(models.TextChoices):
    REJECTION = "rejection", _("The rejection of an application")
    SUSPENSION = "suspension", _("A reviewer's suspension of the label")
    REVOCATION = "revocation", _("The revocation of the label")


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Decision upheld")
    OVERTURNED = "overturned", _("Decision overturned")


class Appeal(TimeStampedModel):
    """An organization's appeal of one decision, lodged once within
    CERTIFICATION_APPEAL_DAYS of it and decided by another reviewer through
    certification.services.appeals. The decision is the history row that recorded it."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="label_appeals"
    )
    subject = models.CharField(max_length=16, choices=AppealSubject.choices)
    # Exactly one of these two: the application's rejection or the label's suspension or
    # revocation. One-to-one, so a decision is appealed once.
    application_event = models.OneToOneField(
        ApplicationEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="appeal"
    )
    label_event = models.OneToOneField(
        LabelEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="appeal"
    )
    statement = ParagraphsField(_("why the decision is wrong"), max_length=5000)
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(application_event__isnull=True, label_event__isnull=False)
                | Q(application_event__isnull=False, label_event__isnull=True),
                name="appeal_of_exactly_one_decision",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AppealStatus.values), name="appeal_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status=AppealStatus.OPEN, decided_at__isnull=True)
                | (~Q(status=AppealStatus.OPEN) & Q(decided_at__isnull=False)),
                name="appeal_decided_when_not_open",
            ),
        ]

    def __str__(self):
        return f"Appeal #{self.pk} of {self.organization} ({self.get_status_display()})"

    @property
    def decision(self):
        """The history row of the decision appealed."""
        return self.application_event or self.label_event


class AppealFile(models.Model):
    """A file the organization sent with its appeal; members and reviewers download it."""

    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="files")
    file = models.OneToOneField(StoredFile, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return str(self.file)


class AppealEvent(HistoryEvent):
    """One change of an appeal's status (append-only)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=32, choices=AppealStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=AppealStatus.choices)

    def __str__(self):
        return f"Appeal #{self.appeal_id}: {self.from_status or '—'} → {self.to_status}"
