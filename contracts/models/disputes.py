"""Disputes over a milestone or over an hourly week's hours: opened by either party with a
reason and evidence, answered by the other side within a set time, decided by a mediator
(never a member of either party)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contracts.models.contracts import MONEY, Milestone
from contracts.models.hourly import Timesheet
from core.fields import ParagraphsField


class Side(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    PROVIDER = "provider", _("Provider")


class Outcome(models.TextChoices):
    RELEASE = "release", _("Released to the provider")
    REFUND = "refund", _("Refunded to the buyer")
    SPLIT = "split", _("Split between them")


class Dispute(models.Model):
    # What is disputed: a milestone's money held in escrow, or the hours of a disputed week
    # (whose amount is not yet due: the decision says how much of it becomes due).
    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, null=True, blank=True, related_name="disputes"
    )
    timesheet = models.ForeignKey(
        Timesheet, on_delete=models.PROTECT, null=True, blank=True, related_name="disputes"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_by_side = models.CharField(max_length=10, choices=Side.choices)
    reason = ParagraphsField(_("reason"), max_length=10_000)
    opened_at = models.DateTimeField(auto_now_add=True)
    answer_due = models.DateTimeField()
    answer = models.TextField(_("answer"), blank=True, max_length=10_000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    # The price's share each side receives; the premium follows the provider's share.
    to_provider = models.DecimalField(null=True, blank=True, **MONEY)
    to_buyer = models.DecimalField(null=True, blank=True, **MONEY)
    premium_to_provider = models.DecimalField(null=True, blank=True, **MONEY)
    premium_to_buyer = models.DecimalField(null=True, blank=True, **MONEY)
    decision_note = models.TextField(blank=True, max_length=4000)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("dispute")
        permissions = [("decide_dispute", "Can take and decide disputes")]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone"],
                condition=Q(decided_at__isnull=True),
                name="one_open_dispute_per_milestone",
            ),
            models.UniqueConstraint(
                fields=["timesheet"],
                condition=Q(decided_at__isnull=True),
                name="one_open_dispute_per_timesheet",
            ),
            models.CheckConstraint(
                condition=Q(milestone__isnull=False, timesheet__isnull=True)
                | Q(milestone__isnull=True, timesheet__isnull=False),
                name="dispute_over_a_milestone_or_a_week",
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True)
                | (
                    ~Q(outcome="")
                    & Q(mediator__isnull=False, to_provider__gte=0, to_buyer__gte=0)
                    & Q(premium_to_provider__gte=0, premium_to_buyer__gte=0)
                ),
                name="dispute_decided_with_outcome_and_amounts",
            ),
        ]

    def __str__(self):
        return str(_("Dispute over %(milestone)s") % {"milestone": self.subject})

    @property
    def subject(self) -> Milestone | Timesheet:
        return self.milestone or self.timesheet

    @property
    def contract(self):
        return self.subject.contract

    @property
    def is_open(self) -> bool:
        return self.decided_at is None


class DisputeFile(models.Model):
    """Evidence for a dispute, from either side: for the parties and the mediator."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="files")
    file = models.OneToOneField("files.StoredFile", on_delete=models.PROTECT, related_name="+")
    added_by_side = models.CharField(max_length=10, choices=Side.choices)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return str(self.file)
