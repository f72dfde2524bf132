"""Certification's data: the World Bank's country income classifications and the label.

Applications for the label, their evidence and reviewers' decisions live at the end.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q

from core.models import TimeStampedModel

# --- Country income data ------------------------------------------------------------------


class IncomeGroup(models.TextChoices):
    """The World Bank's income groups. An unclassified economy has a blank group."""

    LOW = "low", "Low income"
    LOWER_MIDDLE = "lower_middle", "Lower middle income"
    UPPER_MIDDLE = "upper_middle", "Upper middle income"
    HIGH = "high", "High income"


class LendingCategory(models.TextChoices):
    IDA = "IDA", "IDA"
    IBRD = "IBRD", "IBRD"
    BLEND = "Blend", "Blend"


class Economy(models.Model):
    """A country or territory the World Bank classifies, named by the newest year loaded."""

    iso3 = models.CharField("World Bank code", max_length=3, unique=True)
    iso2 = models.CharField(
        "ISO alpha-2 code",
        max_length=2,
        blank=True,
        help_text="Blank where ISO 3166 has no code, as for the Channel Islands.",
    )
    name = models.CharField(max_length=120)
    region = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "economies"
        constraints = [
            models.UniqueConstraint(
                fields=["iso2"], condition=~Q(iso2=""), name="economy_iso2_unique_when_set"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.iso3})"


class CountryIncomeLoad(models.Model):
    """One load of a classification file that changed something."""

    source = models.CharField(max_length=255)
    fiscal_year = models.PositiveSmallIntegerField()
    row_count = models.PositiveIntegerField()
    economies_created = models.PositiveIntegerField(default=0)
    classifications_created = models.PositiveIntegerField(default=0)
    classifications_updated = models.PositiveIntegerField(default=0)
    income_group_changes = models.PositiveIntegerField(default=0)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-pk"]

    def __str__(self):
        return f"FY{self.fiscal_year} from {self.source}"


class IncomeClassification(models.Model):
    """An economy's income group and lending category in one World Bank fiscal year."""

    economy = models.ForeignKey(Economy, on_delete=models.CASCADE, related_name="classifications")
    fiscal_year = models.PositiveSmallIntegerField(help_text="2026 for FY2026.")
    income_group = models.CharField(
        max_length=16, choices=IncomeGroup.choices, blank=True, help_text="Blank: unclassified."
    )
    lending_category = models.CharField(max_length=8, choices=LendingCategory.choices, blank=True)
    load = models.ForeignKey(
        CountryIncomeLoad,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="classifications",
    )

    class Meta:
        ordering = ["economy__name", "-fiscal_year"]
        indexes = [models.Index(fields=["fiscal_year", "income_group"])]
        constraints = [
            models.UniqueConstraint(
                fields=["economy", "fiscal_year"], name="one_classification_per_economy_and_year"
            ),
            models.CheckConstraint(
                condition=Q(income_group__in=[*IncomeGroup.values, ""]),
                name="income_classification_group_known",
            ),
        ]

    def __str__(self):
        group = self.get_income_group_display() or "unclassified"
        return f"{self.economy.name}, FY{self.fiscal_year}: {group}"


class IncomeGroupChange(models.Model):
    """An economy's income group differs from the one it had in the previous year loaded."""

    economy = models.ForeignKey(Economy, on_delete=models.CASCADE, related_name="group_changes")
    from_year = models.PositiveSmallIntegerField()
    to_year = models.PositiveSmallIntegerField()
    old_group = models.CharField(max_length=16, choices=IncomeGroup.choices, blank=True)
    new_group = models.CharField(max_length=16, choices=IncomeGroup.choices, blank=True)
    load = models.ForeignKey(
        CountryIncomeLoad,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-to_year", "economy__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["economy", "from_year", "to_year"], name="one_group_change_per_year_pair"
            ),
            models.CheckConstraint(
                condition=Q(to_year__gt=F("from_year")), name="group_change_goes_forward"
            ),
        ]

    def __str__(self):
        return (
            f"{self.economy.name}: {self.old_group_label} (FY{self.from_year}) → "
            f"{self.new_group_label} (FY{self.to_year})"
        )

    @property
    def old_group_label(self):
        return self.get_old_group_display() or "unclassified"

    @property
    def new_group_label(self):
        return self.get_new_group_display() or "unclassified"


# --- The label ----------------------------------------------------------------------------


class LabelStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    EXPIRING = "expiring", "Expiring"
    EXPIRED = "expired", "Expired"
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"


# What buyers' "certified only" filters mean.
CERTIFIED_STATUSES = frozenset({LabelStatus.ACTIVE, LabelStatus.EXPIRING})
# A label in one of these is the organization's current label; it holds at most one.
CURRENT_STATUSES = frozenset({LabelStatus.ACTIVE, LabelStatus.EXPIRING, LabelStatus.SUSPENDED})


def new_label_code() -> str:
    """A public, unguessable, URL-safe code: 22 characters carrying 128 random bits."""
    return secrets.token_urlsafe(16)


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
    valid_until = models.DateField(help_text="The last day the label is valid.")
    last_checked_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(blank=True)
    auto_suspended = models.BooleanField(
        default=False,
        help_text="Suspended by the nightly check, which lifts the suspension once every "
        "computed criterion holds again. A person's suspension is lifted only by a person.",
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

    @property
    def is_certified(self) -> bool:
        return self.status in CERTIFIED_STATUSES


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Label history is append-only; it cannot be updated.")

    def delete(self):
        raise TypeError("Label history is append-only; it cannot be deleted.")


class LabelEvent(models.Model):
    """One change of a label's status: from, to, why, and the person or task behind it.

    Append-only: rows are only ever inserted.
    """

    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(
        max_length=16, choices=LabelStatus.choices, blank=True, help_text="Blank when granted."
    )
    to_status = models.CharField(max_length=16, choices=LabelStatus.choices)
    reason = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_task = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["label", "created_at"])]

    def __str__(self):
        return f"{self.label.code}: {self.from_status or 'granted'} → {self.to_status}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Label history is append-only; an event cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Label history is append-only; an event cannot be deleted.")

    @property
    def actor_display(self) -> str:
        if self.actor_task:
            return self.actor_task
        return str(self.actor) if self.actor_id else "a deleted user"


