"""The facts a label rests on, as a reviewer verified them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from certification.models.applications import Evidence, EvidenceKind
from certification.models.labels import Label
from core.models import AppendOnlyQuerySet


class VerifiedFacts(models.Model):
    """What a reviewer confirmed about a labelled organization: at approval, and again each
    time they accept a changed fact or fresh evidence. The newest row is the label's current
    snapshot; the older rows are its history (append-only). Public pages, the register, the
    API and the badge judge the label on this snapshot only, never on what an owner typed
    since."""

    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="verified_facts")
    country = CountryField()
    employee_count = models.PositiveIntegerField()
    local_ownership_percent = models.DecimalField(max_digits=5, decimal_places=2)
    lowest_monthly_wage = models.DecimalField(max_digits=12, decimal_places=2)
    wage_currency = models.CharField(max_length=3)
    living_wage_benchmark = models.DecimalField(max_digits=12, decimal_places=2)
    benchmark_currency = models.CharField(max_length=3)
    benchmark_source = models.CharField(max_length=300)
    benchmark_date = models.DateField(help_text=_("When the benchmark was published."))
    total_workers = models.PositiveIntegerField()
    impact_workers = models.PositiveIntegerField()
    code_signed_by = models.CharField(max_length=150)
    code_signed_on = models.DateField()
    payroll_evidence = models.ForeignKey(
        Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    payroll_valid_until = models.DateField(
        help_text=_("Set by the reviewer; at most the label's last day.")
    )
    workforce_evidence = models.ForeignKey(
        Evidence, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    workforce_valid_until = models.DateField(
        help_text=_("Set by the reviewer; at most the label's last day.")
    )
    reason = models.TextField(help_text=_("Why this snapshot was taken."))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verified_by_name = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "verified facts"
        indexes = [models.Index(fields=["label", "-created_at"], name="facts_by_label")]
        constraints = [
            models.CheckConstraint(
                condition=Q(impact_workers__lte=F("total_workers")),
                name="facts_impact_workers_within_total",
            ),
            models.CheckConstraint(
                condition=Q(local_ownership_percent__gte=0, local_ownership_percent__lte=100),
                name="facts_local_ownership_is_a_percentage",
            ),
        ]

    def __str__(self):
        return f"Verified facts of {self.label.code} ({self.created_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Verified facts are append-only; take a new snapshot instead.")
        super().save(*args, **kwargs)


class FactChangeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn (the profile matches the verified facts again)")


class FactChange(models.Model):
    """A verified fact the owner changed in the profile after approval. It does not change the
    label: the label is flagged "facts changed, awaiting verification" until a reviewer
    accepts the new values into the snapshot, or does not. At most one is pending for a
    label; further edits update it."""

    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="fact_changes")
    country = CountryField()
    employee_count = models.PositiveIntegerField()
    local_ownership_percent = models.DecimalField(max_digits=5, decimal_places=2)
    status = models.CharField(
        max_length=16, choices=FactChangeStatus.choices, default=FactChangeStatus.PENDING
    )
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["label"],
                condition=Q(status="pending"),
                name="one_pending_fact_change_per_label",
            ),
        ]

    def __str__(self):
        return f"Changed facts of {self.label.code} ({self.get_status_display()})"


class EvidenceLapseReminder(models.Model):
    """A reminder sent to a label's owner days_before a piece of verified evidence lapses;
    one per label, kind of evidence, number of days and lapse date, so each is sent once (and
    again only when accepted fresh evidence moves the date)."""

    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="evidence_reminders")
    kind = models.CharField(max_length=16, choices=EvidenceKind.choices)
    days_before = models.PositiveSmallIntegerField()
    valid_until = models.DateField(help_text=_("The evidence's last valid day it was about."))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["label", "kind", "days_before", "valid_until"],
                name="one_evidence_reminder_per_lapse",
            ),
        ]

    def __str__(self):
        return f"{self.label.code}: {self.kind}, {self.days_before} days before {self.valid_until}"
