"""A contract made from an accepted award, and its milestones: the price in parts, each
funded, held, submitted, approved and released (or refunded, or disputed)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import ParagraphsField, SingleLineField
from core.models import HistoryEvent, TimeStampedModel

MONEY = {"max_digits": 12, "decimal_places": 2}


class ContractKind(models.TextChoices):
    FIXED = "fixed", _("Fixed price")
    HOURLY = "hourly", _("Hourly")


class ContractStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENDED = "ended", _("Ended early by agreement")


class Contract(TimeStampedModel):
    """What the buyer and the provider agreed when the award was accepted: the price, its
    currency and milestones, and the fair-trade premium the buyer added, if any."""

    job = models.OneToOneField("marketplace.Job", on_delete=models.PROTECT, related_name="contract")
    bid = models.OneToOneField("marketplace.Bid", on_delete=models.PROTECT, related_name="contract")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contracts_bought"
    )
    provider = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="contracts"
    )
    kind = models.CharField(max_length=16, choices=ContractKind.choices)
    currency = models.CharField(max_length=3)
    # The whole price of a fixed-price contract; the rate per hour of an hourly one.
    price = models.DecimalField(_("price"), **MONEY)
    premium_percent = models.DecimalField(
        _("fair-trade premium (%)"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    weekly_hour_limit = models.PositiveSmallIntegerField(null=True, blank=True)
    # Fairbid's fee on each amount released to the provider, as it was when the contract was
    # made (CONTRACTS_PLATFORM_FEE_PERCENT).
    platform_fee_percent = models.DecimalField(
        _("Fairbid's fee (%)"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    status = models.CharField(
        max_length=16, choices=ContractStatus.choices, default=ContractStatus.ACTIVE
    )
    # Ending early needs both sides: each side's agreement is kept until the other's comes.
    end_agreed_by_buyer_at = models.DateTimeField(null=True, blank=True)
    end_agreed_by_provider_at = models.DateTimeField(null=True, blank=True)
    end_reason = ParagraphsField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contract")
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="contract_price_positive"),
            models.CheckConstraint(
                condition=Q(premium_percent__gte=0, premium_percent__lte=20),
                name="contract_premium_zero_to_twenty_percent",
            ),
            models.CheckConstraint(
                condition=Q(platform_fee_percent__gte=0, platform_fee_percent__lt=100),
                name="contract_platform_fee_below_the_whole",
            ),
            models.CheckConstraint(
                condition=Q(kind="fixed", weekly_hour_limit__isnull=True)
                | Q(kind="hourly", weekly_hour_limit__gte=1),
                name="contract_hour_limit_only_when_hourly",
            ),
        ]

    def __str__(self):
        return str(_("Contract for “%(job)s”") % {"job": self.job})

    def get_absolute_url(self):
        return reverse("contracts:contract_detail", kwargs={"pk": self.pk})


class ContractEvent(HistoryEvent):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=32, choices=ContractStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=ContractStatus.choices)

    class Meta(HistoryEvent.Meta):
        indexes = [models.Index(fields=["contract", "created_at"], name="contract_event_by_row")]


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for funding")
    FUNDED = "funded", _("Funded")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    RELEASED = "released", _("Released")
    REFUNDED = "refunded", _("Refunded")
    DISPUTED = "disputed", _("Disputed")
    SPLIT = "split", _("Split by a mediator")
    CANCELLED = "cancelled", _("Cancelled")


# Money for these is held in escrow (funded and neither released nor refunded).
HELD_STATUSES = frozenset(
    {
        MilestoneStatus.FUNDED,
        MilestoneStatus.SUBMITTED,
        MilestoneStatus.CHANGES_REQUESTED,
        MilestoneStatus.APPROVED,
        MilestoneStatus.DISPUTED,
    }
)
FINISHED_STATUSES = frozenset(
    {
        MilestoneStatus.RELEASED,
        MilestoneStatus.REFUNDED,
        MilestoneStatus.SPLIT,
        MilestoneStatus.CANCELLED,
    }
)


class Milestone(TimeStampedModel):
    """A part of the price, funded by the buyer before the work on it starts. The premium is
    its own amount, funded and released beside the price, never mixed into it."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="milestones")
    position = models.PositiveSmallIntegerField()
    title = SingleLineField(_("title"), max_length=160)
    amount = models.DecimalField(_("amount"), **MONEY)
    premium = models.DecimalField(_("fair-trade premium"), default=Decimal("0"), **MONEY)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING
    )
    # The latest submission's moment: auto-approval counts from it.
    submitted_at = models.DateTimeField(null=True, blank=True)
    submission_round = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["contract", "position"]
        verbose_name = _("milestone")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "position"], name="milestone_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="contract_milestone_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(premium__gte=0), name="contract_milestone_premium_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(premium__lte=F("amount") * Decimal("0.2") + Decimal("0.01")),
                name="contract_milestone_premium_at_most_a_fifth",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def total(self):
        return self.amount + self.premium

    @property
    def currency(self):
        return self.contract.currency

    @property
    def is_held(self) -> bool:
        return self.status in HELD_STATUSES


class MilestoneEvent(HistoryEvent):
    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=32, choices=MilestoneStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=MilestoneStatus.choices)

    class Meta(HistoryEvent.Meta):
        indexes = [models.Index(fields=["milestone", "created_at"], name="milestone_event_by_row")]


class Submission(models.Model):
    """The provider's hand-over of a milestone's work, and the buyer's answer to it."""

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="submissions")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    message = ParagraphsField(_("message"), max_length=10_000)
    changes_requested = models.TextField(blank=True, max_length=10_000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return str(_("Submission of %(milestone)s") % {"milestone": self.milestone})


class SubmissionFile(models.Model):
    """A file of a submission: for the two parties (and a mediator deciding a dispute)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.OneToOneField("files.StoredFile", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return str(self.file)


class AutoApprovalReminder(models.Model):
    """The buyer was reminded, this many days before, that a submission approves itself;
    kept so that every run of the task reminds once per submission."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="reminders")
    submission_round = models.PositiveSmallIntegerField()
    days_before = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "submission_round", "days_before"],
                name="one_auto_approval_reminder_per_round_and_day",
            )
        ]

    def __str__(self):
        return f"{self.milestone}: {self.days_before} days"
