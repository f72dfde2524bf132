"""The label: its status, history and reminders."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from certification import codes
from core.models import HistoryEvent, TimeStampedModel


class LabelStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRING = "expiring", _("Expiring")
    TRANSITION = "transition", _("In transition (country graduated)")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


# What buyers' "certified only" filters mean: labels in force, including those whose country
# graduated from eligibility, which stay valid through their transition period.
CERTIFIED_STATUSES = frozenset({LabelStatus.ACTIVE, LabelStatus.EXPIRING, LabelStatus.TRANSITION})
# A label in one of these is the organization's current label; it holds at most one.
CURRENT_STATUSES = frozenset(
    {LabelStatus.ACTIVE, LabelStatus.EXPIRING, LabelStatus.TRANSITION, LabelStatus.SUSPENDED}
)


def new_label_code() -> str:
    """A public code people can read out and type, such as FB-7K3Q-92XD (see
    certification.codes). Labels granted before keep their older 22-character codes."""
    return codes.new_code()


class SuspensionCause(models.TextChoices):
    """Why a label is suspended, which decides what lifts the suspension."""

    DATA = "data", "The World Bank's data (lifted by the nightly check)"
    EVIDENCE = "evidence", "Lapsed evidence (lifted by a renewed approval)"
    FINDING = "finding", "A finding (lifted when a reviewer closes it)"
    FACTS = "facts", "A changed fact a reviewer accepted (lifted by a reviewer's acceptance)"
    REVIEWER = "reviewer", "A reviewer's decision (lifted by a reviewer, with a note)"


class Label(TimeStampedModel):
    """Fairbid's social label held by a provider organization.

    Its status changes only through certification.services.labels.label_transition (and the
    nightly recompute, which shares its core), each change writing a LabelEvent.
    """

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="labels"
    )
    code = models.CharField(max_length=32, unique=True, default=new_label_code, editable=False)
    status = models.CharField(
        max_length=16, choices=LabelStatus.choices, default=LabelStatus.ACTIVE
    )
    valid_from = models.DateField()
    valid_until = models.DateField(help_text=_("The last day the label is valid."))
    transition_until = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "In transition: the last day of the grace period after the country graduated "
            "(the label's end or CERTIFICATION_TRANSITION_MONTHS, whichever is later)."
        ),
    )
    last_checked_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(blank=True)
    suspension_cause = models.CharField(max_length=16, choices=SuspensionCause.choices, blank=True)
    auto_suspended = models.BooleanField(
        default=False,
        help_text=_(
            "Suspended by the nightly check, which lifts the suspension once every "
            "computed criterion holds again. A person's suspension is lifted only "
            "by a person."
        ),
    )

    class Meta:
        ordering = ["-valid_from", "-pk"]
        indexes = [models.Index(fields=["status", "valid_until"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(status__in=sorted(status.value for status in CURRENT_STATUSES)),
                name="one_current_label_per_organization",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("valid_from")),
                name="label_valid_until_after_valid_from",
            ),
            models.CheckConstraint(
                condition=Q(status__in=LabelStatus.values), name="label_status_known"
            ),
        ]

    def __str__(self):
        return f"Label {self.code} of {self.organization} ({self.get_status_display()})"


class LabelEvent(HistoryEvent):
    """One change of a label's status: from, to, why, and the person or task behind it
    (append-only)."""

    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(
        max_length=32, choices=LabelStatus.choices, blank=True, help_text=_("Blank when granted.")
    )
    to_status = models.CharField(max_length=32, choices=LabelStatus.choices)

    class Meta(HistoryEvent.Meta):
        indexes = [models.Index(fields=["label", "created_at"], name="label_event_by_label")]

    def __str__(self):
        return f"{self.label.code}: {self.from_status or 'granted'} → {self.to_status}"


class LabelExpiryReminder(models.Model):
    """A reminder sent to a label's owner days_before its last day; one per label, number of
    days and end date, so each is sent once (and again only if the end date moves)."""

    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="expiry_reminders")
    days_before = models.PositiveSmallIntegerField()
    valid_until = models.DateField(help_text=_("The label's last day the reminder was about."))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["label", "days_before", "valid_until"], name="one_reminder_per_label_end"
            ),
        ]

    def __str__(self):
        return f"{self.label.code}: {self.days_before} days before {self.valid_until}"


class NotificationKind(models.TextChoices):
    """Registered with the notifications app."""

    LABEL_APPLICATION = "label_application", _("Label application")
    LABEL_STATUS = "label_status", _("Your label's status changed")
    LABEL_EXPIRY_REMINDER = "label_expiry_reminder", _("Your label expires soon")
    LABEL_CONCERN = "label_concern", _("New concern about a label")
    LABEL_FACTS_CHANGED = "label_facts_changed", _("Changed facts await verification")
    LABEL_APPEAL = "label_appeal", _("Appeal of a certification decision")
    LABEL_EVIDENCE_REMINDER = "label_evidence_reminder", _("Your label's evidence lapses soon")