# --- Applications for the label -----------------------------------------------------------


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


OPEN_APPLICATION_STATUSES = frozenset(
    {
        ApplicationStatus.DRAFT,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.CHANGES_REQUESTED,
    }
)
# What the provider may still edit; the rest belongs to the reviewers.
EDITABLE_APPLICATION_STATUSES = frozenset(
    {ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED}
)


class Application(TimeStampedModel):
    """A provider organization's application for the label: its answers to the verified
    criteria, with evidence, and the reviewer's record of the local living wage."""

    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="label_applications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=24, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    # Fair pay
    lowest_monthly_wage = models.DecimalField(
        "lowest full-time monthly wage",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Before tax, in the local currency, for a full-time worker.",
    )
    wage_currency = models.CharField(
        "currency of the wage", max_length=3, blank=True, help_text="ISO 4217, e.g. UGX, KES."
    )
    # Impact workforce
    total_workers = models.PositiveIntegerField(null=True, blank=True)
    impact_workers = models.PositiveIntegerField(
        "impact workers",
        null=True,
        blank=True,
        help_text="Workers who were long-term unemployed, below the poverty line, or from "
        "another disadvantaged group before joining.",
    )
    impact_description = models.TextField(
        "who your impact workers are", max_length=4000, blank=True
    )
    # Labour practices
    code_signed_by = models.CharField("code signed by (name)", max_length=150, blank=True)
    code_signed_at = models.DateTimeField(null=True, blank=True)
    # Recorded by the reviewer
    living_wage_benchmark = models.DecimalField(
        "local living-wage benchmark (monthly)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    benchmark_currency = models.CharField(max_length=3, blank=True)
    benchmark_source = models.CharField(
        max_length=300, blank=True, help_text="Where the benchmark comes from."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewer_note = models.TextField(blank=True, help_text="The latest note to the provider.")
    label = models.ForeignKey(
        Label,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        help_text="The label this application granted or renewed.",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "submitted_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(status__in=sorted(OPEN_APPLICATION_STATUSES)),
                name="one_open_application_per_organization",
            ),
            models.CheckConstraint(
                condition=Q(impact_workers__isnull=True)
                | Q(total_workers__isnull=True)
                | Q(impact_workers__lte=F("total_workers")),
                name="application_impact_workers_within_total",
            ),
            models.CheckConstraint(
                condition=Q(lowest_monthly_wage__isnull=True) | Q(lowest_monthly_wage__gt=0),
                name="application_wage_positive",
            ),
        ]

    def __str__(self):
        return f"Application #{self.pk} of {self.organization} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_APPLICATION_STATUSES

    @property
    def impact_percent(self):
        if not self.total_workers or self.impact_workers is None:
            return None
        return (Decimal(self.impact_workers) * 100 / self.total_workers).quantize(Decimal("0.01"))


class EvidenceKind(models.TextChoices):
    PAYROLL = "payroll", "Payroll summary (fair pay)"
    WORKFORCE = "workforce", "Impact workforce records"


def evidence_storage():
    return storages["evidence"]


def evidence_path(evidence, filename: str) -> str:
    # Never the uploaded name: paths must not be guessable, and files are never served by URL.
    return f"{evidence.application.organization_id}/{secrets.token_urlsafe(24)}"


class Evidence(models.Model):
    """A document backing a verified criterion, kept privately and valid until a date."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=16, choices=EvidenceKind.choices)
    file = models.FileField(storage=evidence_storage, upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    valid_until = models.DateField(help_text="The last day this document speaks for.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class ApplicationEvent(models.Model):
    """Append-only history of an application: each decision, who made it, when and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=24, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application}: {self.from_status or '—'} → {self.to_status}"


# --- Concerns the public raises about a label ---------------------------------------------


class ConcernStatus(models.TextChoices):
    OPEN = "open", "Open"
    UPHELD = "upheld", "Upheld"
    DISMISSED = "dismissed", "Dismissed"


class Concern(models.Model):
    """Someone's concern about a labelled organization, raised from the label's public page
    and decided by a reviewer through certification.services.concerns.concern_decide."""

    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="concerns")
    text = models.TextField("what is the concern", max_length=5000)
    evidence_url = models.URLField("link to evidence", max_length=500, blank=True)
    contact_email = models.EmailField()
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


# --- What certification tells people about ------------------------------------------------


class NotificationKind(models.TextChoices):
    """Registered with the notifications app."""

    LABEL_APPLICATION = "label_application", "Label application"
    LABEL_STATUS = "label_status", "Your label's status changed"
    LABEL_EXPIRY_REMINDER = "label_expiry_reminder", "Your label expires soon"
    LABEL_CONCERN = "label_concern", "New concern about a label"


# --- Reminders before a label's end ---------------------------------------------------------


class LabelExpiryReminder(models.Model):
    """A reminder sent to a label's owner days_before its last day; one per label, number of
    days and end date, so each is sent once (and again only if the end date moves)."""

    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="expiry_reminders")
    days_before = models.PositiveSmallIntegerField()
    valid_until = models.DateField(help_text="The label's last day the reminder was about.")
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
