"""Applications for the label, their evidence and their history."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from certification.models.labels import Label
from core.fields import ParagraphsField, SingleLineField
from core.models import HistoryEvent, TimeStampedModel
from files import content


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


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
        _("lowest full-time monthly wage"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Before tax, in the local currency, for a full-time worker."),
    )
    wage_currency = models.CharField(
        _("currency of the wage"), max_length=3, blank=True, help_text=_("ISO 4217, e.g. UGX, KES.")
    )
    # Impact workforce
    total_workers = models.PositiveIntegerField(null=True, blank=True)
    impact_workers = models.PositiveIntegerField(
        _("impact workers"),
        null=True,
        blank=True,
        help_text=_(
            "Workers who were long-term unemployed, below the poverty line, or "
            "from another disadvantaged group before joining."
        ),
    )
    impact_description = ParagraphsField(
        _("who your impact workers are"), max_length=4000, blank=True
    )
    # Labour practices
    code_signed_by = SingleLineField(_("code signed by (name)"), max_length=150, blank=True)
    code_signed_at = models.DateTimeField(null=True, blank=True)
    # Recorded by the reviewer
    living_wage_benchmark = models.DecimalField(
        _("local living-wage benchmark (monthly)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    benchmark_currency = models.CharField(max_length=3, blank=True)
    benchmark_source = models.CharField(
        max_length=300, blank=True, help_text=_("Where the benchmark comes from.")
    )
    benchmark_date = models.DateField(
        null=True, blank=True, help_text=_("When the benchmark was published.")
    )
    payroll_valid_until = models.DateField(
        _("payroll evidence accepted until"),
        null=True,
        blank=True,
        help_text=_("You decide; the provider's date is a proposal. At most the label's end."),
    )
    workforce_valid_until = models.DateField(
        _("workforce evidence accepted until"),
        null=True,
        blank=True,
        help_text=_("You decide; the provider's date is a proposal. At most the label's end."),
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
    reviewer_note = models.TextField(blank=True, help_text=_("The latest note to the provider."))
    label = models.ForeignKey(
        Label,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        help_text=_("The label this application granted or renewed."),
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
    PAYROLL = "payroll", _("Payroll summary (fair pay)")
    WORKFORCE = "workforce", _("Impact workforce records")


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
    valid_until = models.DateField(help_text=_("The last day this document speaks for."))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name_plural = _("evidence")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def download_name(self) -> str:
        """The name it is downloaded under: the uploaded one, made safe, with the extension of
        what its content is (a PDF is a .pdf whatever it was called)."""
        return content.clean_name(
            self.original_name, content.ALLOWED[self.content_type], max_length=200
        )


class ApplicationEvent(HistoryEvent):
    """One change of an application's status: each decision, who made it, when and why
    (append-only)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=32, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=ApplicationStatus.choices)

    def __str__(self):
        return f"{self.application}: {self.from_status or '—'} → {self.to_status}"
